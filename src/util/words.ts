// English for messages that name a resource kind's nouns (`an assistant`, `a widget`).

/** `noun` with its indefinite article: `an assistant`, `an agent`, `a widget`. */
export function withArticle(noun: string): string {
  return `${/^[aeiou]/i.test(noun) ? 'an' : 'a'} ${noun}`;
}
