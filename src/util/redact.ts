// The one place that scrubs secrets from text bound for a terminal, a log or a file. Debug lines
// and error messages pass through here, so a key that reaches a message by any route (an echoed
// header, an API error quoting the key, a URL with credentials) is replaced before it is shown.
// Data bound for a rendering or a file (a plan, a report) is copied with the exact values replaced
// (redactData), so a key pasted into a prompt or a name is never printed or saved; and so is a
// credential known by its place (a kind's CredentialPlaces: an MCP tool's `Authorization` header,
// the password in its server's URL), whatever its value.
import { credentialMembers, CREDENTIAL_QUERY_PARAMETER, placeMatters, type CredentialPlaces, type Reached } from '../model/credential-places.js';
import { INVISIBLE_SOURCE } from './invisible.js';
import { lazyObject, notFilled } from './lazy.js';
import { decodedFormText } from './uri-text.js';

/** What a secret is shown as. */
export const REDACTED = '[redacted]';

/** Where a plan or a report is read from: its top. */
const TOP: Reached = { under: undefined, item: false };

/** Header names whose values are always secret. */
const SECRET_HEADER = /^(authorization|proxy-authorization|api-key|x-api-key|x-portkey-[a-z0-9-]+|ocp-apim-subscription-key|cookie)$/i;

// Patterns for secrets whose exact value we may not know (e.g. one quoted back by a server).
const PATTERNS: ReadonlyArray<[RegExp, string]> = [
  // `Bearer <token>` anywhere, including inside an echoed header.
  [/\b(Bearer)\s+[^\s"',;]+/gi, `$1 ${REDACTED}`],
  // OpenAI-style keys (`sk-…`, `sk-proj-…`), also when a server masks their middle with `*`.
  [/\bsk-[A-Za-z0-9_*\-]{3,}/g, REDACTED],
  // `authorization: …`, `api-key=…`, `x-portkey-api-key: …` in header dumps and query strings.
  [
    /\b(authorization|proxy-authorization|api[-_]?key|x-api-key|x-portkey-[a-z0-9-]+|access[-_]token|token)(["']?\s*[:=]\s*["']?)(?!\[redacted\])[^\s"',;&]+/gi,
    `$1$2${REDACTED}`,
  ],
  // Credentials in a URL's userinfo: scheme://user:password@host.
  [/\b([a-z][a-z0-9+.-]*:\/\/)[^\s/@]+@/gi, `$1${REDACTED}@`],
];

/**
 * Replaces every secret in `text` — an error, a debug line, a log line, where a credential is
 * echoed as itself (a server quoting the key it refused): each value in `secrets` (the
 * profile's key, token, …) and `queryValues` (an endpoint's query values, each as a URL may spell
 * it: endpoint.ts querySecrets), then anything that looks like a credential. A value of
 * MIN_SECRET_AS_SUBSTRING characters or more is replaced wherever it occurs, in any letter case
 * and as a URL spells it (secretSpellings): a message may show a secret changed on its way, as the
 * URL parser lower-cases a host (a key pasted into an endpoint variable), a server upper-cases or
 * percent-encodes what it quotes, and CI's masking of secrets matches only the exact value; and
 * as the server's text may carry it split or escaped (replaceSpelled: wrapped across lines, a
 * space or an invisible character within it, its `/` written `\/` by a JSON encoder). A shorter one of
 * `secrets` only where it stands alone, with no letter or digit right before or after it
 * (`provided: abc.`, `Bearer abc`, `key=abc`, `"abc"`), as a message echoes a credential: a
 * one-letter key `k` must not turn `check it` into `chec[redacted] it`. A shorter one of
 * `queryValues` only where it is a query value (replaceQueryValue): `x=1` must not turn the host
 * `127.0.0.1` or `attempt 1` into `[redacted]`. A value long enough to be looked for inside text
 * is also replaced in its base64 forms (base64Forms: a server that echoes the `Basic` header it
 * was sent, or encodes what it quotes), as written: base64 is case-sensitive.
 */
export function redact(text: string, secrets: Iterable<string | undefined> = [], queryValues: Iterable<string> = []): string {
  const short = (s: string) => s.length < MIN_SECRET_AS_SUBSTRING;
  const query = exactSecrets(queryValues, 1);
  const all = exactSecrets(secrets, 1);
  let out = replaceBase64(text, [...all, ...query].filter((s) => !short(s)));
  out = replaceSpelled(out, exactSecrets([...all, ...query].flatMap(secretSpellings)));
  for (const secret of all) if (short(secret)) out = replaceStandingAlone(out, secret);
  for (const value of query) if (short(value)) out = replaceQueryValue(out, value);
  for (const [pattern, replacement] of PATTERNS) out = out.replace(pattern, replacement);
  return out;
}

/**
 * The shortest configured value looked for inside other text. Data (definitions, live names and
 * prompts, a plan, a report) is searched only for values this long or longer; a message (redact)
 * masks a shorter one only where it stands alone, never inside a word. A shorter value is a
 * placeholder — `test`, `dummy`, `local` against the emulator — that would turn ordinary words into
 * [redacted] and make import refuse ordinary prompts; and no credential these hosts issue is
 * documented as that short: OpenAI's API keys are `sk-` and dozens of characters (`sk-proj-…`, as
 * its dashboard issues them), Entra ID access tokens (Foundry) are JWTs of hundreds, Portkey
 * generates its API keys and virtual keys itself (Portkey's docs, "Virtual Keys": "We randomly
 * generate virtual keys"), Zerobot documents no key format, and the query values of an endpoint
 * that carry credentials (Azure's `?sig=`, `?code=`) are long random strings.
 */
export const MIN_SECRET_AS_SUBSTRING = 8;

/** The exact values of at least `min` characters, longest first, so a secret that contains another is replaced whole. */
function exactSecrets(secrets: Iterable<string | undefined>, min = MIN_SECRET_AS_SUBSTRING): string[] {
  const exact = [...new Set(secrets)].filter((s): s is string => typeof s === 'string' && s.length >= min);
  return exact.sort((a, b) => b.length - a.length);
}

/**
 * The spellings of `secret` a message may show: as given, trimmed (a variable read with its
 * trailing newline), percent-encoded as a URL's path or query carries it, and form-encoded (a
 * space as `+`). Letter case, splits and escapes are redact's (replaceSpelled).
 */
function secretSpellings(secret: string): string[] {
  const trimmed = secret.trim();
  return [secret, trimmed, encodeURIComponent(trimmed), new URLSearchParams({ v: trimmed }).toString().slice('v='.length)];
}

/**
 * The base64 forms of `secret` a message may show: its encoding whole (RFC 4648 §4), with and
 * without its `=` padding, and the part of any longer encoding that `secret` alone decides at each
 * of the three offsets a prefix may leave it at (base64 writes each three bytes as four
 * characters, so what precedes shifts the rest), so that `user:KEY` — HTTP Basic's credentials,
 * base64 of user-id `:` password (RFC 7617 §2), KEY the password, or the user with an empty
 * password — is found whatever the user; each also in the URL-safe alphabet (RFC 4648 §5: `-`
 * and `_` for `+` and `/`, no padding). Longest first. Made once per secret (BASE64_FORMS): a
 * run's few credentials against every message it prints.
 */
function base64Forms(secret: string): readonly string[] {
  let forms = BASE64_FORMS.get(secret);
  if (forms) return forms;
  const bytes = Buffer.from(secret, 'utf8');
  const standard = [bytes.toString('base64')];
  standard.push(standard[0]!.replace(/=+$/, ''));
  for (let offset = 0; offset < 3; offset++) {
    // The characters whose six bits all come from `secret`'s bytes, at that offset.
    const shifted = Buffer.concat([Buffer.alloc(offset), bytes]).toString('base64');
    standard.push(shifted.slice(Math.ceil((8 * offset) / 6), Math.floor((8 * (offset + bytes.length)) / 6)));
  }
  forms = [...new Set([...standard, ...standard.map((f) => f.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, ''))])].sort((a, b) => b.length - a.length);
  if (BASE64_FORMS.size >= BASE64_KEPT) BASE64_FORMS.delete(BASE64_FORMS.keys().next().value!);
  BASE64_FORMS.set(secret, forms);
  return forms;
}

/** base64Forms by secret, and replaceBase64's search by set of secrets: a run holds a few; a process that meets many (the test suite) keeps the last BASE64_KEPT of each. */
const BASE64_FORMS = new Map<string, readonly string[]>();
const BASE64_SEARCHES = new Map<string, LiteralSearch>();
const BASE64_KEPT = 64;

/** A character of either base64 alphabet (RFC 4648 §4, §5). */
const BASE64_CHARACTER = /[A-Za-z0-9+/_-]/;

/**
 * `text` with every base64 form of each of `secrets` (base64Forms) replaced, in its own case,
 * with the character of the alphabet next to it on either side and any padding after it: those
 * carry some of the secret's bits too, mixed with its neighbours'. The search is made once for a
 * set of secrets (BASE64_SEARCHES), as a run redacts each of its lines with the same ones.
 */
function replaceBase64(text: string, secrets: readonly string[]): string {
  if (secrets.length === 0) return text;
  const key = secrets.join('\0');
  let search = BASE64_SEARCHES.get(key);
  if (!search) {
    search = literalSearch([...new Set(secrets.flatMap(base64Forms))].sort((a, b) => b.length - a.length), false);
    if (BASE64_SEARCHES.size >= BASE64_KEPT) BASE64_SEARCHES.delete(BASE64_SEARCHES.keys().next().value!);
    BASE64_SEARCHES.set(key, search);
  }
  if (!search.finds(text)) return text;
  const around = search.ranges(text).map(([start, end]): Range => {
    const from = start > 0 && BASE64_CHARACTER.test(text[start - 1]!) ? start - 1 : start;
    let to = end < text.length && BASE64_CHARACTER.test(text[end]!) ? end + 1 : end;
    while (text[to] === '=') to++;
    return [from, to];
  });
  return replaceRanges(text, around);
}

/** A part of a text: [start, end), in UTF-16 units. */
type Range = [number, number];

/**
 * A search for any of some literals (longest first), in a text: whether it holds one, and where
 * they occur, left to right, none overlapping.
 */
interface LiteralSearch {
  finds(text: string): boolean;
  ranges(text: string): Range[];
}

/**
 * A LiteralSearch for `literals` (not empty, longest first), as written or in any letter case
 * (`anyCase`): a regular expression of them, which V8 searches with a skip table; or, where V8
 * cannot make one (compiled), a search for each (literalRanges).
 */
function literalSearch(literals: readonly string[], anyCase: boolean): LiteralSearch {
  const source = literals.map(literally).join('|');
  const any = compiled(source, anyCase ? 'i' : '');
  const all = any && compiled(source, anyCase ? 'gi' : 'g');
  if (any && all) return { finds: (text) => any.test(text), ranges: (text) => Array.from(text.matchAll(all), (m): Range => [m.index, m.index + m[0].length]) };
  return { finds: (text) => literalRanges(text, literals, anyCase).length > 0, ranges: (text) => literalRanges(text, literals, anyCase) };
}

/**
 * `new RegExp(source, flags)`, compiled; undefined when V8 cannot compile it. One made of
 * credentials is as long as they are, and V8 refuses a pattern past a size of its own ("Regular
 * expression too large", thrown at the first search, not when it is made: a literal of 32,676
 * repeated characters is one, Node 20). A variable holding a value that long made every search of
 * a run throw, the report of that error too, which printed the pattern — the credential — with a
 * stack trace.
 */
function compiled(source: string, flags: string): RegExp | undefined {
  try {
    const made = new RegExp(source, flags);
    // V8 compiles a pattern at its first search.
    made.exec('');
    made.lastIndex = 0;
    return made;
  } catch {
    return undefined;
  }
}

/**
 * Where each of `literals` occurs in `text`, found one by one without a regular expression
 * (literalSearch's way for literals too long for one): as written, and when `anyCase` also in
 * any letter case, wherever lower-casing leaves the lengths of `text` and of the literal as they
 * are (a few characters lower-case to two, `İ` to `i̇`, and would move every position after
 * them). Sorted, overlapping ones merged.
 */
function literalRanges(text: string, literals: readonly string[], anyCase: boolean): Range[] {
  const found: Range[] = [];
  const lower = anyCase ? text.toLowerCase() : text;
  for (const literal of literals) {
    const needles: Array<[string, string]> = [[text, literal]];
    if (anyCase && lower.length === text.length && literal.toLowerCase().length === literal.length) needles.push([lower, literal.toLowerCase()]);
    for (const [haystack, needle] of needles) {
      for (let at = haystack.indexOf(needle); at >= 0; at = haystack.indexOf(needle, at + needle.length)) found.push([at, at + needle.length]);
    }
  }
  found.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  const merged: Range[] = [];
  for (const range of found) {
    const last = merged[merged.length - 1];
    if (last && range[0] < last[1]) last[1] = Math.max(last[1], range[1]);
    else merged.push([range[0], range[1]]);
  }
  return merged;
}

/** `text` with each of `ranges` (sorted, overlapping ones merged or not) replaced by [redacted]. */
function replaceRanges(text: string, ranges: readonly Range[]): string {
  if (ranges.length === 0) return text;
  let out = '';
  let at = 0;
  for (const [start, end] of ranges) {
    if (end <= at) continue;
    out += `${text.slice(at, Math.max(start, at))}${REDACTED}`;
    at = end;
  }
  return `${out}${text.slice(at)}`;
}

/**
 * What a server's text may hold within a value it quotes without it being part of the value: white
 * space and line breaks (a message wrapped to a width, a key split across lines, indented) and
 * invisible characters (a zero-width space, a soft hyphen: util/invisible.ts); and how it may
 * write one of the value's characters: as JSON escapes it (`\u002f`, `\/`, and `\n` for a break:
 * a body encoded twice, or an encoder that escapes `/` as PHP's does), as an HTML page does
 * (`&#x2F;`, `&#43;` — Go's html/template writes `+` so —, `&amp;`: a proxy's error page), or as a
 * URL may percent-encode any ASCII character (`%2d` for `-`, `%20` for a space: RFC 3986 §2.1),
 * where encodeURIComponent's spelling (secretSpellings) encodes only some.
 */
const SPELLING_NOISE = new RegExp(`%[0-7][0-9a-f]|\\\\u[0-9a-f]{4}|\\\\[nrtfv/"\\\\]|&#x[0-9a-f]{1,6};|&#[0-9]{1,7};|&(?:amp|lt|gt|quot|apos);|[\\s${INVISIBLE_SOURCE}]`, 'gi');
const GAP_CHARACTER = new RegExp(`^[\\s${INVISIBLE_SOURCE}]$`);
/** SPELLING_NOISE's escapes alone, and its gaps alone, for squeezed: a string's replacement of runs is far cheaper than a call for each. */
const ESCAPE = new RegExp(SPELLING_NOISE.source.slice(0, SPELLING_NOISE.source.lastIndexOf('|')), 'gi');
const GAPS = new RegExp(`${SPELLING_NOISE.source.slice(SPELLING_NOISE.source.lastIndexOf('|') + 1)}+`, 'g');
const ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** The character (one or two UTF-16 units) a SPELLING_NOISE token stands for: a gap stands for itself, or for a space when escaped. */
function noiseCharacter(token: string): string {
  if (token.length === 1) return token;
  if (token[0] === '%') return String.fromCharCode(parseInt(token.slice(1), 16));
  if (token[0] === '\\') {
    const c = token[1]!.toLowerCase();
    return c === 'u' ? String.fromCharCode(parseInt(token.slice(2), 16)) : 'nrtfv'.includes(c) ? ' ' : c;
  }
  if (token[1] !== '#') return ENTITIES[token.slice(1, -1).toLowerCase()]!;
  const code = token[2] === 'x' || token[2] === 'X' ? parseInt(token.slice(3, -1), 16) : parseInt(token.slice(2, -1), 10);
  return code <= 0x10ffff ? String.fromCodePoint(code) : token;
}

/** `text` as the characters a value quoted in it is made of: each escape read as its character, then each gap dropped (SPELLING_NOISE). */
function squeezed(text: string): string {
  const read = text.includes('\\') || text.includes('&') || text.includes('%') ? text.replace(ESCAPE, noiseCharacter) : text;
  return read.replace(GAPS, '');
}

/**
 * `text` with what `search` finds in squeezed(`text`) replaced, each from the first character of
 * the text its match was read from to the last.
 */
function replaceSqueezed(text: string, search: LiteralSearch): string {
  // Where each UTF-16 unit of the squeezed text was read from in `text` (`to` exclusive).
  const from = new Int32Array(text.length);
  const to = new Int32Array(text.length);
  const parts: string[] = [];
  let n = 0;
  let at = 0;
  const keep = (s: string, start: number, end: number | undefined) => {
    parts.push(s);
    for (let i = 0; i < s.length; i++, n++) {
      from[n] = end === undefined ? start + i : start;
      to[n] = end === undefined ? start + i + 1 : end;
    }
  };
  for (const m of text.matchAll(SPELLING_NOISE)) {
    keep(text.slice(at, m.index), at, undefined);
    const c = noiseCharacter(m[0]);
    at = m.index + m[0].length;
    if (!GAP_CHARACTER.test(c)) keep(c, m.index, at);
  }
  keep(text.slice(at), at, undefined);
  return replaceRanges(text, search.ranges(parts.join('')).map(([start, end]): Range => [from[start]!, to[end - 1]!]));
}

/** replaceSpelled's searches by set of values: a run redacts each of its lines with the same few. */
const SPELLED_SEARCHES = new Map<string, { exact: LiteralSearch; squeezed: LiteralSearch | undefined }>();

/**
 * `text` with each of `exact` (longest first) replaced in any letter case, and however a server's
 * text split or escaped it between and in its characters (SPELLING_NOISE): a key quoted in two
 * parts, `sk-proj-AbCd EfGh…`, is replaced whole, from its first character to its last, never its
 * first part alone. A value whose own characters squeeze to fewer than MIN_SECRET_AS_SUBSTRING is
 * looked for as written only. The searches are made once for a set of values (SPELLED_SEARCHES).
 */
function replaceSpelled(text: string, exact: readonly string[]): string {
  if (exact.length === 0) return text;
  const key = exact.join('\0');
  let search = SPELLED_SEARCHES.get(key);
  if (!search) {
    const forms = [...new Set(exact.map(squeezed).filter((s) => s.length >= MIN_SECRET_AS_SUBSTRING))].sort((a, b) => b.length - a.length);
    search = { exact: literalSearch(exact, true), squeezed: forms.length === 0 ? undefined : literalSearch(forms, true) };
    if (SPELLED_SEARCHES.size >= BASE64_KEPT) SPELLED_SEARCHES.delete(SPELLED_SEARCHES.keys().next().value!);
    SPELLED_SEARCHES.set(key, search);
  }
  const out = search.exact.finds(text) ? replaceRanges(text, search.exact.ranges(text)) : text;
  if (!search.squeezed) return out;
  const read = squeezed(out);
  return read !== out && search.squeezed.finds(read) ? replaceSqueezed(out, search.squeezed) : out;
}

function replaceExact(text: string, exact: readonly string[]): string {
  let out = text;
  for (const secret of exact) out = out.split(secret).join(REDACTED);
  return out;
}

/** `text` with `secret` replaced where no letter or digit is right before or after it. */
function replaceStandingAlone(text: string, secret: string): string {
  if (!text.includes(secret)) return text;
  return text.replace(new RegExp(`(?<![\\p{L}\\p{N}])${literally(secret)}(?![\\p{L}\\p{N}])`, 'gu'), REDACTED);
}

/**
 * `text` with `value` replaced where it is a whole query value: right after `?name=` or `&name=`,
 * up to the end of the value (`&`, `#`, a blank, a quote, a bracket or the end of the text).
 */
function replaceQueryValue(text: string, value: string): string {
  if (!text.includes(value)) return text;
  return text.replace(new RegExp(`(?<=[?&][^\\s?&=#]*=)${literally(value)}(?![^&#\\s"'<>()\\[\\],;])`, 'g'), REDACTED);
}

/** `text` as a regular expression that matches it literally. */
function literally(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * `name=value` pairs of headers for a debug line: a secret header's value replaced, and in the
 * others what redact replaces; a header whose whole value is one of `queryValues`, however short,
 * is replaced too (a gateway may take in a header what the endpoint gives in its query).
 */
export function redactHeaders(
  headers: Iterable<[string, string]>,
  secrets: Iterable<string | undefined> = [],
  queryValues: Iterable<string> = [],
): string {
  const list = [...secrets];
  const query = [...queryValues];
  const parts: string[] = [];
  for (const [name, value] of headers) {
    const secret = SECRET_HEADER.test(name) || (value !== '' && query.includes(value));
    parts.push(`${name.toLowerCase()}=${secret ? REDACTED : redact(value, list, query)}`);
  }
  return parts.join(' ');
}

/** Whether `text` (data: a file's content or name) holds one of `secrets` exactly (of MIN_SECRET_AS_SUBSTRING characters or more). */
export function holdsSecret(text: string, secrets: Iterable<string | undefined>): boolean {
  return secretFinder(secrets)?.(text) !== undefined;
}

/**
 * holdsSecret for many texts: a function that gives the one of `secrets` a text holds (the
 * longest, when it holds several), or undefined; itself undefined when none of `secrets` is long
 * enough to be looked for in data (MIN_SECRET_AS_SUBSTRING), so that a caller with only
 * placeholders skips the search.
 */
export function secretFinder(secrets: Iterable<string | undefined>): ((text: string) => string | undefined) | undefined {
  const exact = exactSecrets(secrets);
  if (exact.length === 0) return undefined;
  const holds = holdsAnyOf(exact);
  return (text) => (holds(text) ? exact.find((s) => text.includes(s)) : undefined);
}

/**
 * The searches holdsAnyOf made, by their secrets (and whether CleanTexts was on then), for the
 * next caller with the same secrets: apply redacts each outcome as it is reported, each with a
 * redactor of its own (a redactor remembers the objects it read, and an outcome changes after it
 * is first told: a warning added at settle), and making the regular expression anew cost each
 * outcome ~70 µs of an apply of 1,000 creates' CPU (a CPU profile, 250 µs samples). A search
 * depends on its secrets and a text alone, and strings do not change: sharing it shares no
 * verdict on anything that can. A run holds a few sets (a token fetched adds one); a process that
 * meets many (the test suite) keeps the last SEARCHES_KEPT.
 */
const searches = new Map<string, (text: string) => boolean>();
const SEARCHES_KEPT = 16;

/**
 * Whether a text holds any of `exact` (case-sensitive, as written): one regular expression of
 * them all, which V8 searches with a skip table, 3–4× faster than a search for each (two secrets
 * in a 4.5 KB prompt: 0.9 µs against 3.1, Node 20); a plan of 10,000 searches every string it
 * shows (its definitions, as they are read and as a plan shows them) for the run's credentials. A
 * long text searched before for the same values, by any caller, is not searched again (CleanTexts).
 * Made once for a set of secrets (searches).
 */
function holdsAnyOf(exact: readonly string[]): (text: string) => boolean {
  if (exact.length === 0) return () => false;
  const key = JSON.stringify([cleanTexts !== undefined, exact]);
  let search = searches.get(key);
  if (!search) {
    if (searches.size >= SEARCHES_KEPT) searches.delete(searches.keys().next().value!);
    searches.set(key, (search = searchFor(exact)));
  }
  return search;
}

/** holdsAnyOf's search for `exact` (not empty), made anew. */
function searchFor(exact: readonly string[]): (text: string) => boolean {
  const any = literalSearch(exact, false);
  // Most strings of a plan (ids, models, names, metadata values) are shorter than any credential:
  // four in five of the 670,000 a plan of 10,000 searched, each a call into the regular expression.
  const shortest = Math.min(...exact.map((s) => s.length));
  const clean = cleanTexts?.of(exact);
  if (!clean) return (text) => text.length >= shortest && any.finds(text);
  return (text) => {
    if (text.length < shortest) return false;
    if (text.length < CleanTexts.LONG) return any.finds(text);
    if (clean.has(text)) return false;
    if (any.finds(text)) return true;
    clean.add(text);
    return false;
  };
}

/**
 * Long texts found to hold none of a set of secrets, by set. A plan searches each definition's
 * texts for the run's credentials as it loads them (desired/credential-values.ts), then its
 * normalized specs and each live copy's to redact the plan, and a live copy's instructions are
 * most often its definition's (util/shared-text.ts): at 10,000 assistants that was two or three
 * searches of the same 40 MB. Kept here, a text is searched once: an equal one is held clean
 * without a search (the same string, or an equal copy, compared as any two strings are). The
 * texts are looked up by their length and a few of their characters, never hashed whole
 * (hashing a text costs about three times the search it would save); a bucket holds a few, so
 * texts alike in those characters cost a search each, never a long comparison with each other.
 * Off until the program allows it (rememberCleanTexts), as util/shared-text.ts: the texts are
 * kept until the process exits.
 */
class CleanTexts {
  /** Texts shorter than this are searched each time: the lookup would cost about what the search does. */
  static readonly LONG = 256;
  /** The most texts kept under one lookup, the oldest dropped first. */
  private static readonly BUCKET = 4;
  private readonly bySet = new Map<string, Map<number, string[]>>();

  /** The clean texts of the secrets `exact`, in any order, as one set. */
  of(exact: readonly string[]): { has(text: string): boolean; add(text: string): void } {
    const key = JSON.stringify([...exact].sort());
    let texts = this.bySet.get(key);
    if (!texts) this.bySet.set(key, (texts = new Map()));
    const found = texts;
    return {
      has: (text) => found.get(CleanTexts.sample(text))?.includes(text) === true,
      add: (text) => {
        const at = CleanTexts.sample(text);
        const bucket = found.get(at);
        if (!bucket) found.set(at, [text]);
        else if (bucket.push(text) > CleanTexts.BUCKET) bucket.shift();
      },
    };
  }

  /** A number from `text`'s length and eight characters spread over it. */
  private static sample(text: string): number {
    const n = text.length;
    let h = n;
    for (let i = 1; i <= 8; i++) h = (Math.imul(h, 31) + text.charCodeAt(Math.floor((n * i) / 9))) | 0;
    return h;
  }
}

/** The clean texts of this process; none until rememberCleanTexts. */
let cleanTexts: CleanTexts | undefined;

/**
 * Lets every search for secrets made from now on skip a long text searched before for the same
 * secrets (CleanTexts): for a command run as a program only, which exits when done.
 */
export function rememberCleanTexts(): void {
  cleanTexts ??= new CleanTexts();
}

/**
 * A copy of `value` — plain data: a plan, an apply or import report — with every exact secret in
 * a string or an object key replaced by `[redacted]`, for rendering and saving, and with `places`
 * (the kind's, ResourceKind.credentials) every value held at a credential's place (a header named
 * as one in a `headers` map) replaced whole by `[redacted]`, whatever it is. Only exact values
 * otherwise, in their own case: data is the user's and the server's text, where `Bearer …` or
 * `token=…` is prose, and is stored as written, not through a URL parser (a message's transforms:
 * redact); a plan of 10,000 assistants is too large to search in every case.
 * `value` is never changed (apply sends the real body, and the planner compares the real values:
 * a changed credential is still a change); parts without a secret are shared, an object met twice
 * is copied once (identity holds), and accessors (a fingerprint computed on first read) stay accessors,
 * with the symbol-keyed members they read.
 */
export function redactData<T>(value: T, secrets: Iterable<string | undefined>, places?: CredentialPlaces): T {
  return new DataRedactor(secrets, places).data(value);
}

/**
 * `url` (a URL member of a kind's CredentialPlaces.urlFields) with what urlCredentials finds in it
 * shown as [redacted] — its userinfo, and the value of each query or fragment parameter named as a
 * credential — and the rest as written, so a reviewer still sees which server it is.
 */
function redactedUrl(url: string): string {
  const withoutUser = url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/?#]*@/i, `$1${REDACTED}@`);
  const hash = withoutUser.indexOf('#');
  const beforeHash = hash < 0 ? withoutUser : withoutUser.slice(0, hash);
  const fragment = hash < 0 ? '' : `#${redactedPairs(withoutUser.slice(hash + 1))}`;
  const query = beforeHash.indexOf('?');
  if (query < 0) return `${beforeHash}${fragment}`;
  return `${beforeHash.slice(0, query + 1)}${redactedPairs(beforeHash.slice(query + 1))}${fragment}`;
}

/** `pairs` (a query or a fragment, without its `?` or `#`) with the value of each `name=value` named as a credential shown as [redacted]. */
function redactedPairs(pairs: string): string {
  return pairs.split('&').map((pair) => {
    const eq = pair.indexOf('=');
    if (eq < 0 || eq === pair.length - 1) return pair;
    const name = pair.slice(0, eq);
    return CREDENTIAL_QUERY_PARAMETER.test(decodedFormText(name)) ? `${name}=${REDACTED}` : pair;
  }).join('&');
}

/** Object.prototype's legacy `__lookupGetter__`, for objects of no prototype too: an own member's getter, or undefined for a data member, read without allocating a descriptor and without calling it. */
const lookupGetter = (Object.prototype as { __lookupGetter__(key: string): (() => unknown) | undefined }).__lookupGetter__;

/**
 * `redactData` for one set of secrets that remembers each whole it has read (and each copy it
 * made), so that data redacted ahead — a plan's normalized specs, while the listing waits for
 * pages — is not read again in the plan that holds it: a plan of 10,000 assistants holds hundreds
 * of megabytes of strings to search. Only for data that no longer changes once read.
 */
export class DataRedactor {
  private readonly exact: string[];
  private readonly holds: (text: string) => boolean;
  /**
   * Each object given to `data`, and each object copied on the way, and what it became (itself
   * when it holds no secret). An object within a clean whole is not kept: what reads it again
   * reads it through that whole (a plan holds the normalized specs redacted ahead), and keeping
   * the hundreds of thousands of objects of a plan of 10,000 (each normalized spec's tools, their
   * members, its metadata) cost more than the walk they would save.
   */
  private readonly seen = new Map<object, unknown>();
  /** The same for objects whose credentials depend on where they were read (placeMatters), by that place. */
  private readonly seenAt = new Map<string, Map<object, unknown>>();

  /** `places`: the kind's credential places (ResourceKind.credentials), redacted whatever their value; none when absent. */
  constructor(secrets: Iterable<string | undefined>, private readonly places?: CredentialPlaces) {
    this.exact = exactSecrets(secrets);
    this.holds = holdsAnyOf(this.exact);
  }

  /** This redactor when it redacts exactly `secrets`, else a new one that does (a token fetched since is one more), at the same places. */
  for(secrets: Iterable<string | undefined>): DataRedactor {
    const exact = exactSecrets(secrets);
    return exact.length === this.exact.length && exact.every((s, i) => s === this.exact[i]) ? this : new DataRedactor(exact, this.places);
  }

  /** `value` redacted, as redactData gives it. */
  data<T>(value: T): T {
    return this.exact.length === 0 && !this.places ? value : (this.walk(value, TOP, true) as T);
  }

  private scrub(s: string): string {
    return this.holds(s) ? replaceExact(s, this.exact) : s;
  }

  // Copies are made only from the first replaced value on: a plan of 10,000 assistants holds
  // hundreds of thousands of objects, almost never one with a secret, and copying the descriptors
  // of each was a tenth of such a plan's CPU.
  /** The cache for objects `reached` as said: this.seen unless the place decides what they hold. */
  private seenFor(reached: Reached): Map<object, unknown> {
    if (!this.places || !placeMatters(this.places, reached)) return this.seen;
    const at = `${reached.item ? '[]' : ''}${reached.under!}`;
    let seen = this.seenAt.get(at);
    if (!seen) this.seenAt.set(at, (seen = new Map()));
    return seen;
  }

  /** How the credential member `name` holding `value` is shown: a URL with its credentials alone redacted, else wholly. */
  private credentialShown(name: string, value: unknown): unknown {
    return typeof value === 'string' && this.places!.urlFields.includes(name) ? this.scrub(redactedUrl(value)) : REDACTED;
  }

  // `reached`: where `v` was read, which makes the members of a header map credentials by their names.
  // `whole`: whether `v` is what `data` was given, kept in `seen` even when clean.
  private walk(v: unknown, reached: Reached, whole = false): unknown {
    if (typeof v === 'string') return this.scrub(v);
    if (v === null || typeof v !== 'object') return v;
    // Nothing to redact or to keep (itself whatever was read before): a plan of 10,000 holds
    // tens of thousands (each no-op's patch, changed fields and field changes, each assistant's
    // tools), each a place, two look-ups and a walk of none.
    if (Array.isArray(v) && v.length === 0) return v;
    const seen = this.seenFor(reached);
    // One look-up, not has and get: what is kept is an object, never undefined.
    const kept = seen.get(v);
    if (kept !== undefined) return kept;
    // Data made only if read (lazy.ts lazyObject) is redacted only if read: its copy here is made
    // and redacted at its first read, so that reading it is what makes it.
    const out = notFilled(v)
      ? lazyObject<object>((copy) => Object.defineProperties(copy, Object.getOwnPropertyDescriptors(this.redacted(v, reached))))
      : this.redacted(v, reached);
    if (whole || out !== v) seen.set(v, out);
    return out;
  }

  /** `v` redacted (walk), not looked up in nor added to what was read. */
  private redacted(v: object, reached: Reached): unknown {
    let out: unknown = v;
    if (Array.isArray(v)) {
      let items: unknown[] | undefined;
      let inList: Reached | undefined;
      for (let i = 0; i < v.length; i++) {
        const was: unknown = v[i];
        // The place is made for a list or object item alone: a string or number has no members.
        const item = typeof was === 'string' ? this.scrub(was) : was !== null && typeof was === 'object' ? this.walk(was, (inList ??= { under: reached.under, item: true })) : was;
        if (item !== was) (items ??= [...v])[i] = item;
      }
      if (items) out = items;
    } else {
      // Plain objects and lists are walked; an instance of a class is returned as it is, and none
      // reaches here: what is redacted is data parsed from JSON or YAML (live resources,
      // definitions, their normalized specs; lazy.ts's are proxies of plain objects), the plans and
      // reports built of it (a failure in them is its `error` string), and messages, diagnostics
      // and warnings. An error reaches output only as those (render/failure.ts failureOf), never
      // its `cause`, and every SDK or network error becomes a BackendError with a redacted message
      // and no cause (backends/http/transport.ts toBackendError); a URL, Headers, Map, Set or
      // Buffer is no member of that data (an endpoint is a string). In session 48 the whole test
      // suite ran with this branch logging every other prototype it met: none. Data that holds one
      // must be made plain before it is redacted: JSON.stringify writes a URL's href and a
      // Buffer's bytes, which this walk does not read.
      const proto = Object.getPrototypeOf(v) as object | null;
      if (proto === Object.prototype || proto === null) {
        const names = Object.getOwnPropertyNames(v);
        const credentials = this.places ? credentialMembers(this.places, v as Record<string, unknown>, reached) : [];
        let copied: PropertyDescriptorMap | undefined;
        for (let i = 0; i < names.length; i++) {
          const k = names[i]!;
          const key = this.scrub(k);
          // A getter is never called (a live resource's fingerprint, hashed on first read) and
          // its member is kept as it is. Asked without a descriptor: one a member was 25 MB of a
          // plan of 10,000's sampled allocation (docs/performance.md, session 47). A member without
          // one is data (or a setter alone, whose read gives undefined and calls nothing).
          const accessor = lookupGetter.call(v, k) !== undefined;
          const value: unknown = accessor ? undefined : (v as Record<string, unknown>)[k];
          const next = accessor
            ? undefined
            : credentials.includes(k)
              ? this.credentialShown(k, value)
              : typeof value === 'string'
                ? this.scrub(value)
                : value !== null && typeof value === 'object'
                  ? this.walk(value, { under: k, item: false })
                  : value;
          if (!copied && (key !== k || next !== value)) {
            // No prototype, so a key named `__proto__` is a key of the map like any other.
            copied = Object.create(null) as PropertyDescriptorMap;
            for (const before of names.slice(0, i)) copied[before] = Object.getOwnPropertyDescriptor(v, before)!;
          }
          if (copied) {
            const d = Object.getOwnPropertyDescriptor(v, k)!;
            copied[key] = 'value' in d ? { ...d, value: next } : d;
          }
        }
        if (copied) {
          // As they are: what an accessor of the object reads (a live resource's wire object, which
          // its fingerprint hashes), never shown.
          for (const sym of Object.getOwnPropertySymbols(v)) copied[sym] = Object.getOwnPropertyDescriptor(v, sym)!;
          out = Object.defineProperties(Object.create(proto), copied);
        }
      }
    }
    return out;
  }
}

/**
 * Where secrets sit in `value` (plain data, e.g. a live resource's spec): dotted paths such as
 * `instructions` or `metadata.note`, `metadata` itself for a key that holds one, in document order.
 */
export function secretPaths(value: unknown, secrets: Iterable<string | undefined>): string[] {
  const exact = exactSecrets(secrets);
  const found: string[] = [];
  const walk = (v: unknown, path: string) => {
    if (typeof v === 'string') {
      if (exact.some((s) => v.includes(s))) found.push(path);
    } else if (Array.isArray(v)) v.forEach((item, i) => walk(item, `${path}[${i}]`));
    else if (v !== null && typeof v === 'object') {
      for (const [k, item] of Object.entries(v)) {
        // A key holding one is named by its place, never spelled out.
        const inKey = exact.some((s) => k.includes(s));
        const inner = `${path === '' ? '' : `${path}.`}${inKey ? REDACTED : k}`;
        if (inKey) found.push(inner);
        walk(item, inner);
      }
    }
  };
  if (exact.length > 0) walk(value, '');
  return [...new Set(found)];
}
