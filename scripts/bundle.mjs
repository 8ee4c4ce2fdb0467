#!/usr/bin/env node
// The build's last step, after tsc and the validators: the CLI as users run it (package.json's
// `bin`), bundled from tsc's output into dist/bin/. Node's module loader pays for every module
// it resolves, reads and links, and aac's ~100 modules with the openai SDK's ~115 made that about
// half of a small command's start-up. Bundled as ES modules (Node 20's ESM loader links each chunk
// asynchronously, on a URL, before any of it runs) a plan of 100 definitions still spent ~25 ms
// more than as one CommonJS file, which Node reads and compiles in one piece (its functions
// lazily). So the CLI is one CommonJS file, dist/bin/cli.js; the modules a run may not need still
// run only when it needs them (esbuild wraps a module imported dynamically in a function called at
// that import), only their compiling is paid upfront. The packages loaded on first use
// (src/util/on-first-use.ts) stay out of it, each bundled into one file of its own that is read
// only when a run needs it. dist/bin/aac.js starts it (src/launch.cts).
//
// dist/bin/ sits two folders below the package root, as every module of dist/<folder>/ does, so
// the paths the code locates from its own module (src/util/package.ts) hold in both layouts. Not
// minified: a stack trace under AAC_STACK=1 reads like the code (each module's is headed by a
// comment naming its file), and minifying saved ~2 % of a plan of 100 definitions, within the
// noise. No source maps: they would triple the package for `node --enable-source-maps` alone.
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { filesBelow } from './files-below.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const out = join(dist, 'bin');
const { FIRST_USE_PACKAGES, bundledPackage } = await import(join(dist, 'util', 'on-first-use.js'));

/** Resolves an import of a package loaded on first use to its file beside the CLI (bundledPackage). */
const firstUseFiles = {
  name: 'first-use-files',
  setup(b) {
    const files = new Map(FIRST_USE_PACKAGES.map((specifier) => [specifier, `./${bundledPackage(specifier)}`]));
    b.onResolve({ filter: /^[^./]/ }, (args) => (files.has(args.path) ? { path: files.get(args.path), external: true } : undefined));
  },
};

rmSync(out, { recursive: true, force: true });
await build({
  absWorkingDir: root,
  // The CLI, the file-reading thread it starts (src/desired/read-files.ts finds it beside the
  // CLI: ./read-files-worker.js), and what the launcher answers `--version` with (src/version.ts).
  entryPoints: { cli: join(dist, 'cli.js'), 'read-files-worker': join(dist, 'desired', 'read-files-worker.js'), version: join(dist, 'version.js') },
  outdir: out,
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  // An optional peer dependency, imported only when Foundry authenticates through Entra ID.
  external: ['@azure/identity'],
  // A package loaded on first use is its own file (below) wherever the code imports it, so a run
  // that needs none of them (a plan of JSON definitions) does not compile them, and a run that
  // needs one loads one copy.
  plugins: [firstUseFiles],
  // The `openai` SDK builds every request's headers with the global `Headers`, whose first use
  // evaluates Node's whole fetch implementation (~50 ms of CPU and ~6 MiB of a small plan, for
  // requests sent through node:http): in the bundle, that name is aac's own implementation of the
  // same standard class (src/backends/http/header-list.ts).
  // And where it reads the global `ReadableStream` for every request, to tell a streamed body, and
  // `FormData` for every body, to tell a multipart upload: stand-ins that read Node's class only for
  // a value that may be one of its instances, since reading either global evaluates Node's web
  // streams or its fetch implementation (src/backends/http/web-globals.ts).
  inject: [join(dist, 'backends', 'http', 'header-list.js'), join(dist, 'backends', 'http', 'web-globals.js')],
  // A module locates its files from import.meta.url (src/util/package.ts), which CommonJS has not:
  // every module of a bundle is at the bundle's own URL, as it was at its chunk's.
  define: { 'import.meta.url': 'import_meta_url' },
  banner: { js: "const import_meta_url = require('node:url').pathToFileURL(__filename).href;" },
  logLevel: 'warning',
});
// esbuild writes code in ASCII but copies comments as they are, and V8 holds a source with one
// character beyond Latin-1 at two bytes a character: escaped, the CLI's ~0.9 MB source is held
// in half the memory. Only comments can hold one, so an escape changes no code.
for (const file of ['cli.js', 'read-files-worker.js']) {
  const path = join(out, file);
  writeFileSync(path, readFileSync(path, 'utf8').replace(/[^\0-\x7f]/gu, (c) => `\\u{${c.codePointAt(0).toString(16)}}`));
}
// What names this build of the code (dist/bin/build-id, read by the launcher, src/launch.cts): the
// parsed definitions kept between runs are a build's own (src/desired/parse-cache.ts), since the
// code that parsed them may change with any file of the bundle, and the compiled code kept between
// runs (src/compile-cache.cts) is named by it, with each file's size and times, rather than by a
// hash of each file's text at every start. So it covers every file that cache serves: the bundle's
// and the validators generated at build time. Written after every file it hashes.
function buildId() {
  const hash = createHash('sha256');
  for (const folder of [out, join(dist, 'validators')]) {
    for (const file of filesBelow(folder).filter((f) => /\.c?js$/.test(f)).sort()) {
      hash.update(relative(dist, join(folder, file))).update('\0').update(readFileSync(join(folder, file))).update('\0');
    }
  }
  return hash.digest('hex');
}
// package.json's "type": "module" would make Node read dist/bin/*.js as ES modules.
writeFileSync(join(out, 'package.json'), `${JSON.stringify({ type: 'commonjs' }, null, 2)}\n`);
const withoutMap = (file) => readFileSync(join(dist, file), 'utf8').replace(/^\/\/# sourceMappingURL=.*\n?/m, '');
writeFileSync(join(out, 'aac.js'), withoutMap('launch.cjs'), { mode: 0o755 });
// The launcher's compile cache, beside it as it is beside tsc's launch.cjs.
writeFileSync(join(out, 'compile-cache.cjs'), withoutMap('compile-cache.cjs'));
for (const specifier of FIRST_USE_PACKAGES) {
  await build({
    absWorkingDir: root,
    // Required as the CLI requires it, so the package's `require` export is the one bundled.
    stdin: { contents: `module.exports = require(${JSON.stringify(specifier)});`, resolveDir: root, loader: 'js' },
    outfile: join(out, bundledPackage(specifier)),
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    logLevel: 'warning',
  });
}

// The API descriptions a module reads from its own folder (`./spec/<name>`, as tsc's output has
// them beside it), beside the bundle: one folder for all, so two files of one name cannot both be
// there. The sources say which there are: tsc never removes a file from dist/, so a folder a
// module has left would still be found there.
const specs = new Map();
for (const file of filesBelow(join(root, 'src'))) {
  if (!file.endsWith('.json') || basename(dirname(file)) !== 'spec') continue;
  const name = basename(file);
  if (specs.has(name)) throw new Error(`bundle: src/${specs.get(name)} and src/${file} would both be dist/bin/spec/${name}: rename one`);
  specs.set(name, file);
}
mkdirSync(join(out, 'spec'));
for (const [name, file] of specs) copyFileSync(join(dist, file), join(out, 'spec', name));
writeFileSync(join(out, 'build-id'), `${buildId()}\n`);
