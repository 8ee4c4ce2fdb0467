// A name the user gave (a directory, a state file) is echoed with its invisible and control
// characters escaped (util/invisible.ts), so a right-to-left override cannot reverse the reader's
// line; a command aac suggests that holds one quotes it by its UTF-8 bytes, `$'d\xe2\x80\xae'`, which the shell reads back
// as the very name, so it still runs as printed.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { cliFile } from '../../src/util/package.js';
import { runCli } from '../helpers/cli.js';
import { processEnv, runChild } from '../helpers/child-cli.js';
import { testDir } from '../helpers/each-test.js';

const RLO = '\u202e';

it.runIf(process.platform !== 'win32')("a directory name holding U+202E: escaped in the suggested command, which bash runs as printed", async () => {
  const cwd = testDir('aac-escaped-names-');
  mkdirSync(join(cwd, `d${RLO}`));
  writeFileSync(join(cwd, `d${RLO}`, 'x.yaml'), 'model: 5\n');
  const r = await runCli(['plan', '--dir', `d${RLO}`], { cwd, env: { OPENAI_API_KEY: 'x', OPENAI_BASE_URL: 'http://127.0.0.1:9/v1' } });
  expect(r.code).toBe(1);
  expect(r.stdout + r.stderr).not.toContain(RLO);
  const printed = /`aac (validate [^`]+)`/.exec(r.stderr)?.[1];
  expect(printed).toBe("validate --dir $'d\\xe2\\x80\\xae'");
  const node = `'${process.execPath}' '${fileURLToPath(cliFile())}'`;
  const again = spawnSync('bash', ['-c', `${node} ${printed!}`], { cwd, encoding: 'utf8', env: processEnv({ LC_ALL: 'C' }) });
  expect(again.status, again.stderr).toBe(1);
  expect(again.stdout, again.stderr).toContain("d\\u202e/x.yaml:1:1: error: cannot read the file: its name holds the invisible character U+202E");
});

it.runIf(process.platform !== 'win32')("the emulator's state file and directory, echoed escaped", async () => {
  const cwd = testDir('aac-escaped-names-');
  const r = await runChild(['emulator', '--port', '0', '--state', `s${RLO}.json`, '--dir', `d${RLO}`], { cwd, deadlineMs: 20_000, signal: { name: 'SIGTERM', when: /State file/ } });
  expect(r.stdout).toContain("--dir $'d\\xe2\\x80\\xae'");
  expect(r.stdout).toContain('s\\u202e.json\n');
  expect(r.stdout + r.stderr).not.toContain(RLO);
});

it("validate --format json: a YAML key holding U+202E is escaped in the diagnostic's path and message, as the text prints it", async () => {
  const cwd = testDir('aac-escaped-names-');
  mkdirSync(join(cwd, 'assistants'));
  writeFileSync(join(cwd, 'assistants', 'a.yaml'), `model: gpt-4o\nname: x\n"to${RLO}ls": 1\n`);
  const text = await runCli(['validate'], { cwd });
  expect(text.stdout).toContain("unknown field 'to\\u202els' in the definition [[\"to\\u202els\"]]");
  const r = await runCli(['validate', '--format', 'json'], { cwd });
  expect(r.code).toBe(1);
  expect(r.stdout).not.toContain(RLO);
  const [d] = JSON.parse(r.stdout).diagnostics;
  expect(d).toMatchObject({ code: 'unknown-field', file: 'assistants/a.yaml', path: '["to\\u202els"]', message: "unknown field 'to\\u202els' in the definition" });
});
