// Preloaded into a CLI child process (runChild's `imports`): sends the process a stop signal from
// inside its own synchronous work, so a test knows the signal came while the main thread was busy,
// not while it waited, whatever the machine's load. Told by SIGNAL_SELF, a JSON object:
// `{ "signal": "SIGINT", "on": "stdout" | "exists" | "rename", "match": "<regular expression>" }`:
// the signal is sent once, during the first write to stdout whose text matches, the first
// fs.existsSync of a path that matches, or the first fs.renameSync to a path that matches; then
// `signalled-self` is written to stderr.
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { isMainThread } from 'node:worker_threads';

const told = process.env.SIGNAL_SELF;
if (isMainThread && told) {
  const { signal, on, match } = JSON.parse(told);
  const pattern = new RegExp(match);
  let sent = false;
  const maybeSend = (text) => {
    if (sent || !pattern.test(String(text))) return;
    sent = true;
    process.kill(process.pid, signal);
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
  } else {
    throw new Error(`SIGNAL_SELF: unknown "on": ${on}`);
  }
}
