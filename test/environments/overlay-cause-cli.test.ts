// A problem an environment's overlay causes in its base (`model: null`, `tools: null`, a `tools:`
// that drops the base's file_search) is reported at the overlay's line, in that environment,
// naming the base's field, with a hint to remove the line or give the environment its own value.
// A problem the base has by itself stays in the base. Through the real CLI.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { testDir } from '../helpers/each-test.js';
import { writeFile } from './helpers.js';

let cwd: string;
const write = (rel: string, text: string) => writeFile(cwd, rel, text);
const aac = (...args: string[]) => runCli([...args, '--no-color'], { cwd, env: { OPENAI_API_KEY: undefined, AAC_NAMESPACE: undefined } });

interface Doc { diagnostics: Array<{ file: string; line: number; column: number; path: string; message: string; hint: string }> }
const found = async (...args: string[]) => {
  const r = await aac('validate', '--dir', 'd', '--format', 'json', ...args);
  expect(r.code).toBe(1);
  return (JSON.parse(r.stdout) as Doc).diagnostics.map((d) => [`${d.file}:${d.line}:${d.column}`, d.path, d.message, d.hint]);
};

beforeEach(() => {
  cwd = testDir('aac-overlay-cause-');
  mkdirSync(join(cwd, '.git'));
  write('d/aac.yaml', 'namespace: oc\nenvironments:\n  dev: { namespace: oc-dev }\n  prod: { namespace: oc-prod }\n');
  write('d/x.yaml', 'model: gpt-4o\nname: x\n');
});

describe('a problem an overlay causes', () => {
  it('model: null is located at the overlay\'s null, in its environment, with or without --env', async () => {
    write('d/overlays/prod/x.yaml', 'model: null\n');
    const problem = [
      'd/overlays/prod/x.yaml:1:8', 'model',
      "in environment 'prod': the definition is missing the required field 'model': the overlay removes model (`model: null`), which the base writes at d/x.yaml:1:1",
      "remove the line from the overlay to keep the base's model, or write `model:` with the value prod needs in its place",
    ];
    expect(await found()).toEqual([problem]);
    expect(await found('--env', 'prod')).toEqual([problem]);
    const text = await aac('validate', '--dir', 'd', '--env', 'prod');
    expect(text.stdout).toContain("d/overlays/prod/x.yaml:1:8: error: in environment 'prod': the definition is missing the required field 'model'");
  });

  it('tools: null, and a tools: that drops file_search, are the overlay\'s, not the base tool_resources\'', async () => {
    write('d/x.yaml', 'model: gpt-4o\ntools:\n  - type: file_search\ntool_resources:\n  file_search:\n    vector_store_ids: [vs_1]\n');
    write('d/overlays/prod/x.yaml', 'tools: null\n');
    write('d/overlays/dev/x.yaml', 'tools:\n  - type: code_interpreter\n');
    expect(await found()).toEqual([
      ['d/overlays/dev/x.yaml:1:1', 'tools',
        "in environment 'dev': tool_resources.file_search is set but the file_search tool is not enabled: the overlay's tools replaces the base's (d/x.yaml:2:1)",
        "change tools in the overlay, or remove it there to keep the base's"],
      ['d/overlays/prod/x.yaml:1:8', 'tools',
        "in environment 'prod': tool_resources.file_search is set but the file_search tool is not enabled: the overlay removes tools (`tools: null`), which the base writes at d/x.yaml:2:1",
        "remove the line from the overlay to keep the base's tools, or write `tools:` with the value prod needs in its place"],
    ]);
  });

  it('inline instructions over a base instructions_file: the hint names the null that drops the base\'s file', async () => {
    write('d/prompts/x.md', 'Be brief.\n');
    write('d/x.yaml', 'model: gpt-4o\nname: x\ninstructions_file: prompts/x.md\n');
    write('d/overlays/prod/x.yaml', 'instructions: "inline prod prompt"\n');
    expect(await found('--env', 'prod')).toEqual([
      ['d/overlays/prod/x.yaml:1:1', 'instructions',
        "in environment 'prod': both instructions and instructions_file are set; use at most one: the overlay adds instructions",
        "change instructions in the overlay, or remove it there; or drop the base's instructions_file in this environment with `instructions_file: null` in the overlay"],
    ]);
    // The hint's way out holds.
    write('d/overlays/prod/x.yaml', 'instructions: "inline prod prompt"\ninstructions_file: null\n');
    expect((await aac('validate', '--dir', 'd', '--env', 'prod')).code).toBe(0);
  });

  it('a fragment\'s own problem stays at the fragment, never moved to an overlay field that has nothing to do with it', async () => {
    // The content checks never find a load-time problem (a fragment that is no mapping), with the
    // overlay or without: it is no overlay's doing, whichever field the overlay writes.
    write('d/_s/tone.yaml', 'Be nice.\n');
    write('d/x.yaml', 'model: gpt-4o\ninstructions: { $ref: _s/tone.yaml }\nmetadata: { team: x, tier: std }\n');
    write('d/overlays/prod/x.yaml', 'metadata: { tier: plat }\n');
    const problems = await found('--env', 'prod');
    expect(problems).toEqual([
      ['d/_s/tone.yaml:1:1', '', 'a fragment file is a mapping, but this file holds a single value', expect.any(String)],
    ]);
  });

  it('a problem the base has by itself stays in the base', async () => {
    write('d/x.yaml', 'name: x\ntemperature: 0.5\n');
    write('d/overlays/prod/x.yaml', 'temperature: null\n');
    expect(await found('--env', 'prod')).toEqual([
      ['d/x.yaml:1:1', '', "the definition is missing the required field 'model'", 'add `model: <model>`, e.g. `model: gpt-4o`'],
    ]);
  });
});
