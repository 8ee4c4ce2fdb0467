#!/usr/bin/env node
// The `aac` program (package.json's `bin`: dist/bin/aac.js, copied there by scripts/bundle.mjs). It
// starts the CLI, bundled into one CommonJS file beside it (dist/bin/cli.js). Kept apart from that
// file so that the compile cache (src/compile-cache.cts), which covers only what is compiled after
// it is turned on, covers the whole CLI.
import { join } from 'node:path';
import compileCache = require('./compile-cache.cjs');

const words = process.argv.slice(2);
if (!answeredVersion()) {
  // The bundle and its packages, and the validators generated at build time, which the bundle
  // requires from dist/validators/ (src/yaml/precompiled.ts): the assistant's alone is 160 KB of code.
  const setV8Flag = compileCache.useCompileCache([__dirname, join(__dirname, '..', 'validators')]);
  (require('./cli.js') as typeof import('./cli.js')).runAsProgram(setV8Flag);
}

/**
 * `aac --version` without loading the CLI (src/version.ts). False when the words ask for something
 * else, or when the version cannot be read: the CLI then answers, and reports why in its words.
 */
function answeredVersion(): boolean {
  try {
    const version = require('./version.js') as typeof import('./version.js');
    if (!version.asksForVersion(words)) return false;
    const line = version.versionLine();
    // `aac --version | head -0`: a reader closing the pipe early is its choice (as in the CLI, src/cli.ts processIO).
    process.stdout.on('error', (err: NodeJS.ErrnoException) => process.exit(err.code === 'EPIPE' ? 0 : 1));
    process.stdout.write(line);
    return true;
  } catch {
    return false;
  }
}
