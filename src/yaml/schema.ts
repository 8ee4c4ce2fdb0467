// JSON Schemas, compiled at build time for those in schema/ (see precompiled.ts), else once per
// process on first use (ajv's 2020-12 build), and ajv's errors turned into diagnostics that say what is
// wrong, where, and how to fix it.
import { readdirSync, readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ErrorObject, Options, ValidateFunction } from 'ajv/dist/2020.js';
import type { Diagnostic } from '../model/diagnostic.js';
import { isObject, type Json } from '../model/json.js';
import { NOT_READ_HERE, WHOLE_REFERENCE } from '../model/reference.js';
import { SCHEMA_DIR } from '../util/package.js';
import { ajv2020, precompiled, validatorDigest } from './precompiled.js';
import { formatPath, type YamlSource } from './source.js';
import { closest } from './suggest.js';
import { redact } from '../util/redact.js';
import { codePoints, firstCodePoints } from '../util/characters.js';
import { selectBranches, type Chosen, type RefResolver } from './union-branch.js';
import { tooManyPairs } from '../model/marker.js';
import { cutToLimits, holdsLargeCollection, writtenCount } from './collection-limits.js';
import { codeSpan } from '../util/code-span.js';
import { orList, withArticle } from '../util/words.js';
import { millisecondsIn } from '../util/duration.js';
import { lazy } from '../util/lazy.js';
import { pointerToken, pointerTokens } from '../util/json-pointer.js';

// strict: false for speed and for the options below; the schemas themselves compile in stock
// ajv's strict mode (a test holds them to it), for users who validate with ajv.
// unicode: false measures strings in UTF-16 units, never fewer than characters: a string within
// a maxLength passes without the character count that took 7 % of validating 10,000 files, and
// the rare string over it is counted in characters in `schemaDiagnostics`. Every minLength is 1,
// which both measures agree on. ajv calls the option deprecated and says so on the console; its
// logger has nothing else to say about our own fixed schemas, so it is off.
// Compiling at run time (without a build) is most of `aac validate`'s start-up: shared $defs as
// functions of their own, and no optimising pass over the generated code, halve it (validation
// itself is not slower).
/** The options every shipped schema is compiled with, at build time and at run time. */
/** How the hint of an unknown field begins when nothing nearer is known: the fields allowed there follow (desired/kind-mismatch.ts reads it so). */
export const ALLOWED_FIELDS_HINT = 'the fields allowed here are: ';

export const SCHEMA_OPTIONS: Options = { allErrors: true, verbose: true, strict: false, validateFormats: false, unicode: false, logger: false, inlineRefs: false, code: { optimize: false } };

/** Compiled schemas by file URL. */
const compiled = new Map<string, ValidateFunction>();

/**
 * The schemas in schema/ that others `$ref` (key.schema.json: the key's format, one statement for
 * every kind's `key` and `moved_from`), by file name: added to every compiler, and no validator of
 * their own.
 */
const SHARED_SCHEMAS = ['key.schema.json'];

/** The shared schemas' texts, read once (a build's validator records them in its digest). */
const sharedTexts = lazy(() => SHARED_SCHEMAS.map((file) => readFileSync(new URL(file, SCHEMA_DIR), 'utf8')));

/**
 * `ajv` with the shared schemas added, so that it resolves the kinds' `$ref`s to them: what a user
 * validating with their own ajv does too (README, "JSON Schemas of the documents").
 */
export function withSharedSchemas<A extends { addSchema(schema: object): unknown }>(ajv: A): A {
  for (const text of sharedTexts()) ajv.addSchema(JSON.parse(text) as object);
  return ajv;
}

/** A compiler with SCHEMA_OPTIONS (and `options` over them) that resolves the shared schemas' `$ref`s. */
function schemaCompiler(options: Options = {}): ReturnType<typeof ajv2020> {
  return withSharedSchemas(ajv2020({ ...SCHEMA_OPTIONS, ...options }));
}

/** A schema file's text, and the name and digest of the validator the build generates from it (the shared schemas' texts included). */
function schemaSource(url: URL): { text: string; name: string; digest: string } {
  const text = readFileSync(url, 'utf8');
  return { text, name: basename(fileURLToPath(url)).replace(/\.json$/, ''), digest: validatorDigest([text, ...sharedTexts()].join('\0'), SCHEMA_OPTIONS) };
}

/**
 * Loads the validator of the schema at `url` (its code compiled at build time, or the schema
 * compiled now), as the first validateAgainst of it would: for a caller that has the event loop
 * take a turn between loading it (tens of ms at its first use) and the first check.
 */
export function loadValidator(url: URL): void {
  validator(url);
}

function validator(url: URL): ValidateFunction {
  let fn = compiled.get(url.href);
  if (!fn) {
    const { text, name, digest } = schemaSource(url);
    fn = precompiled(name, digest) ?? schemaCompiler().compile(JSON.parse(text) as object);
    compiled.set(url.href, fn);
  }
  return fn;
}

/** A standalone validator module for every schema in schema/ but the shared ones, by name, for the build (scripts/build-validators.mjs). */
export function schemaValidatorModules(standalone: (ajv: ReturnType<typeof ajv2020>, fn: ValidateFunction, digest: string) => string): Record<string, string> {
  const files = readdirSync(SCHEMA_DIR).filter((f) => f.endsWith('.schema.json') && !SHARED_SCHEMAS.includes(f));
  return Object.fromEntries(files.map((file) => {
    const { text, name, digest } = schemaSource(new URL(file, SCHEMA_DIR));
    const ajv = schemaCompiler({ code: { ...SCHEMA_OPTIONS.code, source: true } });
    return [name, standalone(ajv, ajv.compile(JSON.parse(text) as object), digest)];
  }));
}

/** Decodes ajv's JSON pointer into `root` as a field path, with array indexes as numbers. */
export function pointerPath(pointer: string, root: Json | undefined): (string | number)[] {
  if (pointer === '') return [];
  const path: (string | number)[] = [];
  let node: unknown = root;
  for (const seg of pointerTokens(pointer)) {
    if (Array.isArray(node)) {
      path.push(Number(seg));
      node = node[Number(seg)];
    } else {
      path.push(seg);
      node = node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[seg] : undefined;
    }
  }
  return path;
}

/**
 * YAML 1.1's words for true and false that YAML 1.2, which aac reads (README, "YAML"), takes as
 * text: `yes`/`no`, `on`/`off`, `y`/`n`, each as 1.1 spells them (lower, capitalised, upper case).
 */
const YAML11_TRUE = /^(?:y|Y|yes|Yes|YES|on|On|ON)$/;
const YAML11_FALSE = /^(?:n|N|no|No|NO|off|Off|OFF)$/;

/**
 * The hint for `data` where a boolean is expected, when it is one of YAML 1.1's words for one
 * (`'no' is text in YAML 1.2, not a boolean: write false`); undefined otherwise. For every place
 * a schema, aac's or a user's JSON Schema, takes true or false.
 */
export function yaml11BooleanHint(data: unknown): string | undefined {
  if (typeof data !== 'string') return undefined;
  const value = YAML11_TRUE.test(data) ? true : YAML11_FALSE.test(data) ? false : undefined;
  return value === undefined ? undefined : `${codeSpan(data)} is text in YAML 1.2, not a boolean: write ${value}`;
}

/** `written`: the scalar's text in the file (`1.10`), shown beside what YAML made of it when they differ. */
export function describe(value: unknown, written?: string): string {
  if (value === null) return 'empty (null)';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return `the string '${clip(value)}'`;
  const shown = String(value);
  return `${typeof value} ${shown}${written !== undefined && written !== shown ? ` (written ${clip(written)})` : ''}`;
}

function clip(s: string, max = 40): string {
  // By characters: a cut between the two halves of an emoji would leave half of one.
  return codePoints(s) > max ? `${firstCodePoints(s, max)}…` : s;
}

/**
 * The hint for a value of the wrong type that `${var.…}` syntax gave or was meant to give, where
 * the fix is in how the reference is written or declared (README, Environments: "A string that is
 * exactly one reference takes the value with its type; inside longer text, its text"); undefined
 * when none is involved. `written`: the string the value was made from by replacing references
 * (YamlSource.reference); `data`: the value checked.
 */
function referenceTypeHint(written: string | undefined, data: unknown, label: string, wantsString: boolean): string | undefined {
  // Exactly one reference takes its variable's type: quoting it changes nothing.
  if (written !== undefined && WHOLE_REFERENCE.test(written)) {
    return wantsString
      ? `${written} takes its variable's type: declare the variable \`type: string\` in aac.yaml, or put the reference inside longer text`
      : `${written} takes its variable's type: declare the variable with the type ${label} takes in aac.yaml, or give it such a value`;
  }
  if (wantsString || typeof data !== 'string') return undefined;
  // References inside longer text, or an escaped `$${`, give text.
  if (written !== undefined) {
    return written.includes('$${')
      ? `${codeSpan(`$\${`)} writes a literal ${codeSpan(`\${`)}, so '${clip(written)}' is the text '${clip(data)}': write \${var.NAME} alone to take its variable's value with its type`
      : `a reference inside longer text gives text ('${clip(written)}' is '${clip(data)}'): write the reference alone, "\${var.NAME}", to take its variable's value with its type`;
  }
  // A reference where none is read (aac.yaml: a definition's are all replaced, or reported).
  if (data.includes('${var.')) return NOT_READ_HERE;
  // Written like a reference, but not one: left as text.
  if (/\$\{[^}]*\}/.test(data)) return `'${clip(data)}' is not a variable reference, so it stays text: a reference is \${var.NAME}, alone in the string to take its variable's value with its type`;
  return undefined;
}

const TYPE_WORDS: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  integer: 'an integer',
  boolean: 'true or false',
  object: 'a mapping',
  array: 'a list',
  null: 'null',
};

/** A JSON Schema `type` (one or a list; ajv's params give a list joined by commas) in words: `a mapping or true or false`. */
export function typeWords(t: unknown): string {
  const types = Array.isArray(t) ? t.map(String) : String(t).split(',');
  const list = types.length > 1 ? types.filter((x) => x !== 'null') : types;
  const words = list.map((x) => TYPE_WORDS[String(x)] ?? String(x));
  return words.length > 1 ? `${words.slice(0, -1).join(', ')} or ${words.at(-1)}` : words[0] ?? 'something else';
}

export interface MapOptions {
  /** What the whole document is called in messages: `the definition` unless given (`aac.yaml` for the project config). */
  document?: string;
  /** Top-level fields that are the tool's own, not the API's, for "aac allows" vs "the API allows". */
  ownFields: ReadonlySet<string>;
  /** Never quote values in messages (the config file: a value might be a secret put in the wrong field). */
  quoteValues: boolean;
  /** Fields a definition cannot have that someone may write (pasted from a response, another backend's), with the hint. */
  serverOnly?: Readonly<Record<string, string>>;
  /**
   * Hints for a top-level field the document's kind lacks and another kind has (the definition
   * read under the wrong provider: desired/kind-mismatch.ts otherKindFieldHints), by field; said
   * before a did-you-mean, which would point at a field of the wrong kind.
   */
  otherKind?: Readonly<Record<string, string>>;
  /** Hints for a value not allowed at a top-level field (an enum or a `oneOf` of shapes), by field. */
  valueHints?: Readonly<Record<string, string>>;
  /**
   * The values the run's host accepts at `path`, where fewer than the schema's enum lists (a
   * schema shared by several hosts: ResourceKind.allowedValues): a value the enum refuses is told
   * to be one of those. Undefined where the schema's list is the host's.
   */
  allowedValues?: (path: readonly (string | number)[]) => readonly string[] | undefined;
  /**
   * The other hosts (providers, of the same kind) that accept `value` at `path` where the run's
   * does not (ResourceKind.allowedValues of each): a value the run's host refuses that is a near
   * miss of theirs only (`bing_groundin` under openai) is told whose it is.
   */
  takenElsewhere?: (path: readonly (string | number)[], value: string) => readonly string[];
  /**
   * For a value a top-level field's `pattern` refuses, by field: a valid value made of the one
   * written (an agent name from `Billing Support!`), or undefined when none can be made; the
   * hint then proposes it.
   */
  proposals?: Readonly<Record<string, (given: string) => string | undefined>>;
  /** The top-level field holding the metadata, which also carries aac's marker. */
  metadataField?: string;
}

/**
 * The one diagnostic for each distinct problem, most specific first, `if` noise dropped; `chosen`
 * names the branch of a union an error at the union's place belongs to (union-branch.ts).
 */
function schemaDiagnostics(src: YamlSource, errors: readonly ErrorObject[], opts: MapOptions, chosen: ReadonlyMap<ErrorObject, Chosen>, above: FieldAbove, resolve: RefResolver): Diagnostic[] {
  const out: Diagnostic[] = [];
  const seen = new Set<string>();
  const typeErrorAt = new Set(errors.filter((e) => e.keyword === 'type').map((e) => e.instancePath));
  // An empty string fails its pattern too, for the same reason: "is empty" says it once.
  const emptyAt = new Set(errors.filter((e) => e.keyword === 'minLength' && e.data === '').map((e) => e.instancePath));
  const coveredAt = coveredRequired(errors, resolve);
  for (const e of errors) {
    if (e.keyword === 'required' && coveredAt.has(`${e.instancePath}\0${String((e.params as { missingProperty: unknown }).missingProperty)}`)) continue;
    // A `propertyNames` error only says "property name must be valid"; the errors of the key's own
    // check (reported with `propertyName`) say why, or were a miscount dropped below.
    if (e.keyword === 'if' || e.keyword === 'propertyNames') continue;
    if (e.keyword === 'maxLength' && codePoints(String(e.data)) <= (e.params as { limit: number }).limit) continue;
    if (e.keyword !== 'type' && typeErrorAt.has(e.instancePath)) continue;
    if (e.keyword === 'pattern' && emptyAt.has(e.instancePath)) continue;
    const d = mapError(src, e, opts, above, resolve, chosen.get(e));
    const id = `${d.location.line}:${d.location.column}:${d.code}:${d.message}`;
    if (seen.has(id)) continue;
    seen.add(id);
    out.push(d);
  }
  return out;
}

/** An unknown field's name, the fields its place allows, and the one it most likely means (`Model` → `model`). */
function unknownField(e: ErrorObject): { field: string; known: string[]; guess: string | undefined } {
  const field = String((e.params as { additionalProperty: unknown }).additionalProperty);
  const known = Object.keys(((e.parentSchema ?? {}) as { properties?: object }).properties ?? {}).filter((k) => k !== '$schema');
  return { field, known, guess: closest(field, known) };
}

/**
 * The field of the object of an unknown-field error `e` whose own object (its schema's
 * `properties`, through any `$ref`: a function tool's `function` is `#/$defs/functionDefinition`,
 * and through the shapes it takes by its `type`: an agent's MCP `transport` lists `server_url`
 * under `allOf: [{if: http, then: …}]`) has `field`: where a field written a level too high
 * belongs (`concurrency` → `options`, a flat function tool's `name` → `function`, an MCP tool's
 * `server_url` → `transport`). Undefined when none has it.
 */
function fieldBelow(e: ErrorObject, field: string, resolve: RefResolver): string | undefined {
  const properties = (((e.parentSchema ?? {}) as { properties?: object }).properties ?? {}) as Record<string, unknown>;
  return unknownField(e).known.find((k) => hasField(properties[k], field, resolve));
}

/**
 * The field written just before the unknown `field`, in the same mapping, when it has no value
 * (`metadata:` and nothing after it) and takes a mapping: `field` is most likely one of its
 * entries, written without the indent that puts it under it (YAML reads `metadata:` then
 * `team: support` at the same column as two fields). Undefined otherwise.
 */
function emptyFieldBefore(e: ErrorObject, field: string, resolve: RefResolver): string | undefined {
  const data = e.data;
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return undefined;
  const keys = Object.keys(data);
  const before = keys[keys.indexOf(field) - 1];
  if (before === undefined || (data as Record<string, unknown>)[before] !== null) return undefined;
  const properties = (((e.parentSchema ?? {}) as { properties?: object }).properties ?? {}) as Record<string, unknown>;
  const schema = followRefs(properties[before], resolve);
  const takesMapping = (s: Record<string, unknown> | undefined): boolean => s !== undefined && (
    s.type === 'object' || (Array.isArray(s.type) && s.type.includes('object'))
    || (Array.isArray(s.anyOf) && s.anyOf.some((branch) => takesMapping(followRefs(branch, resolve)))));
  return takesMapping(schema) ? before : undefined;
}

/**
 * The text field written just before the unknown `field`, in the same mapping, when its value is
 * empty and `field` reads as words (it holds white space): a block scalar's text written without
 * its indent (`instructions: |`, then `You are: a bot.` at its column), which YAML reads as an
 * empty text and a field. Undefined otherwise.
 */
function emptyTextBefore(e: ErrorObject, field: string): string | undefined {
  const data = e.data;
  if (!/\s/.test(field) || data === null || typeof data !== 'object' || Array.isArray(data)) return undefined;
  const keys = Object.keys(data);
  const before = keys[keys.indexOf(field) - 1];
  return before !== undefined && (data as Record<string, unknown>)[before] === '' ? before : undefined;
}

/**
 * The list field written just before the unknown `field`, in the same mapping, whose last item is
 * a mapping that lacks `field` and whose items take it (a tool's `name`): `field` is most likely
 * that item's, written at the column of its `- ` rather than of its fields (YAML reads `tools:`,
 * `- type: function`, then `name: x` at the dash's column as a field beside `tools`), as are the
 * unknown fields between. Undefined otherwise.
 */
function listItemBefore(e: ErrorObject, field: string, resolve: RefResolver): string | undefined {
  const data = e.data;
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return undefined;
  const properties = (((e.parentSchema ?? {}) as { properties?: object }).properties ?? {}) as Record<string, unknown>;
  // The nearest field before it that belongs here: the unknown ones between are that item's too.
  const keys = Object.keys(data);
  const before = keys.slice(0, keys.indexOf(field)).findLast((k) => Object.hasOwn(properties, k));
  const list = before === undefined ? undefined : (data as Record<string, unknown>)[before];
  const last: unknown = Array.isArray(list) ? list.at(-1) : undefined;
  if (last === null || typeof last !== 'object' || Array.isArray(last) || Object.hasOwn(last, field)) return undefined;
  return hasField(followRefs(properties[before!], resolve)?.items, field, resolve) ? before : undefined;
}

/** Whether the object schema `node` has the field `field`, in its own `properties` or a branch's (anyOf, oneOf, allOf, if/then). */
function hasField(node: unknown, field: string, resolve: RefResolver, depth = 0): boolean {
  const schema = followRefs(node, resolve);
  if (schema === undefined || depth > 8) return false;
  const properties = schema.properties;
  if (properties !== null && typeof properties === 'object' && Object.hasOwn(properties, field)) return true;
  const branches = [schema.anyOf, schema.oneOf, schema.allOf].flatMap((list) => (Array.isArray(list) ? list : []));
  return [...branches, schema.then].some((branch) => hasField(branch, field, resolve, depth + 1));
}

/**
 * The entry at `path` (its last step a key) of a map of named entries in `root`, with the fields
 * each entry takes (`entry`: the entry's schema, its `properties`) and the keys of the map around
 * it, in their written order; undefined when `path` names no entry of a mapping.
 */
function entryAmong(root: unknown, path: readonly (string | number)[], entry: Record<string, unknown>): { name: string; fields: object; map: Record<string, unknown>; keys: string[] } | undefined {
  const name = path.at(-1);
  const fields = entry.properties;
  if (typeof name !== 'string' || fields === null || typeof fields !== 'object') return undefined;
  const map = path.slice(0, -1).reduce<unknown>((node, k) => (node !== null && typeof node === 'object' ? (node as Record<string | number, unknown>)[k] : undefined), root);
  if (map === null || typeof map !== 'object' || Array.isArray(map)) return undefined;
  return { name, fields, map: map as Record<string, unknown>, keys: Object.keys(map) };
}

/** The hint for a line YAML read beside `before`, which has no value, where it is most likely one of `before`'s `what` (entries, settings) written without its indent. */
function indentUnder(before: string, field: string, what: string): string {
  return `${codeSpan(`${before}:`)} before it has no value: if '${field}' is one of its ${what}, indent this line under it, as ${codeSpan(`  ${field}: …`)}`;
}

/**
 * For an error at an entry of a map of named entries (`environments.namespace`, `variables.type`)
 * whose name is one of the fields each entry takes (`entry`: the entry's schema, the one that
 * failed): a field of the entry above, written without the indent that puts it under it, which
 * YAML reads as an entry of its own (`prod:` and nothing after it, then `namespace: x` at its
 * column). The hint that says so, with the indent; undefined for any other entry.
 */
function settingWrittenAsEntry(root: unknown, path: readonly (string | number)[], entry: Record<string, unknown>): string | undefined {
  const at = entryAmong(root, path, entry);
  if (at === undefined || !Object.hasOwn(at.fields, at.name)) return undefined;
  const { name, map, keys } = at;
  const before = keys[keys.indexOf(name) - 1];
  if (before !== undefined && map[before] === null) return indentUnder(before, name, 'settings');
  return `'${name}' is a field of each entry of ${codeSpan(`${formatPath(path.slice(0, -1))}:`)}, not an entry's name: write it indented under the entry it belongs to`;
}

/**
 * For an entry of a map of named entries that has no value (`prod:` and nothing after it): the
 * field of it written on the next line without its indent (`namespace: x` at its column), which
 * YAML reads as an entry of its own. The hint that says so; undefined when the next entry is not
 * named as one of its fields.
 */
function settingsBelowUnindented(root: unknown, path: readonly (string | number)[], entry: Record<string, unknown>): string | undefined {
  const at = entryAmong(root, path, entry);
  if (at === undefined) return undefined;
  const { name, fields, keys } = at;
  const next = keys[keys.indexOf(name) + 1];
  if (next === undefined || !Object.hasOwn(fields, next)) return undefined;
  return `${formatPath(path)} has no value: ${codeSpan(`${next}:`)} below it, at its column, is read as an entry of its own; if it is one of the settings of '${name}', indent it under ${codeSpan(`${name}:`)}, as ${codeSpan(`  ${next}: …`)}`;
}

/**
 * The required fields (`instancePath` NUL `field`) an unknown field's error already accounts for:
 * the field it most likely means (`Model:` is the missing `model`), one written inside it
 * (`function: {name: …}` where an agent's tool wants `name` one level up), or the one it belongs
 * in (`name:` beside a tool's `type:` where `function: {name: …}` is wanted). One typo, one error.
 */
function coveredRequired(errors: readonly ErrorObject[], resolve: RefResolver): Set<string> {
  const covered = new Set<string>();
  for (const e of errors) {
    if (e.keyword !== 'additionalProperties' || e.propertyName !== undefined) continue;
    const { field, guess } = unknownField(e);
    if (guess !== undefined) covered.add(`${e.instancePath}\0${guess}`);
    // Or the object it belongs in (a function tool's `name:` beside `type:` is the missing `function:`).
    const under = guess === undefined ? fieldBelow(e, field, resolve) : undefined;
    if (under !== undefined) covered.add(`${e.instancePath}\0${under}`);
    const inside: unknown = (e.data as Record<string, unknown> | undefined)?.[field];
    if (inside !== null && typeof inside === 'object' && !Array.isArray(inside)) for (const k of Object.keys(inside)) covered.add(`${e.instancePath}\0${k}`);
  }
  return covered;
}

function mapError(src: YamlSource, e: ErrorObject, opts: MapOptions, above: FieldAbove, resolve: RefResolver, chosen?: Chosen): Diagnostic {
  const path = pointerPath(e.instancePath, src.value);
  const document = opts.document ?? 'the definition';
  const place = path.length === 0 ? document : formatPath(path);
  // `text.format (type: json_schema)`: which shape of a union the fields were checked against.
  const label = chosen ? `${place} (${chosen.key}: ${clip(chosen.value)})` : place;
  const who = typeof path[0] === 'string' && opts.ownFields.has(path[0]) ? 'aac allows' : 'the API allows';
  const data: unknown = e.data;
  const parent = (e.parentSchema ?? {}) as Record<string, unknown>;
  const params = e.params as Record<string, unknown>;
  const shown = (v: unknown) => (opts.quoteValues ? ` '${clip(String(v))}'` : '');
  if (e.propertyName !== undefined) return keyError(src, e, path, label, who);

  switch (e.keyword) {
    case 'additionalProperties': {
      const { field, known, guess } = unknownField(e);
      // Own entries only: a field named `__proto__` or `toString` must not read the prototype's.
      // Not inside a chosen shape of a union: those hints are about the field elsewhere (`strict`
      // of a function tool), and the shape's own fields say what belongs there.
      const serverOnly = opts.serverOnly && !chosen && Object.hasOwn(opts.serverOnly, field) ? opts.serverOnly[field] : undefined;
      const otherKind = opts.otherKind && !chosen && path.length === 0 && Object.hasOwn(opts.otherKind, field) ? opts.otherKind[field] : undefined;
      // A field of an object one level down, written a level too high (`concurrency:` for `options.concurrency`).
      const under = fieldBelow(e, field, resolve);
      // And the other way: a field of an object above, written a level or more too deep
      // (`options.retain_versions` for the top level's); not in a union's shape, as for serverOnly.
      const owner = guess || under || chosen ? undefined : above(path, field);
      const belongs = owner && (owner.length === 0 ? `at the top level of ${document}` : `under ${codeSpan(`${formatPath(owner)}:`)}`);
      // A field of the list item above, written at its dash's column, is a field here too; said
      // before a look-alike field of another level (a tool's `name` is not the definition's).
      const item = guess || under ? undefined : listItemBefore(e, field, resolve);
      const itemIndent = item && `${codeSpan(`${item}:`)} before it is a list whose last item has no '${field}': if '${field}' is that item's, indent this line to the column of the item's fields (after its ${codeSpan('- ')})`;
      const empty = guess || under || belongs || item ? undefined : emptyFieldBefore(e, field, resolve);
      const indent = empty && indentUnder(empty, field, 'entries');
      const text = guess || under || belongs || item || empty ? undefined : emptyTextBefore(e, field);
      const textIndent = text && `${codeSpan(`${text}:`)} before it is empty: if this line is its text, indent it more than ${codeSpan(`${text}:`)}, as a block's lines are`;
      // The mapping holding it may itself be a setting of the entry above, read as an entry (`values:` under `environments:`).
      const asEntry = chosen ? undefined : settingWrittenAsEntry(src.value, path, parent);
      return src.diag([...path, field], {
        code: 'unknown-field',
        message: `unknown field '${field}' in ${label}`,
        hint: serverOnly ?? otherKind ?? asEntry ?? itemIndent ?? (guess ? `did you mean '${guess}'?` : under ? `did you mean '${under}.${field}'? it is written under ${codeSpan(`${under}:`)}` : belongs ? `'${field}' is written ${belongs}, not under ${codeSpan(`${place}:`)}: move it there` : indent ?? textIndent ?? `${ALLOWED_FIELDS_HINT}${known.join(', ')}`),
      }, 'name');
    }
    case 'required': {
      const field = String(params.missingProperty);
      // The values it may take: a union's branch names them, else the field's own `enum` (a
      // variable's type) or `const` (a Foundry agent's `kind: prompt`), the one value written whole.
      const fieldSchema = (parent.properties as Record<string, { type?: unknown; enum?: unknown; const?: unknown; examples?: unknown }> | undefined)?.[field];
      const allowed = Array.isArray(params.allowedValues) ? params.allowedValues : Array.isArray(fieldSchema?.enum) ? fieldSchema.enum : fieldSchema !== undefined && Object.hasOwn(fieldSchema, 'const') ? [fieldSchema.const] : undefined;
      // A free string is shown as its form (`model: <model>`, as ResourceKind.starter writes it), with
      // an example only where the field's schema gives one (`examples`, each from its API's own
      // reference: the Assistants API's `model`); where the source names none (the Agents API's
      // `model`, a Foundry deployment), the form alone: no value is made up.
      const form = fieldSchema?.type === 'string' && !allowed ? `${field}: <${field}>` : `${field}:`;
      const example = Array.isArray(fieldSchema?.examples) && fieldSchema.examples.length > 0 ? `, e.g. ${codeSpan(`${field}: ${String(fieldSchema.examples[0])}`)}` : '';
      return src.diag(path, {
        code: 'missing-field',
        message: `${label} is missing the required field '${field}'`,
        hint: allowed?.length === 1 ? `add ${codeSpan(`${field}: ${String(allowed[0])}`)}` : `add ${codeSpan(form)}${allowed ? ` (one of: ${allowed.map(String).join(', ')})` : example}`,
      });
    }
    case 'maxLength':
      return src.diag(path, {
        code: 'max-length',
        message: `${label} is ${codePoints(String(data))} characters; ${who} at most ${params.limit as number}`,
        hint: `shorten ${label}`,
      }, 'value');
    case 'minLength':
      return src.diag(path, { code: 'empty-value', message: `${label} is empty`, hint: `give ${label} a value, or remove the field` }, 'value');
    case 'maxItems':
      return src.diag(path, {
        code: 'max-items',
        message: `${label} has ${writtenCount(data as unknown[])} items; ${who} at most ${params.limit as number}`,
        hint: `remove items from ${label}`,
      }, 'value');
    case 'minProperties':
      return src.diag(path, {
        code: 'min-properties',
        message: `${label} is empty: it needs at least ${params.limit as number} ${(params.limit as number) === 1 ? 'entry' : 'entries'}`,
        hint: `add an entry under ${label}, or remove the line`,
      }, 'value');
    case 'minItems':
      return src.diag(path, { code: 'min-items', message: `${label} needs at least ${params.limit as number} item(s)`, hint: `add an item to ${label}` }, 'value');
    case 'maxProperties': {
      const n = writtenCount(data as object);
      const isMetadata = path.length === 1 && path[0] === opts.metadataField;
      return src.diag(path, {
        code: 'max-properties',
        message: isMetadata
          ? tooManyPairs(String(n), params.limit as number)
          : `${label} has ${n} entries; ${who} at most ${params.limit as number}`,
        hint: `remove entries from ${label}`,
      }, 'value');
    }
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum': {
      const min = parent.minimum;
      const max = parent.maximum;
      const range = min !== undefined && max !== undefined ? `between ${min as number} and ${max as number}` : min !== undefined ? `at least ${min as number}` : `at most ${max as number}`;
      // As written (`9007199254740993`), not as the nearest double YAML made of it.
      const value = typeof data === 'number' ? src.written(path) ?? String(data) : String(data);
      return src.diag(path, { code: 'out-of-range', message: `${label} is ${value}; it must be ${range}`, hint: `set ${label} to a value ${range}` }, 'value');
    }
    case 'type': {
      const expected = typeWords(params.type);
      const wantsString = String(params.type).split(',').includes('string');
      const booleanHint = String(params.type).split(',').includes('boolean') ? yaml11BooleanHint(data) : undefined;
      const referenceHint = referenceTypeHint(src.reference?.(path), data, label, wantsString);
      // Where a mapping is wanted, the value may be a setting of the entry above YAML read as an entry.
      const wantsMapping = String(params.type).split(',').includes('object');
      const asEntry = wantsMapping && data !== null ? settingWrittenAsEntry(src.value, path, parent) : undefined;
      const unindented = wantsMapping && data === null ? settingsBelowUnindented(src.value, path, parent) : undefined;
      const asNumber = typeof data === 'string' ? numberWrittenAsText(path, data, params.type, parent) : undefined;
      const asList = String(params.type).split(',').includes('array') && opts.quoteValues ? listWrittenAsOne(path, data, parent, resolve, opts.allowedValues) : undefined;
      const asWord = wantsMapping && typeof data === 'string' ? mappingWrittenAsWord(path, data, parent, opts.allowedValues) : undefined;
      // A list, or its names written as one word (`environments: dev, prod`).
      const asItems = !wantsMapping || asWord !== undefined ? undefined
        : Array.isArray(data) ? mappingWrittenAsList(path, data, parent, opts.quoteValues)
        : typeof data === 'string' ? mappingWrittenAsList(path, wordsOf(data), parent, opts.quoteValues) : undefined;
      let hint = asNumber?.hint ?? asList ?? asItems ?? (asWord === undefined ? `set ${label} to ${expected}` : `write it as a mapping: ${codeSpan(asWord)}`);
      if (data === null) hint = unindented ?? `${label} has no value: give it one, or remove the line`;
      else if (asEntry !== undefined) hint = asEntry;
      else if (referenceHint !== undefined) hint = referenceHint;
      else if (booleanHint !== undefined) hint = booleanHint;
      else if (String(params.type).split(',').includes('boolean') && typeof data === 'string' && /^(?:true|false)$/i.test(data.trim())) {
        // A boolean written in quotes (`strict: "true"`): YAML reads text.
        const field = path.at(-1);
        hint = `write it without quotes, as a boolean: ${codeSpan(`${typeof field === 'string' ? field : '-'}: ${data.trim().toLowerCase()}`)}`;
      }
      // What was typed (`1.10`, `0755`), not what YAML made of it (1.1, 755).
      else if (wantsString && (typeof data === 'number' || typeof data === 'boolean')) hint = `quote the value to make it a string${opts.quoteValues ? `: "${src.written(path) ?? String(data)}"` : ''}`;
      return src.diag(path, {
        code: 'wrong-type',
        message: `${label} must be ${expected}${asNumber?.unit ?? ''}, not ${opts.quoteValues ? describe(data, src.written(path)) : typeWords(Array.isArray(data) ? 'array' : data === null ? 'null' : typeof data)}`,
        hint,
      }, 'value');
    }
    case 'enum':
    case 'const': {
      const listed = (e.keyword === 'enum' ? (params.allowedValues as unknown[]) : [params.allowedValue]).filter((v) => v !== null).map(String);
      // In the schema's order, those the run's host takes: another host's values would be refused by this one too.
      const hosts = opts.allowedValues?.(path);
      const taken = hosts === undefined ? listed : listed.filter((v) => hosts.includes(v));
      const allowed = taken.length > 0 ? taken : listed;
      const guess = typeof data === 'string' ? closest(data, allowed) : undefined;
      const elsewhere = guess === undefined && typeof data === 'string' && taken.length > 0 && taken.length < listed.length ? anotherHostsValue(path, data, listed, opts.takenElsewhere) : undefined;
      const fieldHint = path.length === 1 && typeof path[0] === 'string' && opts.valueHints && Object.hasOwn(opts.valueHints, path[0]) ? opts.valueHints[path[0]] : undefined;
      // A value outside a short list of words is always quoted: it is what the reader must see to
      // fix it. Where values are otherwise not quoted (aac.yaml), anything shaped like a credential is masked.
      const value = typeof data === 'object' && data !== null ? '' : ` '${clip(opts.quoteValues ? String(data) : redact(String(data)))}'`;
      return src.diag(path, {
        code: 'invalid-value',
        message: `${label}${value} is not allowed; expected one of: ${allowed.join(', ')}`,
        hint: guess
          ? `did you mean '${guess}'?`
          : elsewhere ?? fieldHint ?? `use one of: ${allowed.join(', ')}`,
      }, 'value');
    }
    case 'pattern': {
      // A `pattern` is explained in words by its sibling `$comment` (the standard keyword for notes
      // to readers, so stock ajv's strict mode accepts it).
      const rule = typeof parent.$comment === 'string' ? parent.$comment : `must match ${params.pattern as string}`;
      // A space before the value is invisible in the file: said, rather than the rule it would otherwise meet.
      if (typeof data === 'string' && /^\s/.test(data) && matchesPattern(params.pattern as string, data.trimStart())) {
        return src.diag(path, { code: 'invalid-format', message: `${label} is not valid: it starts with white space`, hint: `remove the white space before the value of ${label}` }, 'value');
      }
      const field = path.length === 1 && typeof path[0] === 'string' && opts.proposals && Object.hasOwn(opts.proposals, path[0]) ? path[0] : undefined;
      const proposal = field !== undefined && typeof data === 'string' ? opts.proposals![field]!(data) : undefined;
      return src.diag(path, { code: 'invalid-format', message: `${label}${shown(data)} is not valid: ${rule}`, hint: proposal !== undefined ? `write a valid one, e.g. ${codeSpan(`${field}: ${proposal}`)}` : `change ${label} to ${rule}` }, 'value');
    }
    default:
      return src.diag(path, { code: 'schema', message: `${label} ${e.message ?? 'is not valid'}` }, 'value');
  }
}

/**
 * Where a number is wanted (`type`: the schema's) and `text` was written, at the field `path`:
 * the unit a field named `…_ms` counts in, for the message (` (milliseconds)`), and a
 * hint with the number meant when the text holds one (`"30000"`, or a duration `30s`:
 * util/duration.ts millisecondsIn) inside the field's `minimum`/`maximum` (`schema`): ``write it
 * without quotes, as a number: `timeout_ms: 30000` ``. Undefined when a number is not wanted.
 */
function numberWrittenAsText(path: readonly (string | number)[], text: string, type: unknown, schema: Record<string, unknown>): { unit?: string; hint?: string } | undefined {
  const types = String(type).split(',');
  if (!types.includes('number') && !types.includes('integer')) return undefined;
  const integer = !types.includes('number');
  const field = path.at(-1);
  const milliseconds = typeof field === 'string' && field.endsWith('_ms');
  const plain = /^\s*-?\d+(\.\d+)?\s*$/.test(text) ? Number(text) : undefined;
  // A decimal comma (`0,5`, as many locales write it), which YAML reads as text.
  const comma = !integer && /^\s*-?\d+,\d+\s*$/.test(text) ? Number(text.replace(',', '.')) : undefined;
  const meant = milliseconds ? millisecondsIn(text) : plain ?? comma;
  const fits = meant !== undefined && (!integer || Number.isInteger(meant))
    && (typeof schema.minimum !== 'number' || meant >= schema.minimum) && (typeof schema.maximum !== 'number' || meant <= schema.maximum);
  const written = fits && typeof field === 'string' ? codeSpan(`${field}: ${meant}`) : undefined;
  const how = plain !== undefined ? 'without quotes, as a number' : comma !== undefined ? 'with a decimal point, not a comma' : 'in milliseconds, as a number';
  return {
    ...(milliseconds ? { unit: ' (milliseconds)' } : {}),
    ...(written === undefined ? {} : { hint: `write it ${how}: ${written}` }),
  };
}

/**
 * Where a list is wanted (`schema`, the field's) at `path` and one item was written in its place:
 * a mapping without its `- ` (`items:` then `  type: x`), said with the item's first line as the
 * list writes it, or a plain value where the list's items are of its type (`ids: id_1`), said as
 * a list of one. Undefined for anything else. It quotes what
 * was written: only for documents whose values are quoted (MapOptions.quoteValues).
 */
function listWrittenAsOne(path: readonly (string | number)[], data: unknown, schema: Record<string, unknown>, resolve: RefResolver, hosts?: MapOptions['allowedValues']): string | undefined {
  const field = path.at(-1);
  if (typeof field !== 'string') return undefined;
  if (isObject(data) && !Array.isArray(data)) {
    const first = Object.keys(data)[0];
    return first === undefined ? undefined : `each item of a list starts with \`- \`: write \`${field}:\`, then the item's first line as ${codeSpan(`  - ${first}: …`)}, its other lines indented under it`;
  }
  const itemSchema = followRefs(schema.items, resolve);
  const items = itemSchema?.type;
  if ((typeof data === 'string' && items === 'string') || (typeof data === 'number' && (items === 'number' || items === 'integer'))) {
    return `write it as a list of one: ${codeSpan(`${field}: [${typeof data === 'string' ? clip(data) : data}]`)}`;
  }
  // The word of an item that is a mapping (`tools: TYPE`, a tool's type alone): a list of that mapping.
  const item = typeof data === 'string' && itemSchema !== undefined && items === 'object' ? wordField(data, itemSchema, hosts && ((key) => hosts([...path, 0, key]))) : undefined;
  return item === undefined ? undefined : `write it as a list of one: ${codeSpan(`${field}: [{${item.field}: ${item.value}}]`)}`;
}

/**
 * The field of the mapping `schema` describes that takes `word` as its value — by its `enum` or
 * `const`, or by the `const` an `if` of its `allOf` tests it for (how the shipped schemas tell a
 * tool by its `type`) — with the value: `word` itself, else the one of those values closest to it
 * (a typo). Of a field's values, only those the run's host takes there (`hosts`, by the field's
 * key: MapOptions.allowedValues), so no line is offered that the host refuses. Undefined when no
 * field, or more than one, takes it.
 */
function wordField(word: string, schema: Record<string, unknown>, hosts?: (key: string) => readonly string[] | undefined): { field: string; value: string } | undefined {
  const values = new Map<string, Set<string>>();
  const add = (field: string, rule: unknown) => {
    if (!isObject(rule) || Array.isArray(rule)) return;
    const host = hosts?.(field);
    const taken = [...(Array.isArray(rule.enum) ? rule.enum : []), ...('const' in rule ? [rule.const] : [])].filter((v): v is string => typeof v === 'string' && (host === undefined || host.includes(v)));
    if (taken.length > 0) values.set(field, new Set([...(values.get(field) ?? []), ...taken]));
  };
  for (const [field, rule] of Object.entries(isObject(schema.properties) ? schema.properties : {})) add(field, rule);
  for (const branch of Array.isArray(schema.allOf) ? schema.allOf : []) {
    const tested = isObject(branch) && isObject(branch.if) && isObject(branch.if.properties) ? branch.if.properties : {};
    for (const [field, rule] of Object.entries(tested)) add(field, rule);
  }
  const exact = [...values].filter(([, taken]) => taken.has(word));
  if (exact.length === 1) return { field: exact[0]![0], value: word };
  if (exact.length > 1) return undefined;
  const near = [...values].flatMap(([field, taken]) => {
    const value = closest(word, [...taken]);
    return value === undefined ? [] : [{ field, value }];
  });
  return near.length === 1 ? near[0] : undefined;
}

/**
 * Where a mapping is wanted (`schema`, its own) at `path` and a word was written
 * (a list's item written as a tool's type alone, a setting as its one value): the line that writes
 * the mapping meant, its one field that takes the word (wordField) — `- type: WORD` for a list's
 * item, `FIELD: {KEY: WORD}` for a field. Undefined when no one field takes it.
 */
function mappingWrittenAsWord(path: readonly (string | number)[], word: string, schema: Record<string, unknown>, hosts?: MapOptions['allowedValues']): string | undefined {
  const meant = wordField(word, schema, hosts && ((key) => hosts([...path, key])));
  if (meant === undefined) return undefined;
  const at = path.at(-1);
  return typeof at === 'number' ? `- ${meant.field}: ${meant.value}` : `${at ?? ''}: {${meant.field}: ${meant.value}}`;
}

/**
 * The hint for `written`, refused at `path` by the run's host, when its nearest of the schema's
 * values (`listed`, every host's) is one only other hosts take (`takenBy`: MapOptions.takenElsewhere):
 * `did you mean 'bing_grounding'? It is a foundry tool type: it needs --provider foundry (or provider: foundry in aac.yaml)`.
 * The value is named for its field: an item's field of a list (`tools[0].type`) as the item's
 * (`tool type`). Undefined when the nearest is no other host's, or none is near.
 */
function anotherHostsValue(path: readonly (string | number)[], written: string, listed: readonly string[], takenBy: MapOptions['takenElsewhere']): string | undefined {
  const near = takenBy && closest(written, [...listed]);
  const hosts = near === undefined ? [] : takenBy!(path, near);
  if (near === undefined || hosts.length === 0) return undefined;
  const [list, index, field] = path.slice(-3);
  const what = typeof list === 'string' && typeof index === 'number' && typeof field === 'string' ? `${list.replace(/s$/, '')} ${field}` : 'value';
  // As a host check says a type another host takes (assistants/host-checks.ts needs).
  return `did you mean '${near}'? It is ${withArticle(`${orList(hosts)} ${what}`)}: it needs ${hosts.map((h) => `--provider ${h}`).join(' or ')} (or provider: ${hosts[0]!} in aac.yaml)`;
}

/** The names of `text` written as a list's one value (`dev`, `dev, prod`): none when a name would hold white space (a sentence is no list of names). */
function wordsOf(text: string): string[] {
  const words = text.split(',').map((w) => w.trim());
  return words.every((w) => /^\S+$/.test(w)) ? words : [];
}

/** How many of a list's names mappingWrittenAsList writes into its line before `…`. */
const NAMES_SHOWN = 4;

/**
 * Where a mapping of named mappings is wanted (`schema`, its own: `additionalProperties` of type
 * object, as aac.yaml's `environments:` and `variables:`) at `path` and a list was written (`items`;
 * a word's names split, for `environments: dev, prod`): the hint with the mapping meant — its
 * names as keys (`environments: {dev: {}, prod: {}}`) for names, each entry without its `- ` for
 * a list of one-key mappings (`- dev: {…}`).
 * Undefined for any other list. Names are masked as values are (`quote` false: aac.yaml quotes none).
 */
function mappingWrittenAsList(path: readonly (string | number)[], items: readonly unknown[], schema: Record<string, unknown>, quote: boolean): string | undefined {
  const entry = schema.additionalProperties;
  if (!isObject(entry as Json) || (entry as Record<string, unknown>).type !== 'object' || items.length === 0) return undefined;
  const bare = items.every((i) => typeof i === 'string');
  const names = bare
    ? (items as string[])
    : items.every((i) => isObject(i as Json) && Object.keys(i as object).length === 1) ? items.map((i) => Object.keys(i as object)[0]!) : undefined;
  if (names === undefined) return undefined;
  const keys = names.slice(0, NAMES_SHOWN).map((n) => `${quote ? n : redact(n)}: ${bare ? '{}' : '…'}`);
  const line = `${String(path.at(-1) ?? '')}: {${keys.join(', ')}${names.length > NAMES_SHOWN ? ', …' : ''}}`;
  return bare
    ? `write it as a mapping, each name a key with its settings: ${codeSpan(line)}`
    : `write its entries without the \`- \` before each: it is a mapping, one key per entry (${codeSpan(line)})`;
}

/** Whether `text` matches the schema `pattern`, compiled with the `u` flag as ajv compiles it (ajv's `unicodeRegExp`, on by default); false for one JavaScript cannot compile. */
export function matchesPattern(pattern: string, text: string): boolean {
  try {
    return new RegExp(pattern, 'u').test(text);
  } catch {
    return false;
  }
}

/** An error of a `propertyNames` check: about the key `e.propertyName` of the object at `path`, located at the key. */
function keyError(src: YamlSource, e: ErrorObject, path: (string | number)[], label: string, who: string): Diagnostic {
  const key = e.propertyName!;
  const at = [...path, key];
  switch (e.keyword) {
    case 'maxLength':
      return src.diag(at, {
        code: 'max-length',
        message: `the key '${clip(key)}' in ${label} is ${codePoints(key)} characters; ${who} at most ${(e.params as { limit: number }).limit}`,
        hint: 'shorten the key',
      }, 'name');
    case 'minLength':
      return src.diag(at, { code: 'empty-value', message: `${label} has an empty key`, hint: 'give the key a name, or remove the entry' }, 'name');
    default:
      return src.diag(at, { code: 'schema', message: `the key '${clip(key)}' in ${label} ${e.message ?? 'is not valid'}` }, 'name');
  }
}

export function validateAgainst(schema: URL, src: YamlSource, opts: MapOptions): Diagnostic[] {
  const fn = validator(schema);
  if (fn(src.value)) return [];
  const resolve = refResolver(schema);
  const { errors, chosen } = selectBranches(fn.errors ?? [], resolve);
  return schemaDiagnostics(src, errors, opts, chosen, (path, field) => fieldAbove(schema, path, field), resolve);
}

/**
 * The diagnostics of `errors`, ajv's errors of a validator (compiled with `allErrors` and
 * `verbose`) run on the value at `at` in `src`: a part the document's own schema leaves open and
 * another schema checks (a Foundry agent's tool of a type its file's schema leaves to the API's
 * own: backends/foundry-agents/checks.ts). Said as the document's own schema errors are — where,
 * what, and the fix: each error's path taken below `at`, an `unevaluatedProperties` error (a
 * closed schema's: emulator/closed-schema.ts) as the unknown field it names, with its
 * did-you-mean — and located in `src`. `resolve`: that schema's `$ref`s, as its unions and
 * fields below name them. No field of the document above `at` is offered for a misplaced one.
 */
export function partDiagnostics(src: YamlSource, at: readonly (string | number)[], errors: readonly ErrorObject[], resolve: RefResolver, opts: MapOptions): Diagnostic[] {
  const prefix = at.map((step) => `/${pointerToken(String(step))}`).join('');
  const rebased = errors.map((e): ErrorObject => {
    // An error of a `$ref`'d definition that ajv writes with the document's path to it
    // (`#/$defs/X/unevaluatedProperties`) gets that schema's own (`#/unevaluatedProperties`), as
    // it writes most, and as union-branch.ts reads them to tell which branch an error is of.
    const moved = { ...e, instancePath: `${prefix}${e.instancePath}`, schemaPath: e.schemaPath.replace(/^#\/\$defs\/[^/]+(?=\/)/, '#') };
    if (e.keyword !== 'unevaluatedProperties') return moved;
    return { ...moved, keyword: 'additionalProperties', params: { additionalProperty: (e.params as { unevaluatedProperty: string }).unevaluatedProperty } };
  });
  const { errors: kept, chosen } = selectBranches(rebased, resolve);
  return schemaDiagnostics(src, kept, opts, chosen, () => undefined, resolve);
}

/** fieldAbove of the schema being checked against. */
type FieldAbove = (path: readonly (string | number)[], field: string) => (string | number)[] | undefined;

/**
 * Where a field written in the object at `path` (a field path into the document) belongs instead:
 * the path of the nearest object above it whose schema, in the file at `url`, has `field` among its
 * `properties` (`retain_versions` written under `options` → [], the top level). The schema is
 * followed by `properties`, a mapping's `additionalProperties`, `items` and `$ref`; a place it
 * cannot follow (a union of shapes) is passed over. Undefined when no object above has the field.
 */
function fieldAbove(url: URL, path: readonly (string | number)[], field: string): (string | number)[] | undefined {
  const resolve = refResolver(url);
  const object = (node: unknown) => followRefs(node, resolve);
  // schemas[i]: the schema of the object at path.slice(0, i), for each object above `path`.
  const schemas = [object(schemaRoot(url))];
  for (const step of path.slice(0, -1)) {
    const s = schemas.at(-1);
    const props = s?.properties as Record<string, unknown> | undefined;
    const next = s === undefined ? undefined : typeof step === 'number' ? s.items : props && Object.hasOwn(props, step) ? props[step] : s.additionalProperties;
    schemas.push(object(next));
  }
  for (let i = schemas.length - 1; i >= 0; i--) {
    const props = schemas[i]?.properties;
    if (props !== null && typeof props === 'object' && Object.hasOwn(props, field)) return path.slice(0, i);
  }
  return undefined;
}

/** The schema `node` is, its `$ref`s followed (at most 8 in a row), when that is an object schema; else undefined. */
function followRefs(node: unknown, resolve: RefResolver): Record<string, unknown> | undefined {
  let n = node;
  for (let hops = 0; n !== null && typeof n === 'object' && typeof (n as { $ref?: unknown }).$ref === 'string' && hops < 8; hops++) n = resolve((n as { $ref: string }).$ref);
  return n !== null && typeof n === 'object' && !Array.isArray(n) ? (n as Record<string, unknown>) : undefined;
}

/** Parsed schema files, read only when a union's branch is a `$ref` and a value failed it. */
const parsed = new Map<string, unknown>();

/** The schema file at `url`, parsed once. */
export function schemaRoot(url: URL): unknown {
  let root = parsed.get(url.href);
  if (root === undefined) {
    root = JSON.parse(readFileSync(url, 'utf8')) as unknown;
    parsed.set(url.href, root);
  }
  return root;
}

/**
 * `src` as the checks should see it: each list or mapping far past the size the schema at `schema`
 * allows cut to one entry past it (collection-limits.ts); `src` itself when none is.
 */
export function withinCollectionLimits(schema: URL, src: YamlSource): YamlSource {
  if (src.value === undefined || !holdsLargeCollection(src.value)) return src;
  const value = cutToLimits(src.value, schemaRoot(schema) as Record<string, unknown>, refResolver(schema));
  return value === src.value ? src : { ...src, value };
}

/** A `$ref` within the schema file at `url` (`#/$defs/tool`) resolved to its schema. */
export function refResolver(url: URL): RefResolver {
  return (ref) => {
    if (!ref.startsWith('#')) return undefined;
    const root = schemaRoot(url);
    const node = pointerPath(ref.slice(1), root as Json).reduce<unknown>((n, k) => (n !== null && typeof n === 'object' ? (n as Record<string, unknown>)[k] : undefined), root);
    return node !== null && typeof node === 'object' && !Array.isArray(node) ? (node as Record<string, unknown>) : undefined;
  };
}
