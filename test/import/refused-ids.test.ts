// An `--id` that import does not carry out fails the run (exit 1) naming the id, why and the fix,
// whatever the reason, as `terraform import` fails for an address it cannot import: here the ones
// no flag imports (a file that defines another key or is no definition file, two live copies of one definition's key). A
// resource chosen by `--name` alone is only a note (exit 0). Legacy keys: test/plan/legacy-keys.test.ts.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { runCli } from '../helpers/cli.js';
import { createBody, makeProject } from '../plan/project.js';

const KEY = 'sk-test-refused-ids-000000000000';
let emulators: RunningEmulator[] = [];
afterEach(async () => {
  await Promise.all(emulators.map((e) => e.close()));
  emulators = [];
});
async function emulator(): Promise<{ emu: RunningEmulator; env: Record<string, string> }> {
  const emu = await startEmulator({ apiKey: KEY });
  emulators.push(emu);
  return { emu, env: { OPENAI_BASE_URL: emu.url, OPENAI_API_KEY: KEY } };
}
const BOT = { model: 'gpt-4o', name: 'Bot' };

it('an --id whose key names a file that defines another key fails, naming that key where it is written and saying to rename the file; chosen by --name, it is a note', async () => {
  const { emu, env } = await emulator();
  const [faq] = emu.seed([createBody('faq', BOT)]);
  const cwd = makeProject({});
  writeFileSync(join(cwd, 'assistants', 'faq.yaml'), 'key: help\nmodel: gpt-4o\n');
  const r = await runCli(['import', '--force', '--id', faq!.id as string], { cwd, env });
  expect(r.stderr).toBe(`Error: ${faq!.id as string}, named with --id, was not imported: managed by aac as 'faq', but assistants/faq.yaml defines 'help' (\`key: help\` at assistants/faq.yaml:1:6)\n  to import it, rename assistants/faq.yaml (its \`key:\` keeps it 'help') and run import again\n`);
  expect(r.code).toBe(1);
  expect(readFileSync(join(cwd, 'assistants', 'faq.yaml'), 'utf8')).toBe('key: help\nmodel: gpt-4o\n');

  const byName = await runCli(['import', '--force', '--name', 'Bot'], { cwd, env });
  expect(byName.stdout).toContain("defines 'help' (`key: help` at assistants/faq.yaml:1:6); to import it, rename assistants/faq.yaml");
  expect(byName.code).toBe(0);
});

it('an --id whose key names a path that is no definition file (a directory) fails, saying what it is, not that it defines another key', async () => {
  const { emu, env } = await emulator();
  const [faq] = emu.seed([createBody('faq', BOT)]);
  const cwd = makeProject({ other: BOT });
  mkdirSync(join(cwd, 'assistants', 'faq.yaml'));
  const r = await runCli(['import', '--force', '--id', faq!.id as string], { cwd, env });
  expect(r.stderr).toBe(`Error: ${faq!.id as string}, named with --id, was not imported: managed by aac as 'faq', but assistants/faq.yaml, where its definition would go, is a directory, not a definition file\n  to import it, rename or move assistants/faq.yaml and run import again\n`);
  expect(r.code).toBe(1);
});

it('two --id of live copies of one definition\'s key: one is rewritten, the other fails the run, saying to name one per run', async () => {
  const { emu, env } = await emulator();
  const [first, second] = emu.seed([createBody('faq', BOT), createBody('faq', BOT)]);
  const cwd = makeProject({ faq: BOT });
  const r = await runCli(['import', '--force', '--format', 'json', '--id', first!.id as string, '--id', second!.id as string], { cwd, env });
  const doc = JSON.parse(r.stdout);
  // The oldest (by id within one second) is written; which one is select.ts's order, not this test's.
  expect(doc.imported).toHaveLength(1);
  const kept = doc.imported[0].id as string;
  const other = kept === first!.id ? (second!.id as string) : (first!.id as string);
  expect([first!.id, second!.id]).toContain(kept);
  expect(doc.skipped).toMatchObject([{ id: other, reason: 'duplicate', refused: true }]);
  expect(r.stderr).toBe(
    `Error: ${other}, named with --id, was not imported: assistants/faq.yaml is already being written for another assistant\n` +
      '  one file is written per definition: name one of them per run with --id\n',
  );
  expect(r.code).toBe(1);
});
