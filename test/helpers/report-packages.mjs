// Preloaded with --import into a CLI child: reports, on exit, the npm packages the process loaded
// (ES modules through a loader hook, CommonJS ones through require's cache, and those bundled into
// the bundle's files it loaded), so a test can hold a command's start-up to the packages it needs;
// and the program's own CommonJS files it loaded (`files=`, names in dist/bin/), and Node's own
// modules it evaluated (`builtins=`, their ids: `http`, `internal/deps/undici/undici`).
import { readFileSync } from 'node:fs';
import { createRequire, register } from 'node:module';
import { isAbsolute } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MessageChannel } from 'node:worker_threads';

const { port1, port2 } = new MessageChannel();
const loaded = new Set();
port1.on('message', (url) => loaded.add(url));
port1.unref();
const hook = 'let port; export function initialize(data) { port = data.port; } export async function load(url, context, next) { port.postMessage(url); return next(url, context); }';
register(`data:text/javascript,${encodeURIComponent(hook)}`, { data: { port: port2 }, transferList: [port2] });

const NPM_PACKAGE = /node_modules\/((?:@[^/]+\/)?[^/]+)\//;

/**
 * The packages bundled into a file of the CLI's bundle (a chunk, or a package bundled on its own):
 * esbuild heads each module's code with a comment naming its file.
 */
function bundledIn(file) {
  const path = file.startsWith('file:') ? fileURLToPath(file) : file;
  if (!isAbsolute(path) || !/\.[cm]?js$/.test(path)) return [];
  return [...readFileSync(path, 'utf8').matchAll(/^\/\/ node_modules\/((?:@[^/]+\/)?[^/]+)\//gm)].map((m) => m[1]);
}

const require = createRequire(import.meta.url);
process.on('exit', () => {
  const packages = new Set();
  for (const file of [...loaded, ...Object.keys(require.cache)]) {
    // A package's manifest read for its version is not the package.
    if (file.endsWith('/package.json')) continue;
    const name = NPM_PACKAGE.exec(file)?.[1];
    for (const n of name ? [name] : bundledIn(file)) packages.add(n);
  }
  const own = Object.keys(require.cache).filter((file) => !NPM_PACKAGE.test(file) && /\/dist\/bin\/[^/]+$/.test(file));
  const builtins = process.moduleLoadList.filter((entry) => entry.startsWith('NativeModule ')).map((entry) => entry.slice('NativeModule '.length));
  process.stderr.write(`\npackages=${[...packages].sort().join(',')}\nfiles=${own.map((file) => file.slice(file.lastIndexOf('/') + 1)).sort().join(',')}\nbuiltins=${builtins.join(',')}\n`);
});
