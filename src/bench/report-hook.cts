// Loaded with `node --require` before the CLI, so the benchmark runs the real `aac` (the bundle) and
// still learns what the whole process cost: CPU of every thread since Node started and the peak
// resident memory, written to $AAC_BENCH_REPORT as the process exits. CommonJS and `--require`,
// not `--import`: an ES module preloaded starts Node's ES module loader, ~15 ms that the CLI (a
// CommonJS bundle) never pays, and that every row, `aac --version` most of all, would have counted.
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
