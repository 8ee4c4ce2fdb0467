// Runs one CLI command in this process and writes what it cost to $AAC_BENCH_REPORT, so the
// benchmark measures the real command (load, validate, list, plan, apply) without the emulator,
// which runs in the parent process, counting against its CPU time or memory.
import { writeFileSync } from 'node:fs';
import { main, processIO } from '../cli.js';

const started = performance.now();
const cpuBefore = process.cpuUsage();
const code = await main(process.argv.slice(2), processIO());
const cpu = process.cpuUsage(cpuBefore);
const report = {
  code,
  wallMs: performance.now() - started,
  cpuMs: (cpu.user + cpu.system) / 1000,
  // resourceUsage().maxRSS is in kilobytes.
  maxRssBytes: process.resourceUsage().maxRSS * 1024,
};
if (process.env.AAC_BENCH_REPORT) writeFileSync(process.env.AAC_BENCH_REPORT, JSON.stringify(report));
process.exitCode = code;
