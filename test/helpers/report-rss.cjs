// Preloaded into a CLI child process: reports its peak memory on exit, so a test can assert that
// a hostile file did not make it grow.
process.on('exit', () => process.stderr.write(`\nmax-rss-kb=${process.resourceUsage().maxRSS}\n`));
