// Emulators and temporary directories that last one test: started or made in the test (or in its
// beforeEach), then closed and removed after it, whatever its outcome (after-test.ts runs it).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator, type EmulatorOptions, type RunningEmulator } from '../../src/emulator/index.js';
import { afterEveryTest } from './after-test.js';

const emulators: RunningEmulator[] = [];
const dirs: string[] = [];
const closers: Array<() => unknown> = [];

afterEveryTest(async () => {
  await Promise.all(emulators.splice(0).map((e) => e.close()));
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  for (const close of closers.splice(0)) await close();
});

/** Anything else the test opened (a server of its own, a workspace), closed or removed after it by `close`. */
export function afterTest(close: () => unknown): void {
  closers.push(close);
}

/** An emulator on loopback (startEmulator's options), closed after the test. */
export async function testEmulator(opts: EmulatorOptions = {}): Promise<RunningEmulator> {
  const emu = await startEmulator(opts);
  emulators.push(emu);
  return emu;
}

/** A new directory in the system's temporary directory, named `prefix` and random characters; removed after the test. */
export function testDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(dir);
  return dir;
}
