// This package's own files — package.json, the published JSON Schemas — located from this module.
// It sits two folders below the package root in every layout the code runs from: src/util/ (the
// tests), dist/util/ (tsc's output) and dist/bin/ (the bundle the `aac` bin runs, where every
// module has the bundle's file as its import.meta.url), so `../../` is the root in each. Other modules find
// the root's files through here, never by a relative path from their own depth.
import { readFileSync } from 'node:fs';

const ROOT = new URL('../../', import.meta.url);

/** The published JSON Schemas (schema/ at the package root), which the build precompiles. */
export const SCHEMA_DIR = new URL('schema/', ROOT);

/** `name` in schema/, e.g. `assistant.schema.json`. */
export const schemaFile = (name: string): URL => new URL(name, SCHEMA_DIR);

interface PackageInfo {
  name: string;
  version: string;
  /** Paths from the package root of the programs installed as commands: `aac`. */
  bin: { aac: string };
}

let pkg: PackageInfo | undefined;

/** This package's package.json (the fields above), read once. */
export function packageInfo(): PackageInfo {
  pkg ??= JSON.parse(readFileSync(new URL('package.json', ROOT), 'utf8')) as PackageInfo;
  return pkg;
}

/** The program `aac` runs once installed (package.json's `bin.aac`): what the bench and the tests spawn. */
export const cliFile = (): URL => new URL(packageInfo().bin.aac, ROOT);
