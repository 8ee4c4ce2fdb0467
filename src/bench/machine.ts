// What the machine under the benchmark was like while it ran, recorded beside the figures: the
// same code measured 43 ms for `aac --version` on one machine of the project's kind and 154 ms on
// another, idle too, whose start-up and page faults were three to forty times dearer. Without these
// the figures of two runs cannot be told apart from a change in aac.
import { spawnSync } from 'node:child_process';
import { availableParallelism, cpus, totalmem } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { median } from './median.js';

/** The machine's description and its speed at what moves the bench's figures most. */
export interface Machine {
  /** `os.cpus()[0].model`, and the cores Node may use (`os.availableParallelism()`). */
  cpu: string;
  cores: number;
  totalMemoryBytes: number;
  /** Wall time of `node -e 0`, ms: the floor of every row, since every row spawns Node. */
  nodeStartMs: number;
  /**
   * System CPU time per minor page fault, µs, measured by touching 256 MiB of fresh memory in a
   * child process: a plan's peak RSS is mostly pages faulted in once, so this prices its memory.
   */
  pageFaultUs: number;
  /**
   * The share of the cores' time (0–1) other work used over a second in which the bench itself
   * waited, before its first row (os.cpus() times). A load average would not do: it lags by a
   * minute and counts the build that `npm run bench` runs first.
   */
  othersBusy: number;
}

/**
 * The environment of every process the bench spawns, rows and probes alike: PATH and what the row
 * gives, nothing else of the caller's. Variables such as NODE_EXTRA_CA_CERTS (read at every Node
 * start-up: 60 ms of CPU for a system CA bundle) or NODE_OPTIONS would otherwise weigh on some
 * processes and not others, and the machine line would not describe what the rows ran on.
 */
export function childEnv(env: Record<string, string> = {}): Record<string, string> {
  return { PATH: process.env.PATH ?? '', ...env };
}

/** Other work above this share of the cores makes the figures not comparable with an idle run. */
const BUSY = 0.1;

/** Wall time of one `node -e 0`, ms. */
function nodeStart(): number {
  const started = performance.now();
  spawnSync(process.execPath, ['-e', '0'], { stdio: 'ignore', env: childEnv() });
  return performance.now() - started;
}

/** What a child's minor page faults cost it in system CPU time, µs each. */
function pageFault(): number {
  const script = `
    const before = process.resourceUsage();
    const pages = new Uint8Array(256 * 1024 * 1024);
    for (let i = 0; i < pages.length; i += 4096) pages[i] = 1;
    const after = process.resourceUsage();
    process.stdout.write(JSON.stringify((after.systemCPUTime - before.systemCPUTime) / Math.max(1, after.minorPageFault - before.minorPageFault)));`;
  const run = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', env: childEnv() });
  return Number(run.stdout);
}

/** The cores' busy and total time so far, ms, summed over the cores. */
function coreTimes(): { busy: number; total: number } {
  let busy = 0;
  let total = 0;
  for (const { times } of cpus()) {
    const all = times.user + times.nice + times.sys + times.idle + times.irq;
    busy += all - times.idle;
    total += all;
  }
  return { busy, total };
}

/** Probes the machine (a second, and each probe `samples` times, the median kept): call before the first row. */
export async function probeMachine(samples: number): Promise<Machine> {
  const before = coreTimes();
  await sleep(1000);
  const after = coreTimes();
  return {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: availableParallelism(),
    totalMemoryBytes: totalmem(),
    nodeStartMs: median(Array.from({ length: samples }, nodeStart)),
    pageFaultUs: median(Array.from({ length: samples }, pageFault)),
    othersBusy: (after.busy - before.busy) / Math.max(1, after.total - before.total),
  };
}

/**
 * One line for the bench's header, e.g. `machine: 2 × AMD EPYC, 24 GiB; node -e 0 in 98 ms, a page
 * fault 8.8 µs; other work used 2 % of the cores before the first row`, and a warning below it
 * when other work used more than BUSY of them: it then shares the cores the rows need.
 */
export function describeMachine(m: Machine): string {
  const others = `other work used ${Math.round(m.othersBusy * 100)} % of the cores before the first row`;
  const warning = m.othersBusy > BUSY ? '\nwarning: the machine was busy, so these figures are not comparable with an idle run' : '';
  return `machine: ${m.cores} × ${m.cpu}, ${Math.round(m.totalMemoryBytes / 2 ** 30)} GiB; node -e 0 in ${Math.round(m.nodeStartMs)} ms, a page fault ${m.pageFaultUs.toFixed(1)} µs; ${others}${warning}`;
}
