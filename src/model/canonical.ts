// Canonical JSON: the one form in which desired and live values are compared, so key order and
// `1` vs `1.0` never show as differences.
import { put, type Json, type JsonObject } from './json.js';

/** A deep copy with object keys sorted and `undefined` members dropped. */
export function canonicalize(value: unknown): Json {
  if (value === null || value === undefined) return null;
  if (Array.isArray(value)) return value.map((item) => canonicalize(item));
  if (typeof value === 'object') {
    const out: JsonObject = {};
    for (const key of Object.keys(value).sort()) {
      const member = (value as Record<string, unknown>)[key];
      if (member !== undefined) put(out, key, canonicalize(member));
    }
    return out;
  }
  return value as Json;
}

/**
 * `value` in canonical form without its null (or undefined) members, at every depth but inside a
 * member named in `opaque`: for a host whose schemas make optional members nullable and echo them
 * as null, which means the same as leaving them out. An opaque member (a JSON Schema, an OpenAPI
 * spec, a default value) is the author's own document, where `default: null` is a value: it is
 * canonicalized whole, its nulls kept. Array items are never dropped.
 */
export function withoutNulls(value: unknown, opaque: readonly string[]): Json {
  return canonicalize(nullsDropped(value, opaque));
}

/** `value` without its null (or undefined) members as withoutNulls drops them, its key order kept (as the server sent it, for display). */
export function nullsDropped(value: unknown, opaque: readonly string[]): Json {
  if (Array.isArray(value)) return value.map((item) => nullsDropped(item, opaque));
  if (value === null || value === undefined || typeof value !== 'object') return (value ?? null) as Json;
  const out: JsonObject = {};
  for (const [key, member] of Object.entries(value)) {
    if (member === null || member === undefined) continue;
    put(out, key, opaque.includes(key) ? (member as Json) : nullsDropped(member, opaque));
  }
  return out;
}

export function canonicalJson(value: unknown): string {
  return JSON.stringify(canonicalize(value));
}

/**
 * Whether two values have the same canonical JSON (`canonicalJson(a) === canonicalJson(b)`),
 * compared in place: a plan compares every governed field of every assistant, and serializing
 * both sides (instructions of up to 256,000 characters each) cost more than the rest of the diff.
 */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  // canonicalize turns undefined into null, in members and in arrays alike.
  const x = a ?? null;
  const y = b ?? null;
  if (x === y) return true;
  const xObject = typeof x === 'object' && x !== null;
  const yObject = typeof y === 'object' && y !== null;
  if (!xObject || !yObject) {
    // Two distinct strings, or a primitive beside an object, never share a canonical form;
    // numbers go through JSON, which writes NaN and ±Infinity as null and -0 as 0.
    if (xObject || yObject || typeof x === 'string' || typeof y === 'string') return false;
    return JSON.stringify(x) === JSON.stringify(y);
  }
  if (Array.isArray(x) || Array.isArray(y)) {
    if (!Array.isArray(x) || !Array.isArray(y) || x.length !== y.length) return false;
    for (let i = 0; i < x.length; i++) if (!sameJson(x[i], y[i])) return false;
    return true;
  }
  const xr = x as Record<string, unknown>;
  const yr = y as Record<string, unknown>;
  let defined = 0;
  for (const key of Object.keys(xr)) {
    if (xr[key] === undefined) continue;
    defined++;
    // An undefined member is dropped, unlike a null one (or NaN, which JSON writes as null):
    // `{a: null}` and `{a: undefined}` differ, though `null` and `undefined` alone do not.
    if (!Object.hasOwn(yr, key) || yr[key] === undefined || !sameJson(xr[key], yr[key])) return false;
  }
  for (const key of Object.keys(yr)) if (yr[key] !== undefined) defined--;
  return defined === 0;
}
