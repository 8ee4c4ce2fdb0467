// aac.yaml's values are never quoted in messages (a value there may be what no one should see in a
// log): its schema errors never did, and neither do the colon's and the quote's slips, which in a
// definition give the line to write with the value in it. Through the CLI, validate alone.
import { afterEach, expect, it } from 'vitest';
import { cleanupTrees, writeTree } from '../desired/helpers.js';
import { runCli } from '../helpers/cli.js';

afterEach(() => cleanupTrees());

const WORD = 'PRIVATEWORD';
const BOT = 'model: gpt-4o\n';

it.each([
  ['a value holding ": "', `namespace: team: ${WORD}1\n`, "the value of 'namespace' holds ': '", 'quote the whole value, as `namespace: "…"`'],
  ['a line without its colon', `provider: openai\nendpoint ${WORD}2\nnamespace: x\n`, 'line 2 has no colon', 'write its key with a colon after it'],
  ["an apostrophe inside single quotes", `namespace: 'it's ${WORD}3'\n`, "the value of 'namespace' ends at an apostrophe inside it", "write each apostrophe inside the single quotes twice ('')"],
  ['text after the closing quote', `namespace: "team" ${WORD}4\n`, "the value of 'namespace' goes on after its closing \"", 'put the whole value inside the quotes'],
])('aac.yaml with %s: said with the fix, never with the value', async (_name, config, message, hint) => {
  const root = writeTree({ 'd/aac.yaml': config, 'd/bot.yaml': BOT });
  const r = await runCli(['validate', '--dir', 'd'], { cwd: root, env: {} });
  expect(r.code).toBe(1);
  expect(r.stdout).toContain(message);
  expect(r.stdout).toContain(hint);
  expect(r.stdout + r.stderr).not.toContain(WORD);
});

it("a definition's colon slip gives the line to write, its value in it", async () => {
  const root = writeTree({ 'd/aac.yaml': 'namespace: d\n', 'd/bot.yaml': `model: gpt-4o\ninstructions: You are: ${WORD}\n` });
  const r = await runCli(['validate', '--dir', 'd'], { cwd: root, env: {} });
  expect(r.code).toBe(1);
  expect(r.stdout).toContain(`quote the whole value, as \`instructions: "You are: ${WORD}"\``);
});
