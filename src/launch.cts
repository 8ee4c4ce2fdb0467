#!/usr/bin/env node
// The `aac` program (package.json's `bin`: dist/bin/aac.js, copied there by scripts/bundle.mjs). It
// starts the CLI, bundled into one CommonJS file beside it (dist/bin/cli.js). Kept apart from that
// file so that Node's compile cache, which covers only what loads after it is turned on, covers
// the whole CLI: Node 22.1+ then keeps the compiled code on disk and the next run skips compiling
// it. Older Nodes have no such cache.
import nodeModule = require('node:module');

(nodeModule as { enableCompileCache?: () => unknown }).enableCompileCache?.();
(require('./cli.js') as typeof import('./cli.js')).runAsProgram();
