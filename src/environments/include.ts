// Shared fragments: a mapping `{ $ref: _schemas/order.yaml }` anywhere in a definition is replaced,
// when the definitions are loaded, by that file's content (or the part a JSON Pointer names:
// `_tools.yaml#/get_invoice`); keys beside `$ref` are merged over it by the overlay rule. Every
// included field keeps its own file, line and column, so a mistake inside a fragment is reported
// where it is. Reading is the caller's (`ReadFragment`): this module only resolves.
//
// A `$ref` that starts with `#` or carries a URI scheme is JSON Schema's own reference and is left
// as written: function parameters and response schemas may use `$ref: "#/$defs/address"`. A
// relative file reference inside such a schema would mean nothing to the API (it retrieves
// nothing), so there it is an include too.
import { dirname, isAbsolute, join, resolve } from 'node:path';
import type { IncludeSite } from '../model/definition.js';
import type { Diagnostic } from '../model/diagnostic.js';
import { eachValue, isObject, type Json, type JsonObject } from '../model/json.js';
import { NOT_A_MAPPING, type DiagnosticInput, type FieldPath } from '../yaml/source.js';
import { yamlLine } from '../yaml/snippet.js';
import { codeSpan } from '../util/code-span.js';
import { Assembly, located, replacedAll, subDoc, type LocatedDoc } from './located.js';
import { mergeOverlay } from './merge.js';
import { closest } from '../yaml/suggest.js';
import { slashHint } from '../desired/slash-paths.js';
import { nearestHint } from '../desired/nearest-file.js';
import { isWindowsAbsolute, referencedWindowsPath, windowsAbsoluteWords } from '../desired/windows-paths.js';
import type { DiagnosticCode } from '../model/diagnostic-codes.js';
import { pointerToken, pointerTokens } from '../util/json-pointer.js';

/**
 * A fragment file read and parsed, or why it was not read (its `code` becomes the diagnostic's).
 * `held`: only for a file that is not a mapping (NOT_A_MAPPING), the list or single value it holds
 * (null when it does not read cleanly), from which each site that includes it writes its hint.
 */
export type FragmentRead = { doc: LocatedDoc; diagnostics: Diagnostic[]; held?: Json } | { refusal: { code: DiagnosticCode; reason: string; hint: string } };
/** Reads the fragment at an absolute path, under the rule every file aac reads follows. */
export type ReadFragment = (absPath: string) => FragmentRead;

export interface Resolved {
  doc: LocatedDoc;
  /** The fragments' own problems and those of each `$ref`, located. */
  diagnostics: Diagnostic[];
  /** Every fragment file the result depends on, absolute, sorted: their edits change the definition. */
  files: string[];
  /** The include sites left as written (their fragment could not be included), in document order. */
  unresolved: FieldPath[];
  /** The include sites `doc` itself writes that were included, in document order (those inside fragments are the fragments' own). */
  sites: IncludeSite[];
}

/** Nesting of includes: far beyond any sane layout, well before a deep chain costs anything. */
export const MAX_INCLUDE_DEPTH = 16;
/**
 * Includes expanded into one definition: a fragment that includes another ten times, nested a few
 * levels, would otherwise expand exponentially (the "billion laughs" of includes).
 */
export const MAX_INCLUDES = 256;

const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]+:/;
/** The names a fragment file may have. */
export const FRAGMENT_FILE = /\.(ya?ml|json)$/i;
const KEY = '$ref';

/**
 * The files being resolved, outermost first: a fragment already on it would include itself.
 * `shown` (the path messages show) is asked only for a message: a file read as JSON finds its
 * positions, and so its name in messages, only when one needs them.
 */
type Chain = ReadonlyArray<{ abs: string; shown: () => string }>;
/** Includes this definition may still expand. */
type Budget = { left: number };
/** A fragment resolved, with the includes it expands, or why it was not read. */
type Fragment = (Resolved & { expansions: number; held?: Json }) | { refusal: { code: DiagnosticCode; reason: string; hint: string } };

/** Whether `ref` names a file to include, as opposed to JSON Schema's `#…` or a URI. */
export function isInclude(ref: Json | undefined): ref is string {
  return typeof ref === 'string' && !ref.startsWith('#') && !SCHEME.test(ref);
}

/** Whether `value` is an include site: a mapping whose `$ref` names another file (isInclude). */
export function isIncludeSite(value: Json): value is JsonObject {
  return isObject(value) && Object.hasOwn(value, KEY) && isInclude(value[KEY]);
}

/** An RFC 6901 pointer (`/a/b~1c`) as a field path, or undefined when it is not one. */
function parsePointer(pointer: string): string[] | undefined {
  if (pointer !== '' && !pointer.startsWith('/')) return undefined;
  return pointerTokens(pointer);
}

/**
 * The value at a pointer's path (list indexes as numbers); where it is missing, the value the
 * path reached (`node`) and how many of its segments did reach it (`reached`).
 */
function follow(value: Json, path: readonly string[]): { value: Json; path: FieldPath } | { missing: { node: Json; reached: number } } {
  let at: Json = value;
  const out: Array<string | number> = [];
  for (const seg of path) {
    if (Array.isArray(at) && /^(0|[1-9]\d*)$/.test(seg) && Number(seg) < at.length) {
      at = at[Number(seg)]!;
      out.push(Number(seg));
    } else if (isObject(at) && Object.hasOwn(at, seg)) {
      at = at[seg]!;
      out.push(seg);
    } else {
      return { missing: { node: at, reached: out.length } };
    }
  }
  return { value: at, path: out };
}

/** What a pointer could name where `follow` stopped: the keys or indexes there, the closest first. */
function missingPointerHint(pointer: readonly string[], { node, reached }: { node: Json; reached: number }): string {
  const where = reached === 0 ? 'at its top' : `at '#/${pointer.slice(0, reached).map(pointerToken).join('/')}'`;
  if (Array.isArray(node)) return node.length === 0 ? `the fragment has an empty list ${where}` : `the fragment has a list ${where}: use an index from 0 to ${node.length - 1}`;
  if (!isObject(node)) return `the fragment has a single value ${where}, with nothing inside it`;
  const keys = Object.keys(node);
  if (keys.length === 0) return `the fragment has an empty mapping ${where}`;
  const guess = closest(pointer[reached]!, keys);
  const listed = keys.length > 10 ? `${keys.slice(0, 10).join(', ')}, …` : keys.join(', ');
  return `${guess ? `did you mean '${guess}'? ` : ''}the keys ${where} are: ${listed}`;
}

/**
 * Resolves the `$ref` includes of many documents, each fragment read and resolved once. A fragment
 * that cannot be read, names a missing pointer, includes itself (directly or through others), or
 * nests too deep is an error located at the `$ref` that names it.
 */
export class Includes {
  private readonly done = new Map<string, Fragment>();

  /**
   * `read` reads a fragment; `slashed(written, from)` gives the `/` spelling of a fragment path
   * written with `\` that was not found, when that spelling is a file (desired/slash-paths.ts);
   * `nearest(written, from)` the nearest spelling of one that names a fragment file, for any other
   * path not found (desired/nearest-file.ts).
   */
  constructor(
    private readonly read: ReadFragment,
    private readonly slashed: (written: string, from: string) => string | undefined = () => undefined,
    private readonly nearest: (written: string, from: string) => string | undefined = () => undefined,
  ) {}

  /** `doc` (one file's parse) with every include replaced. */
  resolve(doc: LocatedDoc): Resolved {
    const budget = { left: MAX_INCLUDES };
    return this.resolveIn(doc, [{ abs: doc.fileOf([]), shown: () => doc.locate([]).file }], budget);
  }

  private resolveIn(doc: LocatedDoc, chain: Chain, budget: Budget): Resolved {
    const diagnostics: Diagnostic[] = [];
    const files = new Set<string>();
    const sites = findSites(doc.value);
    if (sites.length === 0) return { doc, diagnostics, files: [], unresolved: [], sites: [] };
    const unresolved: FieldPath[] = [];
    const included: IncludeSite[] = [];
    const mounts: Array<[FieldPath, LocatedDoc]> = [];
    for (const [path, at] of sites) {
      const site = this.expand(doc, path, at, chain, budget);
      diagnostics.push(...site.diagnostics);
      for (const f of site.files) files.add(f);
      if (!site.doc) {
        unresolved.push(path);
        continue;
      }
      mounts.push([path, site.doc]);
      included.push({ path, written: at, file: doc.fileOf(path), files: site.files, locate: () => doc.locate([...path, KEY], 'value') });
    }
    const assembly = new Assembly(doc, replacedAll(doc.value, mounts.map(([path, from]) => [path, from.value])));
    for (const [path, from] of mounts) assembly.mountAt(path, from, [], true);
    return { doc: assembly.doc, diagnostics, files: [...files].sort(), unresolved, sites: included };
  }

  /** One include site: the fragment (at its pointer) with the site's other keys merged over it. */
  private expand(doc: LocatedDoc, path: FieldPath, site: JsonObject, chain: Chain, budget: Budget): { doc?: LocatedDoc; diagnostics: Diagnostic[]; files: string[] } {
    const ref = site[KEY] as string;
    const refPath = [...path, KEY];
    const fail = (input: DiagnosticInput) => ({ diagnostics: [located(doc, refPath, input)], files: [] });
    const hash = ref.indexOf('#');
    const [filePart, pointerText] = hash < 0 ? [ref, ''] : [ref.slice(0, hash), ref.slice(hash + 1)];
    // Includes are resolved before variables, once for every environment ($${ is a literal `${`).
    if (/(^|[^$])\$\{var\./.test(ref)) {
      return fail({
        code: 'invalid-ref',
        message: `$ref '${ref}' holds a \${var.…} reference: a $ref path is read before variables, so it is not replaced here`,
        hint: "give each environment its own fragment through an overlay (overlays/<environment>/<key>.yaml with its own $ref), or use the variable in a value",
      });
    }
    if (isWindowsAbsolute(filePart)) return fail({ code: 'invalid-ref', ...windowsAbsoluteWords('$ref', ref) });
    if (isAbsolute(filePart) || /^[A-Za-z]:/.test(filePart)) {
      return fail({ code: 'invalid-ref', message: `$ref '${ref}' is an absolute path`, hint: 'write the path relative to this file, inside the repository' });
    }
    if (!FRAGMENT_FILE.test(filePart)) {
      return fail({ code: 'invalid-ref', message: `$ref '${ref}' does not name a .yaml, .yml or .json file`, hint: 'a fragment is a YAML (or JSON) file, e.g. `$ref: _schemas/order.yaml`; a JSON Schema reference starts with `#`' });
    }
    const pointer = parsePointer(pointerText);
    if (pointer === undefined) {
      return fail({ code: 'invalid-ref', message: `$ref '${ref}': '#${pointerText}' is not a JSON Pointer`, hint: 'after `#`, a pointer starts with `/`, e.g. `_tools.yaml#/get_invoice`' });
    }
    const target = resolve(dirname(doc.fileOf(path)), filePart);
    const again = chain.findIndex((c) => c.abs === target);
    if (again >= 0) {
      const names = [...chain.slice(again), chain[again]!].map((c) => c.shown());
      return fail({ code: 'include-cycle', message: `$ref '${ref}' includes a file that includes it: ${names.join(' → ')}`, hint: 'break the cycle: a fragment cannot include itself, directly or through others' });
    }
    if (chain.length > MAX_INCLUDE_DEPTH) {
      return fail({ code: 'include-too-deep', message: `$ref '${ref}' is nested ${chain.length} includes deep; at most ${MAX_INCLUDE_DEPTH}`, hint: 'include the fragments from fewer levels' });
    }
    const fragment = this.fragment(target, chain);
    if ('refusal' in fragment) {
      const missing = fragment.refusal.code === 'file-not-found';
      const from = dirname(doc.fileOf(path));
      const pointerPart = ref.slice(filePart.length);
      const slashedPath = missing ? this.slashed(filePart, from) : undefined;
      const near = missing && slashedPath === undefined ? this.nearest(filePart, from) : undefined;
      const hint = slashedPath !== undefined ? slashHint(`${slashedPath}${pointerPart}`)
        : near !== undefined ? nearestHint(KEY, `${near}${pointerPart}`)
        : fragment.refusal.hint;
      // Where it looked, as instructions_file says it: the path as this run shows its files.
      const where = missing ? ` (looked for ${join(dirname(doc.locate(refPath, 'value').file), filePart)}; the path is relative to this YAML file)` : '';
      return fail({ code: fragment.refusal.code, message: `$ref '${ref}': cannot read the fragment: ${fragment.refusal.reason}${where}`, hint });
    }
    budget.left -= 1 + fragment.expansions;
    if (budget.left < 0) {
      return fail({ code: 'too-many-includes', message: `this definition expands more than ${MAX_INCLUDES} $ref includes`, hint: 'a fragment that includes others several times multiplies: include shared pieces once' });
    }
    const files = [target, ...fragment.files];
    const windows = referencedWindowsPath(filePart, '$ref');
    const own = windows ? [located(doc, refPath, windows)] : [];
    if (fragment.diagnostics.some((d) => d.severity === 'error')) {
      const held = fragment.held;
      const diagnostics = held === undefined ? fragment.diagnostics : fragment.diagnostics.map((d) => (d.code === NOT_A_MAPPING ? { ...d, hint: notMappingHint(filePart, path, held) } : d));
      return { diagnostics: [...own, ...diagnostics], files };
    }
    const found = follow(fragment.doc.value, pointer);
    if ('missing' in found) {
      return { diagnostics: [...own, ...fragment.diagnostics, located(doc, refPath, { code: 'invalid-ref', message: `$ref '${ref}': the fragment has nothing at '#${pointerText}'`, hint: missingPointerHint(pointer, found.missing) })], files };
    }
    let included = subDoc(fragment.doc, found.path, found.value);
    const siblings = Object.fromEntries(Object.entries(site).filter(([k]) => k !== KEY));
    if (Object.keys(siblings).length > 0) {
      if (!isObject(included.value)) {
        return { diagnostics: [...own, ...fragment.diagnostics, located(doc, refPath, { code: 'invalid-ref', message: `$ref '${ref}' has keys beside it, but names ${Array.isArray(included.value) ? 'a list' : 'a single value'}, not a mapping`, hint: 'keys beside $ref are merged over a mapping; remove them, or include a mapping' })], files };
      }
      const over = this.resolveIn(subDoc(doc, path, siblings), chain, budget);
      included = mergeOverlay(included, over.doc);
      return { doc: included, diagnostics: [...own, ...fragment.diagnostics, ...over.diagnostics], files: [...files, ...over.files] };
    }
    return { doc: included, diagnostics: [...own, ...fragment.diagnostics], files };
  }

  /**
   * The fragment file read and resolved, once per instance, with the includes it expands. Its
   * expansion has a budget of its own, so whether it fits never depends on which definition
   * happened to include it first; the including definition then counts what it expands.
   */
  private fragment(target: string, chain: Chain): Fragment {
    const seen = this.done.get(target);
    if (seen) return seen;
    const got = this.read(target);
    if ('refusal' in got) {
      this.done.set(target, got);
      return got;
    }
    const budget = { left: MAX_INCLUDES };
    const inner = this.resolveIn(got.doc, [...chain, { abs: target, shown: () => got.doc.locate([]).file }], budget);
    const resolved = { ...inner, diagnostics: [...got.diagnostics, ...inner.diagnostics], expansions: MAX_INCLUDES - budget.left, ...(got.held === undefined ? {} : { held: got.held }) };
    this.done.set(target, resolved);
    return resolved;
  }
}

/** The include sites in `value` and their paths, outermost only (an include's own keys are resolved with it). */
function findSites(value: Json): Array<[FieldPath, JsonObject]> {
  const sites: Array<[FieldPath, JsonObject]> = [];
  // In the document's order, so sites come out in it.
  eachValue(value, (v, path) => {
    if (!isIncludeSite(v)) return true;
    sites.push([[...path], v]);
    return false;
  });
  return sites;
}

/** Values shown in a hint as they are, at most this long: a longer one is said, not written out. */
const SHOWN_VALUE_MAX = 60;

/**
 * The hint for a fragment (`file`, as the `$ref` writes it) that holds a list or a single value
 * (`held`; null when it does not read cleanly), included at `path`: the value put under a key
 * named as the field that includes it (the last key of `path`; `value` at the top), then the
 * pointer to that key: `put the value under a key, \`model: gpt-4o\` in _model.yaml, and include it
 * with a pointer: \`$ref: _model.yaml#/model\``. A value too long to write out (or a list of
 * mappings) is said as a list or value to indent under the key.
 */
function notMappingHint(file: string, path: FieldPath, held: Json): string {
  const key = [...path].reverse().find((step): step is string => typeof step === 'string') ?? 'value';
  const ref = codeSpan(`${KEY}: ${file}#/${pointerToken(key)}`);
  const line = typeof held === 'string' ? yamlLine(key, held) : held !== null && typeof held !== 'object' ? `${key}: ${String(held)}` : Array.isArray(held) ? flowList(key, held) : undefined;
  if (line !== undefined && line.length <= SHOWN_VALUE_MAX && !line.includes('\n')) return `put the ${Array.isArray(held) ? 'list' : 'value'} under a key, ${codeSpan(line)} in ${file}, and include it with a pointer: ${ref}`;
  const what = Array.isArray(held) ? 'the list' : 'the value';
  return `put ${what} under a key in ${file}: ${codeSpan(`${key}:`)} on its first line, ${what} indented under it; then include it with a pointer: ${ref}`;
}

/** `key: [a, b]`, a list of scalars as one line of flow YAML (JSON's spelling, which YAML reads alike); undefined for a list that holds lists or mappings. */
function flowList(key: string, items: readonly Json[]): string | undefined {
  if (items.some((item) => item !== null && typeof item === 'object')) return undefined;
  return `${key}: [${items.map((item) => JSON.stringify(item)).join(', ')}]`;
}
