// Preloaded with --require into a CLI child, which passes it on to every worker thread it starts:
// each thread says so on stderr, so a test can tell that files were parsed off the main thread.
const { isMainThread } = require('node:worker_threads');

if (!isMainThread) process.stderr.write('\nworker thread started\n');
