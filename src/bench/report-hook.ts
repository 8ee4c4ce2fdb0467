// Loaded with `node --import` before the CLI, so the benchmark runs the real `aac` (the bundle) and
// still learns what the whole process cost: CPU of every thread since Node started and the peak
// resident memory, written to $AAC_BENCH_REPORT as the process exits.
import { writeFileSync } from 'node:fs';

process.on('exit', (code) => {
  const file = process.env.AAC_BENCH_REPORT;
  if (!file) return;
  const usage = process.resourceUsage();
  writeFileSync(
    file,
    JSON.stringify({
      code,
      cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000,
      // maxRSS is in kilobytes.
      maxRssBytes: usage.maxRSS * 1024,
    }),
  );
});
