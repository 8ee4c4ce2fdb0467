// Preloaded into a CLI child process: reports its peak memory on exit, so a test can assert that
// a hostile file did not make it grow. Preloads run in every worker thread as well; only the main
// thread reports, once, when the process ends (a thread's exit is not the process's peak).
if (require('node:worker_threads').isMainThread) {
  process.on('exit', () => process.stderr.write(`\nmax-rss-kb=${process.resourceUsage().maxRSS}\n`));
}
