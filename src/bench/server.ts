// The emulator for the benchmark, in its own process: the command being measured shares the
// machine's two cores with it, as it would with any server, but not its event loop, heap or
// CPU account. The parent drives it over the IPC channel, one request and one answer at a time.
// Its arguments: the provider whose dialect it serves (empty or none: the registry's default), then
// `warm` for a server whose requests' validators are to be compiled before it serves.
import { readFileSync } from 'node:fs';
import { startEmulator, type EmulatorStats } from '../emulator/index.js';

/** What the parent may ask; every request is answered with `{ ok, value?, error? }`. */
export type ServerRequest =
  | { op: 'seed'; file: string }
  | { op: 'faults'; faults: { latencyMs?: number; rateLimitPerMinute?: number; rateLimitWindowMs?: number } }
  | { op: 'reset' }
  | { op: 'stats' }
  | { op: 'close' };

/** When the writes were served: from the first one's arrival to the last one's answer, in ms since the epoch. */
export interface WriteWindow {
  first: number;
  last: number;
}

/** What `stats` answers: the emulator's counts, and what the server spent since the last `reset`. */
export interface ServerStats extends EmulatorStats {
  writes?: WriteWindow;
  /** By route, each request's time at the server, ms: from its arrival to its answer's last byte handed to the system (Answered.lastByteMs). */
  servedMs: Record<string, number[]>;
  /** This process's CPU time, every thread's, user and system, ms. */
  cpuMs: number;
}

const WRITE = new Set(['POST', 'PATCH', 'DELETE']);
let writes: WriteWindow | undefined;
let servedMs: Record<string, number[]> = {};
let cpuAtReset = process.cpuUsage();

const [provider, warm] = process.argv.slice(2);
const emu = await startEmulator({
  ...(provider ? { provider } : {}),
  warm: warm === 'warm',
  onAnswered(a) {
    if (a.route !== undefined) (servedMs[a.route] ??= []).push(a.lastByteMs);
    if (!WRITE.has(a.method)) return;
    const answered = a.arrivedAt + a.lastByteMs;
    writes = { first: Math.min(writes?.first ?? a.arrivedAt, a.arrivedAt), last: Math.max(writes?.last ?? answered, answered) };
  },
});

// The parent gone (killed, or ended without a close), the channel is: no one is left to close it.
process.once('disconnect', () => {
  void emu.close().then(() => process.exit(0));
});

process.on('message', (m: ServerRequest) => {
  try {
    let value: unknown;
    if (m.op === 'seed') emu.seed(JSON.parse(readFileSync(m.file, 'utf8')) as Array<Record<string, unknown>>);
    else if (m.op === 'faults') emu.setFaults(m.faults);
    else if (m.op === 'reset') {
      emu.resetStats();
      writes = undefined;
      servedMs = {};
      cpuAtReset = process.cpuUsage();
    } else if (m.op === 'stats') {
      const cpu = process.cpuUsage(cpuAtReset);
      value = { ...emu.stats(), writes, servedMs, cpuMs: (cpu.user + cpu.system) / 1000 } satisfies ServerStats;
    } else if (m.op === 'close') {
      void emu.close().then(() => process.disconnect());
      return;
    }
    process.send!({ ok: true, value });
  } catch (err) {
    process.send!({ ok: false, error: String(err) });
  }
});
process.send!({ ok: true, value: emu.url });
