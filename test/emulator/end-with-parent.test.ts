// An emulator started in the background ends with the process that started it, even one killed
// with no chance to clean up (SIGKILL, a timed-out test worker): `aac emulator` with
// AAC_EMULATOR_END_WITH_PID naming that process, and the bench's server, forked over IPC.
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { assertBuilt, CLI, processEnv } from '../helpers/child-cli.js';
import { testDir } from '../helpers/each-test.js';

const BENCH_SERVER = fileURLToPath(new URL('../../dist/bench/server.js', import.meta.url));

/** Whether `pid` is a process that has not exited: one gone, or a zombie no one reaped yet, is not. */
function running(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

/** Resolves once `pid` is no longer running; rejects if it still is after `ms` (a hung test would say less). */
async function ended(pid: number, ms = 20_000): Promise<void> {
  for (const start = Date.now(); Date.now() - start < ms; await new Promise((r) => setTimeout(r, 100))) {
    if (!running(pid)) return;
  }
  throw new Error(`process ${pid} is still running`);
}

/** Starts `script` under bash and resolves with it and the first line it prints that matches `line`. */
function parent(script: string, line: RegExp, env: Record<string, string | undefined>): Promise<{ pid: number; match: RegExpExecArray }> {
  const child = spawn('bash', ['-c', script], { env: processEnv(env), stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = line.exec(out);
      if (m) resolve({ pid: child.pid!, match: m });
    });
    child.once('exit', () => reject(new Error(`the parent exited first: ${out}`)));
  });
}

const left: number[] = [];
afterEach(() => {
  for (const pid of left.splice(0)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // gone, as it should be
    }
  }
});

describe('an emulator whose parent is killed', () => {
  it('`aac emulator` with AAC_EMULATOR_END_WITH_PID ends with the process it names, saying why', async () => {
    assertBuilt();
    const log = join(testDir('aac-end-with-'), 'emulator.log');
    // As the Action's step starts it: in the background, its output to a file.
    const script = `AAC_EMULATOR_END_WITH_PID=$$ node ${JSON.stringify(CLI)} emulator --port 0 --quiet > ${JSON.stringify(log)} 2>&1 &
echo "emulator=$!"
until grep -q 'listening on' ${JSON.stringify(log)} 2> /dev/null; do sleep 0.1; done
echo listening
wait`;
    const { pid, match } = await parent(script, /emulator=(\d+)\nlistening/, {});
    const emulator = Number(match[1]);
    left.push(pid, emulator);
    expect(running(emulator)).toBe(true);
    process.kill(pid, 'SIGKILL');
    await ended(emulator);
    expect(readFileSync(log, 'utf8')).toMatch(new RegExp(`The process ${pid} \\(AAC_EMULATOR_END_WITH_PID\\) has ended: stopping\\.\\nEmulator stopped\\.\\n$`));
  });

  it('`aac emulator` refuses a value that is no process id, before it listens', async () => {
    assertBuilt();
    const { pid, match } = await parent(`node ${JSON.stringify(CLI)} emulator --port 0 --quiet 2>&1; echo "exit=$?"; exec sleep 60`, /^([\s\S]*)exit=(\d+)/, { AAC_EMULATOR_END_WITH_PID: 'parent' });
    left.push(pid);
    expect(match[2]).toBe('1');
    // Said as every error of aac is: no closing period.
    expect(match[1]).toBe("Error: AAC_EMULATOR_END_WITH_PID is 'parent', not a process id\n  set it to the id of the process the emulator ends with, or unset it\n");
  });

  it("the bench's server ends when its parent is killed: the IPC channel closes", async () => {
    // As the bench forks it (src/bench/run.ts Server.start), from a parent that is then killed.
    const bench = join(testDir('aac-end-with-'), 'bench.mjs');
    writeFileSync(bench, [
      "import { fork } from 'node:child_process';",
      `const child = fork(${JSON.stringify(BENCH_SERVER)}, [], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });`,
      "child.once('message', () => console.log('server=' + child.pid));",
      '',
    ].join('\n'));
    const { pid, match } = await parent(`exec node ${JSON.stringify(bench)}`, /server=(\d+)/, { AAC_EMULATOR_END_WITH_PID: undefined });
    const server = Number(match[1]);
    left.push(pid, server);
    expect(running(server)).toBe(true);
    process.kill(pid, 'SIGKILL');
    await ended(server);
  });
});
