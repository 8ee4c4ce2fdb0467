// One string for a text both sides of a run hold alike. A plan reads each resource's instructions
// twice, from its definition and from its live copy in the listing, two equal strings of up to
// 256,000 characters, each a fresh copy its own parse made. Both are kept to the plan's end, and
// V8 copies every string of up to 128 KB that outlives a young-generation collection: at 10,000
// assistants (the bench's fleet: 40 MB of such instructions a side) that was a second 40 MB to
// copy while the listing's pages waited for the main thread, and to keep. So the side read second
// takes the first side's string when the two are equal, and its own copy dies young. Which side
// comes first varies (pages arrive while definitions load), so the first text read for a key is
// the one kept. JavaScript cannot tell two equal strings apart, so this changes what the heap
// holds and nothing a run does.
// Off until the program allows it (shareTexts), as util/v8-by-work.ts: the texts are kept until
// the process exits, which a command run as a program does when it is done, and tests that call
// commands in-process never do.

/** The first text read for each key; none until shareTexts. */
let first: Map<string, string> | undefined;

/** Lets sharedText share texts for the rest of this process: for a command run as a program only. */
export function shareTexts(): void {
  first ??= new Map();
}

/**
 * `text` as the run holds it for `key` (a resource's key): the first text given for that key when
 * it is equal to `text`, else `text` itself (then kept as the first when it is the first). Always
 * `text` itself before shareTexts.
 */
export function sharedText(key: string, text: string): string {
  if (first === undefined) return text;
  const kept = first.get(key);
  if (kept === undefined) first.set(key, text);
  return kept === text ? kept : text;
}
