// Preloaded into a CLI child process (runChild's `imports`): sends the process a stop signal from
// inside its own synchronous work, so a test knows the signal came while the main thread was busy,
// not while it waited, whatever the machine's load. Told by SIGNAL_SELF, a JSON object:
// `{ "signal": "SIGINT", "on": "stdout" | "exists" | "rename" | "signal", "match": "<regular expression>", "times": 1 }`:
// the signal is sent during the first write to stdout whose text matches, the first
// fs.existsSync of a path that matches, the first fs.renameSync to a path that matches, or when
// the process first gets the signal `match` names (one the CLI does not handle, SIGUSR2: a test's
// cue); then `signalled-self` is written to stderr. `times` (default 1): sent that many times in a
// row, each handed to the process's handler before the next is sent (Linux gives a signal a
// process sends itself to the sending thread before kill() returns, when that thread does not
// block it), so the kernel never merges two into one, and the CLI hears them all in one turn of its
// event loop: one signal delivered twice at once (to aac, and again through whatever forwards it).
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { isMainThread } from 'node:worker_threads';

const told = process.env.SIGNAL_SELF;
if (isMainThread && told) {
  const { signal, on, match, times = 1 } = JSON.parse(told);
  const pattern = new RegExp(match);
  let sent = false;
  const maybeSend = (text) => {
    if (sent || !pattern.test(String(text))) return;
    sent = true;
    for (let i = 0; i < times; i++) process.kill(process.pid, signal);
    fs.writeSync(2, '\nsignalled-self\n');
  };
  if (on === 'stdout') {
    const write = process.stdout.write.bind(process.stdout);
    process.stdout.write = (chunk, ...rest) => {
      const done = write(chunk, ...rest);
      maybeSend(chunk);
      return done;
    };
  } else if (on === 'exists') {
    const existsSync = fs.existsSync;
    fs.existsSync = (path) => {
      maybeSend(path);
      return existsSync(path);
    };
  } else if (on === 'rename') {
    // Renamed into place: what a write of whole files does last (util/write-files.ts).
    const renameSync = fs.renameSync;
    fs.renameSync = (from, to) => {
      maybeSend(to);
      return renameSync(from, to);
    };
    syncBuiltinESMExports();
  } else if (on === 'signal') {
    process.once(match, () => maybeSend(match));
  } else {
    throw new Error(`SIGNAL_SELF: unknown "on": ${on}`);
  }
}
