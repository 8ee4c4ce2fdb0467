// Definition keys for imported assistants: readable, ASCII where the name has Latin letters, stable, and never clashing with a key or
// file that already exists.
import { isWindowsDevice } from './windows-names.js';
import { unfitCharacter } from './invisible.js';

/** Latin letters that Unicode decomposition leaves alone but that have a usual ASCII spelling. */
const ASCII_SPELLINGS: Record<string, string> = {
  ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', đ: 'd', ð: 'd', ł: 'l', þ: 'th', ı: 'i', ħ: 'h', ŧ: 't', ŋ: 'ng',
};

/** Long names make unwieldy file names; cut at a word boundary below this length. */
const MAX_SLUG_LENGTH = 60;

/** `Café Bot` → `cafe-bot`; '' when nothing ASCII is left (a name in a non-Latin script, or no name). */
export function slugify(name: string | null | undefined): string {
  if (!name) return '';
  const folded = name
    // Terminal escape sequences pasted into a name are not words of it.
    .replace(/\u001b\[[0-9;?]*[ -/]*[@-~]/g, '')
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\x00-\x7f]/g, (ch) => ASCII_SPELLINGS[ch] ?? ' ');
  const slug = folded.replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  if (slug.length <= MAX_SLUG_LENGTH) return slug;
  const cut = slug.slice(0, MAX_SLUG_LENGTH);
  const lastHyphen = cut.lastIndexOf('-');
  return (lastHyphen > MAX_SLUG_LENGTH / 2 ? cut.slice(0, lastHyphen) : cut).replace(/-+$/, '');
}

/**
 * `asst_AbC123xyz` → `assistant-c123xyz`: the kind's noun and the id's tail (after a `prefix_`),
 * so the file can be traced to the resource.
 */
export function fallbackKey(id: string, noun: string): string {
  const tail = id.replace(/^[a-z]+_/, '').toLowerCase().replace(/[^a-z0-9]/g, '');
  return `${noun}-${tail.slice(-8) || 'unnamed'}`;
}

/**
 * The key for a resource's name (a Windows device name gets the kind's noun: `con-assistant`), or
 * the id-based fallback when the name gives no usable slug.
 */
export function baseKey(name: string | null | undefined, id: string, noun: string): string {
  const ascii = slugify(name);
  // A name without Latin letters (`日本語ボット`, `Ωμέγα`) keeps its own letters rather than an id.
  const slug = /[a-z]/.test(ascii) ? ascii : unicodeSlug(name) || ascii;
  // A repository holding `con.yaml` cannot be checked out on Windows.
  if (isWindowsDevice(slug)) return `${slug}-${noun}`;
  return slug || fallbackKey(id, noun);
}

/**
 * `日本語 ボット!` → `日本語-ボット`: the name composed (NFC), lower-cased, its letters, digits and
 * marks (a Devanagari vowel sign is one) kept, every other run of characters a `-`, at most
 * MAX_SLUG_LENGTH code points; '' when it holds no letter. Only letters, digits, marks and `-`, so
 * it is always a key a definition may give (model/key-format.ts), and no character util/invisible.ts
 * refuses in a name (a variation selector is a mark that prints as nothing) is kept.
 */
function unicodeSlug(name: string | null | undefined): string {
  if (!name || !/\p{L}/u.test(name)) return '';
  const kept = [...name.normalize('NFC').toLowerCase()].map((c) => (/[\p{L}\p{N}\p{M}]/u.test(c) && unfitCharacter(c, 'key') === undefined ? c : '-'));
  const slug = kept.join('').replace(/-+/g, '-').replace(/^-|-$/g, '');
  // A mark never starts a key: it would join the character before it in a path (`a/\u0301`).
  const points = [...slug.replace(/^\p{M}+/u, '')];
  return points.length <= MAX_SLUG_LENGTH ? points.join('') : points.slice(0, MAX_SLUG_LENGTH).join('').replace(/-+$/, '');
}

/** The first of `base`, `base-2`, `base-3`, … that `taken` does not hold. */
export function uniqueKey(base: string, taken: (key: string) => boolean): string {
  if (!taken(base)) return base;
  for (let n = 2; ; n++) {
    const candidate = `${base}-${n}`;
    if (!taken(candidate)) return candidate;
  }
}
