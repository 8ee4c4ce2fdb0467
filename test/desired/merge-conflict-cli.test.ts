// Text git leaves mid-merge (`<<<<<<< HEAD` … `=======` … `>>>>>>> branch`) is an error wherever aac
// reads it: in a prompt file it would send both sides to the model, in a YAML file the parser's
// errors would not say what happened. Located at the opening marker, with the fix. A Markdown
// heading underlined with seven `=` is not a conflict. Through the real CLI.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, test } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { testDir } from '../helpers/each-test.js';

let cwd: string;
const aac = (...argv: string[]) => runCli([...argv, '--no-color'], { cwd, env: { AAC_NAMESPACE: undefined, OPENAI_BASE_URL: 'http://127.0.0.1:9/v1', OPENAI_API_KEY: 'sk-test' } });
const write = (rel: string, text: string) => {
  mkdirSync(join(cwd, rel, '..'), { recursive: true });
  writeFileSync(join(cwd, rel), text);
};
const CONFLICT = '<<<<<<< HEAD\nSpeak English.\n=======\nParlez français.\n>>>>>>> feature/french\n';
const HINT = 'hint: finish the merge: keep the lines wanted between `<<<<<<<` and `>>>>>>>`, delete the marker lines (`<<<<<<<`, `=======`, `>>>>>>>`), and commit the result';

beforeEach(() => {
  cwd = testDir('aac-merge-conflict-');
  mkdirSync(join(cwd, '.git'));
  write('d/aac.yaml', 'namespace: mc\n');
});

describe('unresolved merge conflicts', () => {
  test('in an instructions_file: located at the field, naming the file and line of the marker', async () => {
    write('d/prompts/a.md', `Be kind.\n${CONFLICT}`);
    write('d/a.yaml', 'model: gpt-4o\ninstructions_file: prompts/a.md\n');
    const r = await aac('validate', '--dir', 'd');
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("d/a.yaml:2:20: error: instructions_file 'prompts/a.md' has an unresolved merge conflict at d/prompts/a.md:2 (`<<<<<<< HEAD`): both sides would be sent as the instructions [instructions_file]\n");
    expect(r.stdout).toContain(HINT);
    const json = JSON.parse((await aac('validate', '--dir', 'd', '--format', 'json')).stdout) as { diagnostics: Array<{ code: string }> };
    expect(json.diagnostics.map((d) => d.code)).toEqual(['merge-conflict']);
  });

  test('in an instructions_file of a long name: its path cut in the message as the field\'s value is (desired/paths.ts cutPath)', async () => {
    const name = `${'p'.repeat(200)}.md`;
    write(`d/prompts/${name}`, `Be kind.\n${CONFLICT}`);
    write('d/a.yaml', `model: gpt-4o\ninstructions_file: prompts/${name}\n`);
    const r = await aac('validate', '--dir', 'd');
    expect(r.code).toBe(1);
    const cut = `${'p'.repeat(64)}…`;
    expect(r.stdout).toContain(`error: instructions_file 'prompts/${cut}' has an unresolved merge conflict at d/prompts/${cut}:2 (\`<<<<<<< HEAD\`)`);
    expect(r.stdout).not.toContain('p'.repeat(65));
  });

  test('in a definition, an overlay and aac.yaml: one error at the marker, not the parser\'s', async () => {
    write('d/b.yaml', `model: gpt-4o\n${CONFLICT.replace('Speak English.', 'name: b').replace('Parlez français.', 'name: bee')}`);
    const r = await aac('validate', '--dir', 'd');
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`d/b.yaml:2:1: error: unresolved merge conflict (\`<<<<<<< HEAD\`)\n  ${HINT}\n1 error.\n`);
    write('d/b.yaml', 'model: gpt-4o\n');
    write('d/aac.yaml', `namespace: mc\nenvironments:\n  dev: { namespace: mc-dev }\n  prod: { namespace: mc-prod }\n`);
    write('d/overlays/prod/b.yaml', `\n\r\n${CONFLICT.replace(/\n/g, '\r\n')}`);
    const o = await aac('validate', '--dir', 'd');
    expect(o.stdout).toContain("d/overlays/prod/b.yaml:3:1: error: in environment 'prod': unresolved merge conflict (`<<<<<<< HEAD`)");
    write('d/aac.yaml', `namespace: mc\n${CONFLICT.replace('Speak English.', 'x: 1').replace('Parlez français.', 'x: 2')}`);
    const c = await aac('plan', '--dir', 'd');
    expect(c.code).toBe(1);
    expect(c.stdout + c.stderr).toContain('d/aac.yaml:2:1: error: unresolved merge conflict (`<<<<<<< HEAD`)');
  });

  test('a Markdown heading underlined with seven = is text', async () => {
    write('d/prompts/c.md', 'Title\n=======\n\n<<<<<<< is how git marks a conflict\n');
    write('d/c.yaml', 'model: gpt-4o\ninstructions_file: prompts/c.md\n');
    const r = await aac('validate', '--dir', 'd');
    expect(r.stdout).toBe('1 definition valid.\n');
    expect(r.code).toBe(0);
  });
});
