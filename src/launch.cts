#!/usr/bin/env node
// The `aac` program (package.json's `bin`: dist/bin/aac.js, copied there by scripts/bundle.mjs). It
// starts the CLI, bundled into one CommonJS file beside it (dist/bin/cli.js). Kept apart from that
// file so that the compile cache (src/compile-cache.cts), which covers only what is compiled after
// it is turned on, covers the whole CLI.
import { readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';

const words = process.argv.slice(2);
if (!answeredVersion()) {
  // The bundle and its packages, and the validators generated at build time, which the bundle
  // requires from dist/validators/ (src/yaml/precompiled.ts): the assistant's alone is 160 KB of code.
  // Required here, not above: `--version` has no use for it, and loading it (node:crypto, node:vm)
  // was a tenth of what that command cost.
  const compileCache = require('./compile-cache.cjs') as typeof import('./compile-cache.cjs');
  const build = buildId();
  const setV8Flag = compileCache.useCompileCache([__dirname, join(__dirname, '..', 'validators')], build);
  const parseCache = build === undefined ? undefined : { build, directory: () => compileCache.ownDirectory('aac-parse-cache') };
  (require('./cli.js') as typeof import('./cli.js')).runAsProgram(setV8Flag, parseCache);
}

/**
 * The build's id (dist/bin/build-id, a hash of the bundle's files and the validators, written by
 * scripts/bundle.mjs), or undefined where there is none (tsc's output, run without the bundle step).
 */
function buildId(): string | undefined {
  try {
    return readFileSync(join(__dirname, 'build-id'), 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
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
    // Written to the descriptor, not through process.stdout, which costs as much to set up as the
    // rest of the command. `aac --version | head -0`: a reader closing the pipe early is its choice
    // (as in the CLI, src/cli.ts processIO). A pipe left non-blocking and full (EAGAIN) gets the
    // line through the stream, which waits for room.
    try {
      writeSync(1, line);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EAGAIN') process.stdout.write(line);
      else process.exitCode = code === 'EPIPE' ? 0 : 1;
    }
    return true;
  } catch {
    return false;
  }
}
