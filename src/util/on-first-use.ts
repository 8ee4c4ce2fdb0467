// A package loaded the first time it is needed rather than when the command starts: importing is
// most of a small command's start-up (Node compiles every module it imports), and a package that a
// run may never use (the YAML parser for definitions written as JSON, the diff library for a plan
// without changes) should not cost every run. Packages whose Node build is CommonJS are read with
// require, which is synchronous, so callers stay synchronous.
//
// In the bundle the `aac` bin runs, each of these packages is one file of its own beside the
// CLI's (written by scripts/bundle.mjs, which points every import of it there): one file to read and compile where require resolves,
// reads and wraps dozens (yaml's Node build is 72 files, ~12 ms more). Elsewhere (tsc's output,
// the tests) the package comes from node_modules.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

/** Every package loaded on first use, by the specifier it is required with. */
export const FIRST_USE_PACKAGES = ['yaml', 'diff', 'ajv/dist/2020.js'] as const;
export type FirstUsePackage = (typeof FIRST_USE_PACKAGES)[number];

/** Where the bundle keeps `specifier` as one file, relative to the CLI's file: `packages/ajv+dist+2020.js.cjs`. */
export const bundledPackage = (specifier: FirstUsePackage): string => `packages/${specifier.replaceAll('/', '+')}.cjs`;

const require = createRequire(import.meta.url);

/** A function returning the package `specifier`, required on its first call. */
export function onFirstUse<T>(specifier: FirstUsePackage): () => T {
  let loaded: T | undefined;
  return () => {
    if (loaded === undefined) {
      const bundled = fileURLToPath(new URL(bundledPackage(specifier), import.meta.url));
      loaded = require(existsSync(bundled) ? bundled : specifier) as T;
    }
    return loaded;
  };
}
