// What looks like a `${var.…}` reference but is none is sent as written: a warning at the string,
// with the reference it may have meant and the escape that keeps it as text. A prompt's own
// placeholders (`${user}`), an escaped `$${vars.x}` and a real reference get none.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { testDir } from '../helpers/each-test.js';
import { writeFile } from './helpers.js';

test('a misspelt, unclosed or environment reference in a string field is a warning naming file:line:column and the near-miss', async () => {
  const cwd = testDir('aac-near-miss-');
  mkdirSync(join(cwd, '.git'));
  writeFile(cwd, 'a/aac.yaml', 'variables:\n  model: { type: string, default: gpt-4o }\n');
  writeFile(cwd, 'a/m.yaml', [
    'model: ${vars.model}',
    'name: "${var.model"',
    'description: ${env.HOME}',
    'instructions: "Greet ${user}; cost $${vars.price}; model ${var.model}"',
    '',
  ].join('\n'));
  const r = await runCli(['validate', '--dir', 'a', '--no-color'], { cwd, env: {} });
  expect(r.code, r.stdout + r.stderr).toBe(0);
  const out = r.stdout + r.stderr;
  expect(out).toContain("a/m.yaml:1:8: warning: '${vars.model}' is not a variable reference (those are ${var.NAME}), so it is sent as written");
  expect(out).toContain('write ${var.model}; to send it as text, write $${vars.model}');
  expect(out).toContain("a/m.yaml:2:7: warning: '${var.model' has no closing '}', so it is not a variable reference and is sent as written");
  expect(out).toContain("a/m.yaml:3:14: warning: '${env.HOME}' is not a variable reference (those are ${var.NAME}), so it is sent as written: aac reads no environment variables in definitions");
  expect(out).not.toContain('a/m.yaml:4:');
  expect(out.match(/warning:/g)).toHaveLength(3);
});
