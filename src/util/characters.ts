// How the APIs count a string's length: in characters, that is code points ("maximum length of 512
// characters", ../shared/openai-openapi Metadata; "Unicode characters, not UTF-16 units or bytes",
// ../shared/openai-agents AGENTS-API.md §4), where JavaScript's `length` counts UTF-16 units and
// so twice for an emoji. The one measure for validate and for the emulators alike.

/** Characters as the API counts them (code points, not UTF-16 units). */
export function codePoints(s: string): number {
  return [...s].length;
}
