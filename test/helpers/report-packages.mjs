// Preloaded with --import into a CLI child: reports, on exit, the npm packages the process loaded
// (ES modules through a loader hook, CommonJS ones through require's cache), so a test can hold a
// command's start-up to the packages it needs.
import { createRequire, register } from 'node:module';
import { MessageChannel } from 'node:worker_threads';

const { port1, port2 } = new MessageChannel();
const loaded = new Set();
port1.on('message', (url) => loaded.add(url));
port1.unref();
const hook = 'let port; export function initialize(data) { port = data.port; } export async function load(url, context, next) { port.postMessage(url); return next(url, context); }';
register(`data:text/javascript,${encodeURIComponent(hook)}`, { data: { port: port2 }, transferList: [port2] });

const require = createRequire(import.meta.url);
process.on('exit', () => {
  const packages = new Set();
  for (const file of [...loaded, ...Object.keys(require.cache)]) {
    // A package's manifest read for its version is not the package.
    if (file.endsWith('/package.json')) continue;
    const name = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file)?.[1];
    if (name) packages.add(name);
  }
  process.stderr.write(`\npackages=${[...packages].sort().join(',')}\n`);
});
