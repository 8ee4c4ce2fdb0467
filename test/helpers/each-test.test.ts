// The emulators and directories of test/helpers/each-test.ts last one test: the next test finds the
// directory removed and the emulator no longer listening. (Tests in a file run in order.)
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { testDir, testEmulator } from './each-test.js';

let left: { dir: string; url: string } | undefined;

it('gives a directory and an emulator that work during the test', async () => {
  const dir = testDir('aac-each-test-');
  writeFileSync(join(dir, 'file.txt'), 'kept until the test ends');
  const emu = await testEmulator();
  expect((await fetch(`${emu.url}/assistants`, { headers: { authorization: 'Bearer sk-x', 'openai-beta': 'assistants=v2' } })).status).toBe(200);
  left = { dir, url: emu.url };
});

it('has removed the directory and closed the emulator after it', async () => {
  expect(left).toBeDefined();
  expect(existsSync(left!.dir)).toBe(false);
  await expect(fetch(`${left!.url}/assistants`)).rejects.toThrow();
});
