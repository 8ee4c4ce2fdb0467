// A package loaded the first time it is needed rather than when the command starts: importing is
// most of a small command's start-up (Node compiles every module it imports), and a package that a
// run may never use (the YAML parser for definitions written as JSON, the diff library for a plan
// without changes) should not cost every run. Packages whose Node build is CommonJS are read with
// require, which is synchronous, so callers stay synchronous.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** A function returning the package `specifier`, required on its first call. */
export function onFirstUse<T>(specifier: string): () => T {
  let loaded: T | undefined;
  return () => (loaded ??= require(specifier) as T);
}
