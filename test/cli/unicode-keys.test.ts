// Metadata keys that differ only in Unicode normalization (`café` composed and decomposed) are two
// keys to YAML and JSON.parse but one to whatever normalizes Unicode: refused as a repeated key is,
// at the second, before anything is sent. Against the emulator over loopback.
import { expect, test } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { testDir, testEmulator } from '../helpers/each-test.js';
import { writeFile } from '../environments/helpers.js';

test('apply refuses metadata keys that differ only in Unicode normalization, locating the second, and writes nothing', async () => {
  const emulator = await testEmulator();
  const cwd = testDir('aac-unicode-keys-');
  writeFile(cwd, 'assistants/bot.yaml', 'model: gpt-4o\nname: Bot\nmetadata:\n  caf\u00e9: a\n  cafe\u0301: b\n');
  const r = await runCli(['apply', '--yes', '--no-color'], { cwd, env: { OPENAI_BASE_URL: emulator.url, OPENAI_API_KEY: 'sk-test', AAC_NAMESPACE: 'team' } });
  expect(r.code).toBe(1);
  expect(r.stdout + r.stderr).toContain("assistants/bot.yaml:5:3: error: the key 'cafe\\u{301}' differs only in Unicode normalization (NFC → NFD) from the key 'caf\\u{e9}' at line 4, column 3 in the same mapping");
  expect(emulator.resources()).toEqual([]);
}, 120_000);
