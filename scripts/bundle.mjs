#!/usr/bin/env node
// The build's last step, after tsc and the validators: the CLI as users run it (package.json's
// `bin`), bundled from tsc's output into dist/bin/. Node's ES module loader resolves, reads and
// links every module separately, and aac's ~100 modules with the openai SDK's ~115 made that about
// half of a small command's start-up; a bundle is a few dozen files. Chunks are split at the dynamic
// imports, so a command and a backend still load only when a run needs them. The packages loaded
// on first use (src/util/on-first-use.ts) stay out of the chunks, each bundled into one CommonJS
// file of its own that is read only when a run needs it.
//
// dist/bin/ sits two folders below the package root, as every module of dist/<folder>/ does, so
// the paths the code locates from its own module (src/util/package.ts) hold in both layouts. Not
// minified: a stack trace under AAC_STACK=1 reads like the code (each module's is headed by a
// comment naming its file), and minifying saved ~2 % of a plan of 100 definitions, within the
// noise. No source maps: they would triple the package for `node --enable-source-maps` alone.
import { copyFileSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const out = join(dist, 'bin');
const { FIRST_USE_PACKAGES, bundledPackage } = await import(join(dist, 'util', 'on-first-use.js'));

rmSync(out, { recursive: true, force: true });
await build({
  absWorkingDir: root,
  // The CLI, and the file-reading thread it starts (src/desired/read-files.ts finds it beside
  // the chunk that starts it: ./read-files-worker.js).
  entryPoints: { aac: join(dist, 'cli.js'), 'read-files-worker': join(dist, 'desired', 'read-files-worker.js') },
  outdir: out,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // An optional peer dependency, imported only when Foundry authenticates through Entra ID.
  external: ['@azure/identity'],
  // CommonJS packages inside the bundle (yaml's Node build) require Node's own modules, and
  // the packages loaded on first use (util/on-first-use.ts) stay outside it, under node_modules:
  // both need a `require` in an ES module.
  banner: { js: "import { createRequire as __aacCreateRequire } from 'node:module'; const require = __aacCreateRequire(import.meta.url);" },
  logLevel: 'warning',
});
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
// them beside it), beside the chunks: one folder for all, so two files of one name cannot both be
// there. The sources say which there are: tsc never removes a file from dist/, so a folder a
// module has left would still be found there.
const specs = new Map();
for (const file of readdirSync(join(root, 'src'), { recursive: true, encoding: 'utf8' })) {
  if (!file.endsWith('.json') || basename(dirname(file)) !== 'spec') continue;
  const name = basename(file);
  if (specs.has(name)) throw new Error(`bundle: src/${specs.get(name)} and src/${file} would both be dist/bin/spec/${name}: rename one`);
  specs.set(name, file);
}
mkdirSync(join(out, 'spec'));
for (const [name, file] of specs) copyFileSync(join(dist, file), join(out, 'spec', name));
