#!/usr/bin/env node
// The `aac` program (package.json's `bin`: dist/bin/aac.js, copied there by scripts/bundle.mjs). It
// starts the CLI, bundled into one CommonJS file beside it (dist/bin/cli.js). Kept apart from that
// file so that the compile cache (src/compile-cache.cts), which covers only what is compiled after
// it is turned on, covers the whole CLI.
import compileCache = require('./compile-cache.cjs');

const setV8Flag = compileCache.useCompileCache(__dirname);
(require('./cli.js') as typeof import('./cli.js')).runAsProgram(setV8Flag);
