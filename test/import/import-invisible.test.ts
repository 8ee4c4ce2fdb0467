// `aac import` writes a live invisible or bidi character (here a right-to-left override, U+202E,
// and a zero-width space) as an escape in a double-quoted scalar, never raw, so the imported file's
// diff cannot read reordered ("Trojan Source"); the file reads back as the live text, and the plan
// after the import shows only the adoption. The CLI against the emulator over loopback.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { testDir, testEmulator } from '../helpers/each-test.js';

const KEY = 'test-key-for-import';

test('invisible and bidi characters in live text are written as escapes, and read back as the live text', async () => {
  const emu = await testEmulator({ provider: 'openai', apiKey: KEY });
  const cwd = testDir('aac-import-invisible-');
  emu.seed([{ model: 'gpt-4o', name: 'safe\u202eexe.txt', instructions: 'Say hi\u200b.\nThen \u2066stop\u2069.', metadata: { 'k\u202e': 'v\u202e' } }]);
  const aac = (...argv: string[]) => runCli([...argv, '--namespace', 'team-a'], { cwd, env: { OPENAI_API_KEY: KEY, OPENAI_BASE_URL: emu.url } });

  const imported = await aac('import');
  expect(imported.code, imported.stdout + imported.stderr).toBe(0);
  const [file] = readdirSync(join(cwd, 'assistants')).filter((f) => f.endsWith('.yaml') && f !== 'aac.yaml');
  const text = readFileSync(join(cwd, 'assistants', file!), 'utf8');
  expect(text).not.toMatch(/[\u200b\u202e\u2066\u2069]/);
  expect(text).toContain('name: "safe\\u202eexe.txt"');
  expect(text).toContain('"k\\u202e": "v\\u202e"');

  const plan = await aac('plan', '--format', 'json');
  expect(plan.code, plan.stderr).toBe(0);
  expect(JSON.parse(plan.stdout).resource_changes.map((c: { adopt: boolean; changed_fields: string[] }) => [c.adopt, c.changed_fields])).toEqual([[true, []]]);
});

test('a live name holding U+202E is escaped where aac quotes it: import\'s report, and the notes of migrate in text and JSON', async () => {
  const emu = await testEmulator({ provider: 'openai', apiKey: KEY });
  const cwd = testDir('aac-import-invisible-');
  emu.seed([{ model: 'gpt-4o', name: 'Bot \u202eexe.txt' }]);
  const aac = (...argv: string[]) => runCli(argv, { cwd, env: { OPENAI_API_KEY: KEY, OPENAI_BASE_URL: emu.url, AAC_NAMESPACE: 'team-a' } });

  for (const dryRun of [['--dry-run'], []]) {
    const imported = await aac('import', ...dryRun);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout).not.toContain('\u202e');
    expect(imported.stdout).toMatch(/asst_\w+ "Bot \\u202eexe\.txt"\n/);
  }
  const [file] = readdirSync(join(cwd, 'assistants')).filter((f) => f.endsWith('.yaml') && f !== 'aac.yaml');
  const yaml = readFileSync(join(cwd, 'assistants', file!), 'utf8');
  expect(yaml).not.toContain('\u202e');
  expect(yaml).toContain('name: "Bot \\u202eexe.txt"\n');

  // The name becomes a Foundry agent's name: the note that says so quotes it escaped, as the JSON document does.
  const text = await aac('migrate', '--to', 'foundry-agents', '--out', 'agents');
  expect(text.code, text.stderr).toBe(0);
  expect(text.stdout + text.stderr).not.toContain('\u202e');
  expect(text.stdout).toContain(": name — 'Bot \\u202eexe.txt' becomes the agent name 'bot-exe-txt'");
  const json = await aac('migrate', '--to', 'foundry-agents', '--out', 'agents2', '--format', 'json');
  expect(json.code, json.stderr).toBe(0);
  expect(json.stdout).not.toContain('\u202e');
  const notes = JSON.parse(json.stdout).notes as Array<{ kind: string; path: string; note: string }>;
  expect(notes).toContainEqual(expect.objectContaining({ kind: 'changed', path: 'name', note: expect.stringContaining("'Bot \\u202eexe.txt' becomes the agent name") }));
});
