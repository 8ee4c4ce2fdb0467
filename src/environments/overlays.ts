// An environment's overlay files: `overlays/<env>/<key>.yaml`, each merged onto the base definition
// of the same key. An overlay names its base by its path alone, and an overlay whose base does not
// exist is an error, not a new assistant: a typo in its path would otherwise vanish from every plan.
// A definition's identity — its key and the keys it moved from — is the same in every environment
// (README, Environments), so an overlay that sets either is refused and its identity fields are
// never merged: `moved_from: null` in one environment would orphan the live assistant there.
import type { Diagnostic } from '../model/diagnostic.js';
import { isObject, type JsonObject } from '../model/json.js';
import { closest } from '../yaml/suggest.js';
import { located, type LocatedDoc } from './located.js';
import { yamlLine } from '../yaml/snippet.js';
import { codeSpan } from '../util/code-span.js';

export interface Overlay {
  /** The base definition's key it applies to: its path below the overlay directory, without extension. */
  key: string;
  doc: LocatedDoc;
  /** sha256 of the file's bytes: a saved plan of its definition is stale when it changes. */
  digest: string;
  /** Its overlay directory as messages show it (`assistants/overlays/prod`): where an overlay for another key goes. */
  dir: string;
}

/** The fields of a definition's identity, the same in every environment: an overlay may not set them. */
export const IDENTITY_FIELDS: readonly string[] = ['key', 'moved_from'];

/** Whether `overlay` sets an identity field: it is refused, and its definition is not valid there. */
export function setsIdentity(overlay: Overlay): boolean {
  return isObject(overlay.doc.value) && IDENTITY_FIELDS.some((f) => (overlay.doc.value as JsonObject)[f] !== undefined);
}

/** `overlay`'s document without identity fields: what is merged onto its base (the refusal is said by overlayProblems). */
export function mergeable(overlay: Overlay): LocatedDoc {
  if (!setsIdentity(overlay)) return overlay.doc;
  const value = { ...(overlay.doc.value as JsonObject) };
  for (const f of IDENTITY_FIELDS) delete value[f];
  return { ...overlay.doc, value };
}

/** Where the overlay for `key` goes, beside `overlay` (same directory, same extension), as messages show it. */
const pathFor = (overlay: Overlay, key: string) => `${overlay.dir}/${key}${/\.yml$/i.test(overlay.doc.fileOf([])) ? '.yml' : '.yaml'}`;

/** A base definition an overlay may be meant for: its key, its file as messages show it, and the keys it moved from. */
export interface BaseDefinition {
  key: string;
  /** The key its path gives (below the definitions directory, without extension): `key` unless it writes its own `key:`. */
  pathKey: string;
  file: string;
  movedFrom: readonly string[];
}

/**
 * The problems of an environment's overlays against the base definitions: an overlay with no
 * base definition (its hint says where it goes when its key moved), or one that sets an identity
 * field. Each is located in the overlay file, whose path names the environment's overlay
 * directory (validate over every environment adds the environment's name). `keyless` holds the keys
 * the paths give of definition files that gave no key (they do not parse): an overlay at one of
 * them has a base, whose own error is said at its file, so it is not said to have none.
 */
export function overlayProblems(overlays: readonly Overlay[], bases: readonly BaseDefinition[], keyless: ReadonlySet<string> = new Set()): Diagnostic[] {
  const out: Diagnostic[] = [];
  const byKey = new Map(bases.map((b) => [b.key, b]));
  const movedTo = new Map(bases.flatMap((b) => b.movedFrom.map((old) => [old, b] as const)));
  // An overlay placed at the path of a base that writes its own `key:` names that path, not the key.
  const keyedAt = new Map(bases.filter((b) => b.pathKey !== b.key).map((b) => [b.pathKey, b]));
  for (const o of overlays) {
    const value = isObject(o.doc.value) ? o.doc.value : {};
    const base = byKey.get(o.key);
    if (value.key !== undefined) {
      const written = typeof value.key === 'string' ? value.key : undefined;
      out.push(located(o.doc, ['key'], {
        code: 'invalid-overlay',
        message: `an overlay cannot set key: it applies to the base definition its path names ('${o.key}'), and a key is the same in every environment`,
        hint: written !== undefined && written !== o.key && byKey.has(written)
          ? `remove key:; to change '${written}' in this environment, move the overlay to ${pathFor(o, written)}`
          : 'remove key: from the overlay',
      }, 'key'));
    }
    if (value.moved_from !== undefined) {
      out.push(located(o.doc, ['moved_from'], {
        code: 'invalid-overlay',
        message: 'an overlay cannot set moved_from: the keys a definition moved from are its identity, the same in every environment',
        hint: `remove moved_from: from the overlay, and list the old keys in the base definition${base ? ` (${base.file})` : ''}`,
      }, 'key'));
    }
    if (base || keyless.has(o.key)) continue;
    const moved = movedTo.get(o.key);
    const keyed = moved ? undefined : keyedAt.get(o.key);
    const near = moved || keyed ? undefined : closest(o.key, [...byKey.keys()]);
    /** Where the overlay goes instead, for the base of `key`: merged into the overlay there when there is one. */
    const moveTo = (key: string) => `move the overlay to ${pathFor(o, key)}${overlays.some((x) => x.key === key) ? ', merging it into the overlay there,' : ''}`;
    out.push(located(o.doc, [], {
      code: 'overlay-without-base',
      message: moved
        ? `overlay for '${o.key}', which moved to '${moved.key}' (moved_from in ${moved.file}): no base definition has that key now`
        : keyed
          ? `overlay for '${o.key}', but ${keyed.file} has ${codeSpan(yamlLine('key', keyed.key))}, so no base definition has the key '${o.key}'`
          : `overlay for '${o.key}', but no base definition has that key`,
      hint: moved
        ? `${moveTo(moved.key)} so this environment keeps its settings for '${moved.key}'`
        : keyed
          ? `an overlay's path below the overlay directory is its base's key: ${moveTo(keyed.key)}`
          : near ? `did you mean '${near}'? An overlay's path below the overlay directory is its base's key` : 'an overlay changes a base definition; add the base definition, or remove the overlay',
    }));
  }
  return out;
}
