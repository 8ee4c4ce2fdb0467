// A JSON value or a count as a person reads it in one line: shared by the renderers and by apply's
// warnings about what the API stored, so apply needs nothing from render (data flows one way).
import type { Json } from '../model/json.js';
import { sanitize } from './invisible.js';

/** `1,234`: counts people read, not counts scripts parse (those stay plain in the closing line). */
export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

/**
 * How many characters of a live resource's name a message shows: a name the APIs take shows whole
 * (openapi.yaml AssistantObject and CreateAssistantRequest `name` maxLength 256; AGENTS-API.md
 * §6 an agent's ≤ 128), a host's longer one is cut with how much was left out (`…(999,744 more
 * characters)`), so one name of a megabyte is not a line of a megabyte.
 */
export const LIVE_NAME_SHOWN = 256;

/**
 * A value on one line: strings JSON-quoted (so `"1"` and `1` differ visibly and control and
 * invisible characters are escaped), everything else as compact JSON. Longer than `limit` characters, it is folded,
 * starting `start` characters in when the interesting part is further along.
 */
export function formatValue(value: Json, limit: number, start = 0): string {
  if (typeof value === 'string') {
    const shown = foldText(value, limit, start);
    return `"${shown.prefix}${sanitize(JSON.stringify(shown.text).slice(1, -1))}${shown.suffix}"`;
  }
  const shown = foldText(JSON.stringify(value), limit, start);
  return `${shown.prefix}${sanitize(shown.text)}${shown.suffix}`;
}

/** Characters kept before the first difference when a long pair of values is folded around it. */
export const FOLD_CONTEXT = 20;

/** `s` cut after `limit` characters, with how much was left out (`…(999,744 more characters)`): foldText from the start. */
export function headText(s: string, limit: number): string {
  const { text, suffix } = foldText(s, limit, 0);
  return `${text}${suffix}`;
}

/** `limit` characters of `s` from `start` (moved back so as many show as fit), and notes of what was cut before and after. */
export function foldText(s: string, limit: number, start: number): { prefix: string; text: string; suffix: string } {
  if (s.length <= limit) return { prefix: '', text: s, suffix: '' };
  const from = Math.min(Math.max(0, start), Math.max(0, s.length - limit));
  const rest = s.length - from - limit;
  return {
    prefix: from > 0 ? `…(${formatCount(from)} characters before)` : '',
    text: s.slice(from, from + limit),
    suffix: rest > 0 ? `…(${formatCount(rest)} more characters)` : '',
  };
}
