// An environment's overlay files: `overlays/<env>/<key>.yaml`, each merged onto the base definition
// of the same key. An overlay names its base by its path alone (a `key:` there could silently
// point it elsewhere), and an overlay whose base does not exist is an error, not a new assistant:
// a typo in its path would otherwise vanish from every plan.
import type { Diagnostic } from '../model/diagnostic.js';
import { isObject } from '../model/json.js';
import { closest } from '../yaml/suggest.js';
import { located, type LocatedDoc } from './located.js';

export interface Overlay {
  /** The base definition's key it applies to: its path below the overlay directory, without extension. */
  key: string;
  doc: LocatedDoc;
  /** sha256 of the file's bytes: a saved plan of its definition is stale when it changes. */
  digest: string;
}

/**
 * The problems of an environment's overlays against the base keys: an overlay with no base
 * definition, or one that sets `key:`. Each is located in the overlay file, whose path names the
 * environment's overlay directory (validate over every environment adds the environment's name).
 */
export function overlayProblems(overlays: readonly Overlay[], baseKeys: ReadonlySet<string>): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const o of overlays) {
    if (isObject(o.doc.value) && o.doc.value.key !== undefined) {
      out.push(located(o.doc, ['key'], {
        code: 'invalid-overlay',
        message: `an overlay cannot set key: it applies to the base definition its path names ('${o.key}')`,
        hint: 'remove key:, and move the file to the path of the base definition\'s key',
      }, 'key'));
    }
    if (!baseKeys.has(o.key)) {
      const near = closest(o.key, [...baseKeys]);
      out.push(located(o.doc, [], {
        code: 'overlay-without-base',
        message: `overlay for '${o.key}', but no base definition has that key`,
        hint: near ? `did you mean '${near}'? An overlay's path below the overlay directory is its base's key` : 'an overlay changes a base definition; add the base definition, or remove the overlay',
      }));
    }
  }
  return out;
}
