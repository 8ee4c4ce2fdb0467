// English for messages that name a resource kind's nouns (`an assistant`, `a widget`).

/** `noun` with its indefinite article: `an assistant`, `an agent`, `a widget`. */
export function withArticle(noun: string): string {
  return `${/^[aeiou]/i.test(noun) ? 'an' : 'a'} ${noun}`;
}

/** `a`, `a or b`, `a, b or c`: a choice among `words`, for help and messages. */
export function orList(words: readonly string[]): string {
  return joined(words, 'or');
}

/** `a`, `a and b`, `a, b and c`: all of `words`, for messages. */
export function andList(words: readonly string[]): string {
  return joined(words, 'and');
}

function joined(words: readonly string[], last: string): string {
  return words.length === 1 ? words[0]! : `${words.slice(0, -1).join(', ')} ${last} ${words.at(-1)!}`;
}

/** `one` when `n` is 1, else `many`: a count's noun (`1 item`, `2 items`), for messages. */
export function plural(n: number, one: string, many: string): string {
  return n === 1 ? one : many;
}

/** `once`, `twice`, `3 times`: how many times something was done (`n` ≥ 1), for messages. */
export function timesWord(n: number): string {
  return n === 1 ? 'once' : n === 2 ? 'twice' : `${n} times`;
}

/** Items a grouped message names one by one, at most: a folder of hundreds would make it kilobytes. */
const NAMED_IN_GROUP = 10;

/**
 * `items` as a grouped message names them: the first NAMED_IN_GROUP, then `the 41 more likewise`
 * for the rest when there are more (a grouped warning's renames, the files a refusal would write
 * over), so the message stays a screen whatever the count.
 */
export function cappedItems(items: readonly string[]): string[] {
  const more = items.length - NAMED_IN_GROUP;
  return more > 0 ? [...items.slice(0, NAMED_IN_GROUP), `the ${more} more likewise`] : [...items];
}
