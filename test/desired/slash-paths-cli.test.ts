// A path in a definition written with `\`, the Windows separator (`instructions_file:
// prompts\win.md`, `$ref: .\_t.yaml#/x`): on Linux, where CI runs, `\` is a character of a file
// name, so the file is not found; when its `/` spelling is there, the error says to write that,
// at the field's line and column, rather than only that the file does not exist.
import { mkdirSync, readdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { cleanupTrees, writeTree } from './helpers.js';

afterAll(cleanupTrees);

type Diag = { file: string; line: number; column: number; path: string; code: string; message: string; hint: string };

async function diagnostics(root: string): Promise<Diag[]> {
  const r = await runCli(['validate', '--format', 'json'], { cwd: root });
  expect(r.code).toBe(1);
  return (JSON.parse(r.stdout) as { diagnostics: Diag[] }).diagnostics;
}

describe('a path written with \\', () => {
  it('whose / spelling is a file: the error says paths use / and names that spelling, at the field', async () => {
    const root = writeTree({
      'assistants/prompts/win.md': 'You answer.\n',
      'assistants/_t.yaml': 'x:\n  model: gpt-4o\n',
      'assistants/a.yaml': 'model: gpt-4o\ninstructions_file: prompts\\win.md\n',
      'assistants/b.yaml': '$ref: ".\\\\_t.yaml#/x"\n',
      'assistants/team/c.yaml': 'model: gpt-4o\ninstructions_file: ..\\prompts\\win.md\n',
    });
    mkdirSync(join(root, '.git'));
    expect((await diagnostics(root)).map((d) => `${d.file}:${d.line}:${d.column} ${d.path} ${d.code} / ${d.hint}`)).toEqual([
      'assistants/a.yaml:2:20 instructions_file file-not-found / paths in definitions use `/`: did you mean `prompts/win.md`?',
      'assistants/b.yaml:1:7 $ref file-not-found / paths in definitions use `/`: did you mean `./_t.yaml#/x`?',
      'assistants/team/c.yaml:2:20 instructions_file file-not-found / paths in definitions use `/`: did you mean `../prompts/win.md`?',
    ]);
  });

  it('whose / spelling is not there, or leads outside the repository, is only not found', async () => {
    const root = writeTree({
      'repo/assistants/a.yaml': 'model: gpt-4o\ninstructions_file: prompts\\nope.md\n',
      'repo/assistants/b.yaml': 'model: gpt-4o\ninstructions_file: ..\\..\\outside.md\n',
      'outside.md': 'Not in the repository.\n',
      // A link inside that leads out: its / spelling is not a file aac may read.
      'repo/assistants/c.yaml': 'model: gpt-4o\ninstructions_file: ..\\out\\outside.md\n',
    });
    const repo = join(root, 'repo');
    mkdirSync(join(repo, '.git'));
    symlinkSync(root, join(repo, 'out'));
    const found = await diagnostics(repo);
    expect(found.map((d) => `${d.file} ${d.code}`)).toEqual(['assistants/a.yaml file-not-found', 'assistants/b.yaml file-not-found', 'assistants/c.yaml file-not-found']);
    for (const d of found) expect(d.hint, d.file).not.toContain('did you mean');
  });

  it('--dir whose / spelling is a directory: the error names that spelling; --out holding \\ is refused before anything is read', async () => {
    const root = writeTree({ 'assistants/support/a.yaml': 'model: gpt-4o\n' });
    const dir = await runCli(['validate', '--dir', 'assistants\\support'], { cwd: root });
    expect([dir.code, dir.stderr]).toEqual([1, "Error: the definitions directory 'assistants\\support' does not exist\n  paths given to aac use `/`: did you mean `--dir assistants/support`?\n"]);
    // No / spelling there: the usual words.
    expect((await runCli(['validate', '--dir', 'assistants\\nope'], { cwd: root })).stderr).not.toContain('did you mean');
    const out = await runCli(['plan', '--dir', 'assistants/support', '--out', 'out\\plan.json'], { cwd: root, env: { OPENAI_BASE_URL: 'http://127.0.0.1:9/v1', OPENAI_API_KEY: 'sk-test' } });
    expect([out.code, out.stdout, out.stderr]).toEqual([
      1,
      '',
      "Error: --out out\\plan.json holds `\\`, which is part of a file's name here, not a separator: it would write a file named out\\plan.json; nothing was run\n  paths given to aac use `/`: did you mean `--out out/plan.json`?\n",
    ]);
    expect(readdirSync(root)).toEqual(['assistants']);
  });
});

describe('an absolute Windows path', () => {
  it('in instructions_file: or a $ref is said to be one, at the field, with the relative form to give', async () => {
    const root = writeTree({
      'assistants/a.yaml': 'model: gpt-4o\ninstructions_file: C:\\Users\\me\\prompts\\x.md\n',
      'assistants/b.yaml': 'model: gpt-4o\nmetadata: { $ref: "C:/Users/me/_m.yaml" }\n',
      'assistants/c.yaml': 'model: gpt-4o\ninstructions_file: \\\\server\\share\\x.md\n',
    });
    mkdirSync(join(root, '.git'));
    const hint = 'give the path relative to this file, inside the repository, with `/` (e.g. `prompts/x.md`)';
    expect((await diagnostics(root)).map((d) => `${d.file}:${d.line}:${d.column} ${d.path} ${d.code} / ${d.message} / ${d.hint}`)).toEqual([
      `assistants/a.yaml:2:20 instructions_file path-outside-repository / instructions_file 'C:\\Users\\me\\prompts\\x.md' is an absolute Windows path: it names a file on one machine, not in the repository / ${hint}`,
      `assistants/b.yaml:2:19 metadata.$ref invalid-ref / $ref 'C:/Users/me/_m.yaml' is an absolute Windows path: it names a file on one machine, not in the repository / ${hint}`,
      `assistants/c.yaml:2:20 instructions_file path-outside-repository / instructions_file '\\\\server\\share\\x.md' is an absolute Windows path: it names a file on one machine, not in the repository / ${hint}`,
    ]);
  });
});
