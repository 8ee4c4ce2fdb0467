// The Fetch standard's `Headers` (https://fetch.spec.whatwg.org/#headers-class), for a request's
// and an answer's headers on the transport's path: the same names, values, order, errors and
// `getSetCookie`, without Node's built-in one. Node defines `Headers`, `Request`, `Response` and
// `fetch` on first use, and the first use of any of them evaluates its fetch implementation
// (undici, ~650 KB of code) and starts compiling that implementation's HTTP parser (WebAssembly):
// ~50 ms of CPU and ~6 MiB of a plan of 100 definitions' peak memory (paired runs, Node 20), a
// sixth of that plan's CPU, for requests aac sends through node:http (http-fetch.ts) anyway.
// The `openai` SDK names the global `Headers` to build each request's headers; the bundle the
// `aac` bin runs gives it this class instead (scripts/bundle.mjs, `inject`).
//
// What it does not do: guards (an immutable Response's headers take `append`; nothing of aac's
// appends to an answer's headers), and the forbidden request headers, which only a browser
// enforces.

/** `init` as the built-in takes it: pairs, a record, or another `Headers` (either kind). */
export type HeaderInit = Iterable<readonly [string, string]> | Record<string, string>;

const HTTP_WHITESPACE = new Set([0x09, 0x0a, 0x0d, 0x20]);

/** A token's characters (RFC 9110 §5.6.2 tchar): what a header's name may hold. */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/** A name or value as WebIDL's ByteString takes it (its text, every character at most U+00FF), with the built-in's message. */
function byteString(value: unknown): string {
  const text = String(value);
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code > 0xff) throw new TypeError(`Cannot convert argument to a ByteString because the character at index ${i} has a value of ${code} which is greater than 255.`);
  }
  return text;
}

/** The value without leading and trailing HTTP whitespace (the standard's "normalize"). */
function normalized(value: string): string {
  let start = 0;
  let end = value.length;
  while (end > start && HTTP_WHITESPACE.has(value.charCodeAt(end - 1))) end--;
  while (end > start && HTTP_WHITESPACE.has(value.charCodeAt(start))) start++;
  return value.slice(start, end);
}

/** A normalized value holds no NUL, line feed or carriage return: what the standard says no header value may. */
const validValue = (value: string): boolean => !/[\0\n\r]/.test(value);

function invalid(method: string, value: string, what: 'name' | 'value'): TypeError {
  return new TypeError(`Headers.${method}: "${value}" is an invalid header ${what}.`);
}

/**
 * Names found to be tokens, each with its lowercase key: a request's dozen headers are the same
 * names every time, and so are an answer's, and checking each character of each anew (with the
 * SDK's merge, which deletes each name before it appends it) was ~50 µs of an apply's create
 * (a CPU profile of 1,000 creates). Only strings; at most NAMES_KEPT, as a host's answers name
 * their headers.
 */
const checkedNames = new Map<string, string>();
const NAMES_KEPT = 256;

/** The name checked (a token) and lowercased, as every method takes it; `method` words the error. */
function nameOf(method: string, name: unknown): string {
  return (typeof name === 'string' ? checkedNames.get(name) : undefined) ?? checkedName(method, name);
}

/** nameOf for a name not met before (or not a string): checked, and kept when valid (checkedNames). */
function checkedName(method: string, name: unknown): string {
  const text = byteString(name);
  if (!TOKEN.test(text)) throw invalid(method, text, 'name');
  const key = text.toLowerCase();
  if (typeof name === 'string' && checkedNames.size < NAMES_KEPT) checkedNames.set(name, key);
  return key;
}

export class HeaderList implements Headers {
  /** Each name, lowercased, with its values in the order they were given. */
  private readonly lists = new Map<string, string[]>();
  /**
   * `entries`' pairs, made at the first iteration since the last change: a request's headers are
   * iterated two or three times (the SDK's debug log formats them whatever its level, then
   * http-fetch.ts sends them), and sorting and joining them each time was ~10 KB of a create's
   * ~120 KB of garbage (a sampling heap profile of an apply of 1,000 creates).
   */
  private combined: Array<readonly [string, string]> | undefined;

  constructor(init?: HeaderInit | null) {
    if (init === undefined || init === null) return;
    if (typeof init !== 'object' && typeof init !== 'function') {
      throw new TypeError('Headers constructor: Argument 1 could not be converted to one of: sequence<sequence<ByteString>>, record<ByteString, ByteString>.');
    }
    if (Symbol.iterator in init) {
      for (const pair of init as Iterable<readonly string[]>) {
        if (pair.length !== 2) throw new TypeError(`Headers constructor: expected name/value pair to be length 2, found ${pair.length}.`);
        this.append(pair[0]!, pair[1]!);
      }
      return;
    }
    for (const [name, value] of Object.entries(init)) this.append(name, value);
  }

  append(name: string, value: string): void {
    this.add('append', name, value, false);
  }

  set(name: string, value: string): void {
    this.add('set', name, value, true);
  }

  private add(method: string, name: string, value: string, replace: boolean): void {
    const known = typeof name === 'string' ? checkedNames.get(name) : undefined;
    // Checked in the built-in's order: the name's characters, the value's, then the name as a token.
    if (known === undefined) byteString(name);
    const checked = normalized(byteString(value));
    const key = known ?? checkedName(method, name);
    if (!validValue(checked)) throw invalid(method, checked, 'value');
    this.combined = undefined;
    const list = this.lists.get(key);
    if (list && !replace) list.push(checked);
    else this.lists.set(key, [checked]);
  }

  get(name: string): string | null {
    return this.lists.get(nameOf('get', name))?.join(', ') ?? null;
  }

  has(name: string): boolean {
    return this.lists.has(nameOf('has', name));
  }

  delete(name: string): void {
    if (this.lists.delete(nameOf('delete', name))) this.combined = undefined;
  }

  getSetCookie(): string[] {
    return [...(this.lists.get('set-cookie') ?? [])];
  }

  /** Sorted by name, each name once with its values joined by `, `, but for `set-cookie`, once a value (the standard's "sort and combine"). */
  *entries(): IterableIterator<[string, string]> {
    // Each pair yielded is a new array, as the built-in's: a caller may change what it is given.
    for (const [name, value] of (this.combined ??= this.combine())) yield [name, value];
  }

  private combine(): Array<readonly [string, string]> {
    const pairs: Array<readonly [string, string]> = [];
    for (const name of [...this.lists.keys()].sort()) {
      const values = this.lists.get(name)!;
      if (name === 'set-cookie') for (const value of values) pairs.push([name, value]);
      else pairs.push([name, values.join(', ')]);
    }
    return pairs;
  }

  *keys(): IterableIterator<string> {
    for (const [name] of this.entries()) yield name;
  }

  *values(): IterableIterator<string> {
    for (const [, value] of this.entries()) yield value;
  }

  forEach(callback: (value: string, name: string, parent: Headers) => void, thisArg?: unknown): void {
    for (const [name, value] of this.entries()) callback.call(thisArg, value, name, this);
  }

  [Symbol.iterator](): IterableIterator<[string, string]> {
    return this.entries();
  }

  get [Symbol.toStringTag](): string {
    return 'Headers';
  }
}

/**
 * The class under the global's name, for the bundle's `inject` (scripts/bundle.mjs): there every
 * free `Headers` of the bundled code, the SDK's among them, is this class.
 */
export { HeaderList as Headers };
