// Preloaded into a CLI child process: reports its peak memory on exit, so a test can assert that
// a hostile file did not make it grow, says when the program starts handling SIGINT, SIGTERM or SIGHUP
// (runChild's `when: 'handled'`), and each such signal its handler has heard without ending the
// process (`heard=SIGINT`: a test sends the next one after it). Preloads run in every worker thread
// as well; only the main thread reports, once, when the process ends (a thread's exit is not the
// process's peak).
if (require('node:worker_threads').isMainThread) {
  process.on('exit', () => process.stderr.write(`\nmax-rss-kb=${process.resourceUsage().maxRSS}\n`));
  const said = new Set();
  process.on('newListener', (event) => {
    if ((event === 'SIGINT' || event === 'SIGTERM' || event === 'SIGHUP') && !said.has(event)) {
      said.add(event);
      // After the listener is added (newListener fires before), so the signal finds it; and heard
      // after it, so the line says the program's own handler has run.
      queueMicrotask(() => {
        process.stderr.write(`\nhandles=${event}\n`);
        // Also to the file HEARD_FILE names, when set: a test reads it where stderr is a terminal
        // gone, whose writes fail (and must not end the program).
        process.on(event, () => {
          const fs = require('node:fs');
          if (process.env.HEARD_FILE) fs.appendFileSync(process.env.HEARD_FILE, `heard=${event}\n`);
          try {
            fs.writeSync(2, `\nheard=${event}\n`);
          } catch {
            // No stderr left to say it on.
          }
        });
      });
    }
  });
}
