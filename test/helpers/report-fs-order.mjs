// Preloaded with --import into a CLI child: reports, on exit, the directories the process listed
// (readdirSync) and its opening of a parse cache's file (`cache`, openSync of a `.parsed` file),
// in the order they happened, so a test can hold a load to opening the cache after its walk.
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';

const events = [];
const { readdirSync, openSync } = fs;
fs.readdirSync = function (path, ...rest) {
  events.push(`readdir ${path}`);
  return readdirSync.call(this, path, ...rest);
};
fs.openSync = function (path, ...rest) {
  if (String(path).endsWith('.parsed')) events.push('cache');
  return openSync.call(this, path, ...rest);
};
syncBuiltinESMExports();
process.on('exit', () => process.stderr.write(`\nfs-order=${JSON.stringify(events)}\n`));
