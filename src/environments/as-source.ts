// An assembled definition seen as one parsed file, so every check written for a file (schema,
// semantic, provider, instructions_file) runs on it unchanged and points into whichever file
// wrote each field.
import type { Diagnostic } from '../model/diagnostic.js';
import type { YamlSource } from '../yaml/source.js';
import { located, type LocatedDoc } from './located.js';

/** `doc` as a YamlSource named `file` (the base definition's path), with `diagnostics` as its own. */
export function asSource(doc: LocatedDoc, file: string, diagnostics: Diagnostic[]): YamlSource {
  return {
    file,
    value: doc.value,
    diagnostics,
    locate: doc.locate,
    // A file's `diag` points at the key unless told otherwise.
    diag: (path, input, part = 'key') => located(doc, path, input, part),
    // What a hint quotes, from the file that wrote the scalar.
    written: doc.written,
    ...(doc.reference ? { reference: doc.reference } : {}),
    ...(doc.variableAt ? { variableAt: doc.variableAt } : {}),
    ...(doc.variableValue ? { variableValue: doc.variableValue } : {}),
  };
}
