// A YAML file rewritten to hold new settings, keeping what its author wrote around them: its
// comments, its key order and layout, and each value the settings leave as it was. The `yaml`
// library keeps a comment on the node it belongs to, so the file's document is edited in place (a
// key removed, a value set) rather than rebuilt from the settings, which would drop every comment.
// Pure.
import { isDeepStrictEqual } from 'node:util';
import { isMap, parse, parseDocument, stringify, type Document } from 'yaml';
import { isObject, type Json, type JsonObject } from '../model/json.js';

/**
 * `text` (a YAML file whose top is a mapping) edited to hold `settings` and nothing else: a key
 * `settings` lacks is removed with its comments, a value that differs is replaced (a mapping edited
 * key by key, so the comments inside it stay), a new key is added after the others. Where the
 * edited file would not read back as `settings` (a YAML alias or merge key sharing a value between
 * two places) or `text` is no mapping, `settings` is written whole, as `stringify` writes it.
 */
export function settingsKeepingComments(text: string, settings: JsonObject): string {
  const doc = parseDocument(text);
  if (doc.errors.length > 0 || !isMap(doc.contents)) return stringify(settings);
  try {
    edit(doc, [], settings, doc.toJS() as Json);
  } catch {
    // An alias on the way to a key cannot be edited through.
    return stringify(settings);
  }
  const edited = doc.toString();
  return isDeepStrictEqual(parse(edited), settings) ? edited : stringify(settings);
}

/** Makes the mapping at `path` of `doc` (read as `had`) hold `want`'s keys and values. */
function edit(doc: Document, path: ReadonlyArray<string>, want: JsonObject, had: Json): void {
  const old = isObject(had) ? had : {};
  for (const key of Object.keys(old)) if (!Object.hasOwn(want, key)) doc.deleteIn([...path, key]);
  for (const [key, value] of Object.entries(want)) {
    const at = [...path, key];
    const before = old[key];
    if (isObject(value) && isObject(before) && isMap(doc.getIn(at, true))) edit(doc, at, value, before);
    else if (!isDeepStrictEqual(before, value)) doc.setIn(at, doc.createNode(value));
  }
}
