// The files a definition reads besides itself, each where the definition names it: what the
// git-ignore warnings check and what no output of aac may be written over.
import { resolve } from 'node:path';
import type { Definition, SourceLocation } from '../model/definition.js';
import { pathText } from '../model/json.js';

/** A file a definition reads, and where it names it. */
export interface Reference {
  definition: Definition;
  /** Absolute, as the definition names it (symlinks not resolved). */
  abs: string;
  /** The field that names it, as a diagnostic's path says it. */
  path: string;
  /** How the message names the field: `instructions_file`, `$ref '_local/tools.yaml'`. */
  field: string;
  /** Whether it is a fragment that the named one includes, rather than the named file. */
  nested: boolean;
  location: SourceLocation;
}

/** The files `definitions` read (instructions files, `$ref` fragments and the fragments those include), each where it is named; `cwd`: what Definition's paths are relative to. */
export function references(definitions: readonly Definition[], cwd: string): Reference[] {
  const out: Reference[] = [];
  for (const definition of definitions) {
    if (definition.instructionsFile !== undefined) {
      out.push({ definition, abs: resolve(cwd, definition.instructionsFile), path: 'instructions_file', field: 'instructions_file', nested: false, location: definition.locate(['instructions_file'], 'value') });
    }
    for (const site of definition.includes ?? []) {
      const path = pathText([...site.path, '$ref']);
      site.files.forEach((abs, i) => out.push({ definition, abs, path, field: `$ref '${String(site.written.$ref)}'`, nested: i > 0, location: site.locate() }));
    }
  }
  return out;
}
