// An `instructions_file:` with a name longer than a file system takes (255 bytes of UTF-8) is said
// as that — its length and the limit — with the path shortened, not as ENAMETOOLONG's "name too
// long" with the whole path and "check the file and the disk it is on", nor as "it does not exist".
// Through the CLI.
import { afterEach, expect, it } from 'vitest';
import { cleanupTrees, writeTree } from './helpers.js';
import { runCli } from '../helpers/cli.js';

afterEach(() => cleanupTrees());

const definition = (file: string) => `model: gpt-4o\nname: A\ninstructions_file: ${JSON.stringify(file)}\n`;

it.each([
  ['a file name', `prompts/${'p'.repeat(297)}.md`, 300, `prompts/${'p'.repeat(64)}…`],
  ['a directory name', `${'d'.repeat(300)}/q.md`, 300, `${'d'.repeat(64)}…/q.md`],
  ['a name of 130 characters, 260 bytes', `prompts/${'é'.repeat(130)}`, 260, `prompts/${'é'.repeat(64)}…`],
])('%s over 255 bytes names its length and the limit, shortened', async (_, file, bytes, shown) => {
  const root = writeTree({ 'agents/a.yaml': definition(file), 'agents/prompts/ok.md': 'Hi.\n', [`agents/${'d'.repeat(200)}/q.md`]: 'Hi.\n' });
  const r = await runCli(['validate', '--dir', 'agents', '--provider', 'openai'], { cwd: root });
  expect(r.code).toBe(1);
  expect(r.stdout).toContain(`agents/a.yaml:3:20: error: instructions_file '${shown}' has a name of ${bytes} bytes, longer than the 255 a file system takes [instructions_file]`);
  expect(r.stdout).toContain('hint: shorten that name to at most 255 bytes, and rename the file to match');
  expect(r.stdout).not.toMatch(/name too long|the disk it is on|does not exist/);
  expect(Math.max(...r.stdout.split('\n').map((l) => l.length))).toBeLessThan(250);
});

it('a name of 255 bytes is read as any other', async () => {
  const name = `${'p'.repeat(252)}.md`;
  const root = writeTree({ 'agents/a.yaml': definition(`prompts/${name}`), [`agents/prompts/${name}`]: 'You help.\n' });
  const r = await runCli(['validate', '--dir', 'agents', '--provider', 'openai'], { cwd: root });
  expect(r.code, r.stdout).toBe(0);
});
