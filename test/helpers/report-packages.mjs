// Preloaded with --import into a CLI child: reports, on exit, the npm packages the process loaded
// (ES modules through a loader hook, CommonJS ones through require's cache, and those bundled into
// the chunks it loaded), so a test can hold a command's start-up to the packages it needs.
import { readFileSync } from 'node:fs';
import { createRequire, register } from 'node:module';
import { fileURLToPath } from 'node:url';
import { MessageChannel } from 'node:worker_threads';

const { port1, port2 } = new MessageChannel();
const loaded = new Set();
port1.on('message', (url) => loaded.add(url));
port1.unref();
const hook = 'let port; export function initialize(data) { port = data.port; } export async function load(url, context, next) { port.postMessage(url); return next(url, context); }';
register(`data:text/javascript,${encodeURIComponent(hook)}`, { data: { port: port2 }, transferList: [port2] });

const NPM_PACKAGE = /node_modules\/((?:@[^/]+\/)?[^/]+)\//;

/** The packages bundled into a chunk of the CLI: esbuild heads each module's code with a comment naming its file. */
function bundledIn(url) {
  if (!url.startsWith('file:') || NPM_PACKAGE.test(url)) return [];
  const text = readFileSync(fileURLToPath(url), 'utf8');
  return [...text.matchAll(/^\/\/ node_modules\/((?:@[^/]+\/)?[^/]+)\//gm)].map((m) => m[1]);
}

const require = createRequire(import.meta.url);
process.on('exit', () => {
  const packages = new Set();
  for (const file of [...loaded, ...Object.keys(require.cache)]) {
    // A package's manifest read for its version is not the package.
    if (file.endsWith('/package.json')) continue;
    const name = NPM_PACKAGE.exec(file)?.[1];
    if (name) packages.add(name);
  }
  for (const url of loaded) for (const name of bundledIn(url)) packages.add(name);
  process.stderr.write(`\npackages=${[...packages].sort().join(',')}\n`);
});
