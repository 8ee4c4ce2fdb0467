// A definition's value assembled from several files — the base, an environment's overlay, shared
// fragments pulled in with `$ref` — that still says, for every field, which file and line wrote it.
// Each assembly step records only where provenance changes (a "mount": this subtree is that
// document's subtree at that path), so locating a field walks a few nodes and asks the document
// that wrote it, which in turn may be an assembled one. Nothing here reads a file.
import type { SourceLocation } from '../model/definition.js';
import { put, type Json, type JsonObject } from '../model/json.js';
import type { Diagnostic } from '../model/diagnostic.js';
import { formatPath, type DiagnosticInput, type FieldPart, type FieldPath, type YamlSource } from '../yaml/source.js';

/** A value and where each of its fields was written. */
export interface LocatedDoc {
  value: Json;
  /**
   * The position of the field at `path`: its key for a mapping entry (or its value with
   * `part: 'value'`), the nearest existing parent when the path goes past the value.
   */
  locate(path: FieldPath, part?: FieldPart): SourceLocation;
  /** The absolute path of the file that wrote the value at `path` (relative paths in it resolve from there). */
  fileOf(path: FieldPath): string;
  /** The scalar at `path` as its file wrote it, when YAML read it as a number, boolean or null (see YamlSource.written). */
  written(path: FieldPath): string | undefined;
  /** The string with references a value was made from (see YamlSource.reference). */
  reference?(path: FieldPath): string | undefined;
  /** Where aac.yaml writes the value of the variable `name` that references took (see YamlSource.variableAt). */
  variableAt?(name: string): string | undefined;
  /** The value the variable `name` has in this run (see YamlSource.variableValue). */
  variableValue?(name: string): Json | undefined;
}

/** One parsed file as a LocatedDoc: `locate` and `written` from its parse, `fileOf` always the file itself. */
export function fileDoc(value: Json, absPath: string, src: Pick<YamlSource, 'locate' | 'written'>): LocatedDoc {
  return { value, locate: src.locate, written: src.written, fileOf: () => absPath };
}

/** `doc`'s subtree at `at`, standing where it is mounted; `keyAbove`: its key's text is the enclosing writer's (an include's). */
interface Mount {
  doc: LocatedDoc;
  at: FieldPath;
  keyAbove?: boolean;
}

/** A node of the provenance trie; `mount` is set where the subtree's writer changes. */
interface Node {
  mount?: Mount;
  kids?: Map<string, Node>;
}

/** Segments as trie keys: a list index and a mapping key never share a container, so `String` is enough. */
const step = (seg: string | number) => String(seg);

/**
 * Builds an assembled document: `value` as a whole is `base`'s (at its root) except where
 * `mountAt` placed another document's subtree. Build with `mountAt`, then read `doc`.
 */
export class Assembly {
  private readonly root: Node;

  constructor(base: LocatedDoc, private readonly value: Json) {
    this.root = { mount: { doc: base, at: [] } };
  }

  /**
   * From here on, the field at `path` (and everything below it) was written at `at` in `doc`;
   * with `keyAbove`, all but the text of its own key, which stays the enclosing writer's (a
   * `$ref` include, whose key stands beside the `$ref` in the including file).
   */
  mountAt(path: FieldPath, doc: LocatedDoc, at: FieldPath, keyAbove = false): void {
    let node = this.root;
    for (const seg of path) {
      node.kids ??= new Map();
      let next = node.kids.get(step(seg));
      if (!next) node.kids.set(step(seg), (next = {}));
      node = next;
    }
    // A later mount of the same subtree replaces what was below it.
    node.mount = keyAbove ? { doc, at, keyAbove } : { doc, at };
    delete node.kids;
  }

  get doc(): LocatedDoc {
    const root = this.root;
    /** The deepest mount on `path` and the part of `path` below it. */
    const resolve = (path: FieldPath): [Mount, FieldPath] => {
      let mount = root.mount!;
      let depth = 0;
      let node: Node | undefined = root;
      for (let i = 0; i < path.length && node; i++) {
        node = node.kids?.get(step(path[i]!));
        if (node?.mount) {
          mount = node.mount;
          depth = i + 1;
        }
      }
      return [mount, path.slice(depth)];
    };
    return {
      value: this.value,
      locate(path, part) {
        const [m, rest] = resolve(path);
        if (part === 'name' && m.keyAbove && rest.length === 0 && path.length > 0) {
          const [above, below] = resolve(path.slice(0, -1));
          return above.doc.locate([...above.at, ...below, path.at(-1)!], part);
        }
        return m.doc.locate([...m.at, ...rest], part);
      },
      fileOf(path) {
        const [m, rest] = resolve(path);
        return m.doc.fileOf([...m.at, ...rest]);
      },
      written(path) {
        const [m, rest] = resolve(path);
        return m.doc.written([...m.at, ...rest]);
      },
    };
  }
}

/** `value` with the subtree at `path` replaced (copied along the path only; `value` is not changed). */
export function replacedAt(value: Json, path: FieldPath, replacement: Json): Json {
  return replacedAll(value, [[path, replacement]]);
}

/**
 * `value` with the subtree at each path replaced, in order (`value` is not changed): each list or
 * object on the paths is copied once, however many of them pass through it, so replacing all
 * 300,000 values of a mapping copies it once, not once each. A list or object met at two paths
 * (a YAML alias) is copied for each, as a replacement at one path is not made at the other.
 */
export function replacedAll(value: Json, replacements: ReadonlyArray<readonly [FieldPath, Json]>): Json {
  const copies = new Set<Json>();
  const copied = (v: Json): Json[] | JsonObject => {
    const copy = Array.isArray(v) ? v.slice() : { ...(v as JsonObject) };
    copies.add(copy);
    return copy;
  };
  let root = value;
  for (const [path, replacement] of replacements) {
    if (path.length === 0) {
      root = replacement;
      continue;
    }
    if (!copies.has(root)) root = copied(root);
    let at = root as Json[] | JsonObject;
    for (let i = 0; i < path.length; i++) {
      const seg = path[i]!;
      let next = i === path.length - 1 ? replacement : (at as Record<string | number, Json>)[seg]!;
      if (i < path.length - 1 && !copies.has(next)) next = copied(next);
      // A key defines an own property, even `__proto__`.
      if (Array.isArray(at)) at[seg as number] = next;
      else put(at, String(seg), next);
      at = next as Json[] | JsonObject;
    }
  }
  return root;
}

/** The subtree of `doc` at `path` as a document of its own (locating within it locates in `doc`). */
export function subDoc(doc: LocatedDoc, path: FieldPath, value: Json): LocatedDoc {
  // At the root the subtree may still be a part of the value (the keys beside a top-level `$ref`).
  if (path.length === 0) return value === doc.value ? doc : { ...doc, value };
  return {
    value,
    locate: (p, part) => doc.locate([...path, ...p], part),
    fileOf: (p) => doc.fileOf([...path, ...p]),
    written: (p) => doc.written([...path, ...p]),
  };
}

/** A diagnostic at the field `path` of `doc` (its value's position: what was written there is the problem). */
export function located(doc: LocatedDoc, path: FieldPath, input: DiagnosticInput, part: FieldPart = 'value'): Diagnostic {
  return {
    severity: input.severity ?? 'error',
    code: input.code,
    location: doc.locate(path, part),
    path: formatPath(path),
    message: input.message,
    ...(input.hint !== undefined ? { hint: input.hint } : {}),
  };
}
