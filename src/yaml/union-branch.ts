// A value that fails a `oneOf`/`anyOf` fails every branch, and ajv reports every branch's errors:
// `{type: json_schema, name: x, …}` under a union of null, {type: text} and {type: json_schema}
// was told "must be null" and "type 'json_schema' is not allowed" instead of "unknown field
// 'name'". The value says which branch it meant — by its JSON type, and for a union of objects
// told apart by a constant member (`type: json_schema`), by that member — so only that branch's
// errors describe the mistake. This keeps those, and drops the rest.
import type { ErrorObject } from 'ajv/dist/2020.js';
import { pointerToken, pointerTokens } from '../util/json-pointer.js';

type Schema = Record<string, unknown>;
/** Resolves a `$ref` of the schema being validated (`#/$defs/x`) to its schema; undefined when unknown. */
export type RefResolver = (ref: string) => Schema | undefined;

/** What a kept error was chosen by, for its message: the union's discriminator and its value. */
export interface Chosen {
  key: string;
  value: string;
}

export interface BranchSelection {
  errors: ErrorObject[];
  /** For the errors at a union's own place in the branch its discriminator chose: which it was. */
  chosen: Map<ErrorObject, Chosen>;
}

/**
 * The errors with each failed union's reduced to those of the branch the value selects; a value
 * no branch's type admits is one type error naming them all; a union whose value selects several
 * branches keeps every branch's errors, as before, but where each of them allows one constant: then
 * it is one `enum` error naming those values (a union of `const`s, as the Foundry API's schemas
 * write a list of words).
 * A discriminated union whose member is missing or names no branch is one error, made here:
 * a `required` for the member, or an `enum` of the branches' values at the member.
 *
 * Which branch an error came from is read from its schema path (`…/oneOf/2/…`). ajv writes the
 * errors of a `$ref`'d schema with paths of that schema's own, so such an error belongs to the
 * `$ref` branch that holds, at that path, the schema the error names as its parent; one no
 * branch holds so is kept when it lies under a member the chosen branch declares (a `$ref`
 * inside it), and dropped otherwise.
 */
export function selectBranches(errors: readonly ErrorObject[], resolve: RefResolver): BranchSelection {
  let list = [...errors];
  const chosen = new Map<ErrorObject, Chosen>();
  // Outer unions first: an inner union inside a branch that was dropped goes with it.
  const unions = list.filter(isUnion).sort((a, b) => depth(a.instancePath) - depth(b.instancePath));
  for (const union of unions) {
    if (!list.includes(union)) continue;
    const branches = ((union.schema as unknown[]) ?? []).map((b) => resolved(b as Schema, resolve));
    const pick = pickBranch(branches, union.data);
    if (pick.kind === 'none') continue;
    const inside = (e: ErrorObject) => e !== union && (e.instancePath === union.instancePath || e.instancePath.startsWith(`${union.instancePath}/`));
    if (pick.kind !== 'branch') {
      list = list.filter((e) => !inside(e) && e !== union);
      list.push(pick.kind === 'missing' ? missingMember(union, pick.key, pick.values) : pick.kind === 'unknown' ? unknownMember(union, pick.key, pick.values) : pick.kind === 'value' ? notAValue(union, pick.values) : wrongType(union, pick.types));
      continue;
    }
    const all = branches.map((schema, i) => {
      const written = (union.schema as Schema[])[i]!;
      return { index: i, written, schema, ref: typeof written.$ref === 'string' };
    });
    const owner = ownerOf(union, pick.index, all);
    list = list.filter((e) => e !== union && (!inside(e) || owner(e)));
    if (pick.key !== undefined) {
      for (const e of list) if (e.instancePath === union.instancePath && inside(e)) chosen.set(e, { key: pick.key, value: String((union.data as Schema)[pick.key]) });
    }
  }
  return { errors: list, chosen };
}

type Pick =
  | { kind: 'branch'; index: number; key?: string }
  | { kind: 'missing'; key: string; values: unknown[] }
  | { kind: 'unknown'; key: string; values: unknown[] }
  | { kind: 'type'; types: string[] }
  | { kind: 'value'; values: unknown[] }
  | { kind: 'none' };

/** The one branch `data` selects: by JSON type, then among objects by a member every object branch fixes to a constant. */
function pickBranch(branches: Schema[], data: unknown): Pick {
  const typed = branches.map((b, i) => ({ b, i })).filter(({ b }) => admits(b, data));
  if (typed.length === 0) {
    const types = branches.flatMap((b) => (b.type === undefined ? [] : Array.isArray(b.type) ? b.type.map(String) : [String(b.type)]));
    return branches.every((b) => b.type !== undefined) ? { kind: 'type', types: [...new Set(types)] } : { kind: 'none' };
  }
  if (!isPlainObject(data)) {
    if (typed.length === 1) return { kind: 'branch', index: typed[0]!.i };
    // Branches of the value's type that each allow one constant (`anyOf: [{const: low}, {const: high}]`): a list of values.
    const values = typed.map(({ b }) => constant(b));
    return typed.length > 1 && values.every((v) => v !== undefined) ? { kind: 'value', values } : { kind: 'none' };
  }
  const objects = typed.filter(({ b }) => isPlainObject(b.properties));
  const key = discriminator(objects.map(({ b }) => b));
  if (key === undefined) return typed.length === 1 ? { kind: 'branch', index: typed[0]!.i } : { kind: 'none' };
  const values = objects.map(({ b }) => constant((b.properties as Schema)[key]));
  if (!Object.hasOwn(data, key)) return { kind: 'missing', key, values };
  const matching = objects.filter((_o, n) => values[n] === data[key]);
  if (matching.length === 1) return { kind: 'branch', index: matching[0]!.i, key };
  return matching.length === 0 ? { kind: 'unknown', key, values } : { kind: 'none' };
}

/** A member that every branch (two or more) fixes to a different constant: the union's tag (`type`). */
function discriminator(objects: Schema[]): string | undefined {
  if (objects.length < 2) return undefined;
  const first = objects[0]!.properties as Schema;
  return Object.keys(first).find((key) => {
    const values = objects.map((b) => constant((b.properties as Schema)[key]));
    return values.every((v) => v !== undefined) && new Set(values).size === values.length;
  });
}

/** The one value a member's schema allows (`const`, or an `enum` of one), else undefined. */
function constant(schema: unknown): unknown {
  if (!isPlainObject(schema)) return undefined;
  if (Object.hasOwn(schema, 'const')) return schema.const;
  return Array.isArray(schema.enum) && schema.enum.length === 1 ? schema.enum[0] : undefined;
}

/** Whether the branch's `type` (when it states one) allows the JSON type of `data`. */
function admits(branch: Schema, data: unknown): boolean {
  if (branch.type === undefined) return true;
  const types = Array.isArray(branch.type) ? branch.type : [branch.type];
  const actual = data === null ? 'null' : Array.isArray(data) ? 'array' : typeof data === 'object' ? 'object' : typeof data;
  return types.some((t) => t === actual || (t === 'integer' && Number.isInteger(data)) || (t === 'number' && actual === 'number'));
}

/** Whether an error under the union's value belongs to the chosen branch (see selectBranches). */
function ownerOf(union: ErrorObject, index: number, refs: readonly Branch[]): (e: ErrorObject) => boolean {
  const written = refs[index]!.written;
  const branch = refs[index]!.schema;
  const unionPath = union.schemaPath;
  const level = unionPath.slice(0, unionPath.lastIndexOf('/'));
  return (e) => {
    if (e.schemaPath.startsWith(`${unionPath}/`)) return e.schemaPath.slice(unionPath.length + 1).split('/')[0] === String(index);
    if (e.schemaPath.startsWith(`${level}/`) && level !== '#') return true; // a sibling keyword of the union
    // From a $ref'd schema: a $ref branch's own when the schema at the error's path in it is the
    // error's (ajv's `parentSchema`), else one inside a member the chosen branch declares.
    if (refs.some((b) => b.ref && b.index !== index && heldBy(b.schema, e))) return false;
    if (typeof written.$ref === 'string' && heldBy(branch, e)) return true;
    const member = pointerTokens(e.instancePath.slice(union.instancePath.length))[0] ?? '';
    return isPlainObject(branch.properties) && Object.hasOwn(branch.properties, member);
  };
}

/** One type error for a value no branch's type admits, naming every type the union takes. */
function wrongType(union: ErrorObject, types: string[]): ErrorObject {
  return { ...union, keyword: 'type', params: { type: types }, message: `must be ${types.join(' or ')}` };
}

/** `allowedValues`: the values that select a branch, for the hint. */
interface Branch {
  index: number;
  /** As the union writes it (maybe a `$ref`), and resolved. */
  written: Schema;
  schema: Schema;
  ref: boolean;
}

/** Whether `schema`, walked along the error's schema path, holds the very schema the error names as its parent. */
function heldBy(schema: Schema, e: ErrorObject): boolean {
  if (!e.schemaPath.startsWith('#') || e.parentSchema === undefined) return false;
  const steps = pointerTokens(e.schemaPath.slice(1)).slice(0, -1);
  let node: unknown = schema;
  for (const step of steps) node = node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[step] : undefined;
  return node !== undefined && JSON.stringify(node) === JSON.stringify(e.parentSchema);
}

function missingMember(union: ErrorObject, key: string, values: unknown[]): ErrorObject {
  return { ...union, keyword: 'required', params: { missingProperty: key, allowedValues: values }, message: `must have required property '${key}'` };
}

function unknownMember(union: ErrorObject, key: string, values: unknown[]): ErrorObject {
  const data = (union.data as Schema)[key];
  return {
    ...union,
    keyword: 'enum',
    instancePath: `${union.instancePath}/${pointerToken(key)}`,
    params: { allowedValues: values },
    data,
    parentSchema: {},
    message: 'must be equal to one of the allowed values',
  };
}

/** One `enum` error for a value none of the union's constants (`values`, those of the value's type) is. */
function notAValue(union: ErrorObject, values: unknown[]): ErrorObject {
  return { ...union, keyword: 'enum', params: { allowedValues: values }, parentSchema: {}, message: 'must be equal to one of the allowed values' };
}

function resolved(branch: Schema, resolve: RefResolver): Schema {
  return typeof branch.$ref === 'string' ? resolve(branch.$ref) ?? branch : branch;
}

function isUnion(e: ErrorObject): boolean {
  return (e.keyword === 'oneOf' || e.keyword === 'anyOf') && Array.isArray(e.schema);
}

function isPlainObject(v: unknown): v is Schema {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function depth(pointer: string): number {
  return pointer === '' ? 0 : pointer.split('/').length;
}
