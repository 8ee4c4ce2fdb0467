// `aac migrate` names files after keys — a prompt `prompts/<key>.md`, an overlay
// `overlays/<env>/<key>.yaml` — and two keys that differ only in case would name one file on a
// case-insensitive file system (macOS, Windows): there the second write replaces the first. migrate
// refuses before writing anything, naming both keys and the fix.
import { existsSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, expect, test } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { testDir } from '../helpers/each-test.js';
import { writeFile } from './helpers.js';

let cwd: string;
const write = (rel: string, text: string) => writeFile(cwd, rel, text);
const aac = (argv: string[]) => runCli([...argv, '--no-color'], { cwd, env: { AAC_NAMESPACE: undefined, OPENAI_BASE_URL: undefined, OPENAI_API_KEY: undefined } });

beforeEach(() => {
  cwd = testDir('aac-migrate-case-');
  write('src/aac.yaml', 'environments:\n  prod: { endpoint: "https://prod.example.com/v1" }\n');
  // Keys a `key:` gives, each with an overlay: overlays/prod/Help.yaml and overlays/prod/help.yaml.
  write('src/one.yaml', 'model: gpt-4o\nname: One\nkey: Help\n');
  write('src/two.yaml', 'model: gpt-4o\nname: Two\nkey: help\n');
  write('src/overlays/prod/Help.yaml', 'metadata: { tier: gold }\n');
  write('src/overlays/prod/help.yaml', 'metadata: { tier: silver }\n');
  // Keys their paths give, each with a prompt file: prompts/X.md and prompts/x.md.
  write('src/X.yaml', 'model: gpt-4o\nname: X\ninstructions_file: p/upper.md\n');
  write('src/x.yaml', 'model: gpt-4o\nname: Y\ninstructions_file: p/lower.md\n');
  write('src/p/upper.md', 'Upper.\n');
  write('src/p/lower.md', 'Lower.\n');
});

test('files named after keys that differ only in case are refused before anything is written, naming both keys and the fix', async () => {
  const r = await aac(['migrate', '--to', 'openai-agents', '--dir', 'src', '--out', 'out', '--accept-losses']);
  expect(r.code, r.stderr).toBe(1);
  expect(r.stderr).toContain('2 pairs of files it would write, named after keys, differ only in case; nothing was written:\n');
  expect(r.stderr).toMatch(/ {2}- out\/prompts\/(x|X)\.md \(key '(x|X)' of src\/(x|X)\.yaml\) and out\/prompts\/(X|x)\.md \(key '(X|x)' of src\/(X|x)\.yaml\): a case-insensitive file system \(macOS, Windows\) holds one for both\n/);
  expect(r.stderr).toContain("  - out/overlays/prod/help.yaml (key 'help' of src/two.yaml) and out/overlays/prod/Help.yaml (key 'Help' of src/one.yaml): a case-insensitive file system (macOS, Windows) holds one for both\n");
  expect(r.stderr).toContain("in each pair, rename one source file (a prompt is named after its definition file's path) or give one definition a `key:` that differs from the other's in more than case (an overlay is named after its key)");
  expect(existsSync(join(cwd, 'out'))).toBe(false);

  // With one key of each pair changed, and one file renamed, the same run writes them all.
  write('src/two.yaml', 'model: gpt-4o\nname: Two\nkey: help-two\n');
  write('src/overlays/prod/help-two.yaml', 'metadata: { tier: silver }\n');
  rmSync(join(cwd, 'src/overlays/prod/help.yaml'));
  renameSync(join(cwd, 'src/x.yaml'), join(cwd, 'src/x-lower.yaml'));
  const ok = await aac(['migrate', '--to', 'openai-agents', '--dir', 'src', '--out', 'out', '--accept-losses']);
  expect(ok.code, ok.stderr).toBe(0);
  for (const file of ['prompts/X.md', 'prompts/x-lower.md', 'overlays/prod/Help.yaml', 'overlays/prod/help-two.yaml']) expect(existsSync(join(cwd, 'out', file)), file).toBe(true);
});
