// Many things said alike (a fleet's failures, a fleet-wide change, one mistake copied into every
// file) are said once with the list of what they are about, so the one thing that differs, or the
// one value that changes, is read once instead of a thousand times. The rule is the same in every
// view: more than ALIKE_APART alike are grouped; up to that many read better one by one.

/** Up to this many alike (one action said alike, one change, one problem) are shown one by one; more are one entry listing their members. */
export const ALIKE_APART = 3;

/** The width lists of members are wrapped to: a terminal's or a CI log's line, and a comment's paragraph. */
const LIST_WIDTH = 100;

/**
 * `items` by `alike` (equal strings, equal items; undefined: alike to none), each group in the
 * order of its first member, its members in their order.
 */
export function alikeGroups<T>(items: readonly T[], alike: (item: T) => string | undefined): T[][] {
  const groups = new Map<string | symbol, T[]>();
  for (const item of items) {
    const id = alike(item) ?? Symbol('alone');
    const group = groups.get(id);
    if (group) group.push(item);
    else groups.set(id, [item]);
  }
  return [...groups.values()];
}

/**
 * `items` in their order, except that the members of each group of more than ALIKE_APART alike
 * (alikeGroups) are one entry, at the place of its first member: each entry a group of one or of
 * more than ALIKE_APART. Without such a group, every item alone in its own place.
 */
export function groupAlike<T>(items: readonly T[], alike: (item: T) => string | undefined): T[][] {
  const groupOf = new Map<T, T[]>();
  for (const group of alikeGroups(items, alike)) if (group.length > ALIKE_APART) for (const item of group) groupOf.set(item, group);
  return items.flatMap((item) => {
    const group = groupOf.get(item);
    if (group === undefined) return [[item]];
    return group[0] === item ? [group] : [];
  });
}

/** `words` joined by ', ' into lines of at most LIST_WIDTH characters (a longer word alone on its line), each after `indent`. */
export function wrapped(words: readonly string[], indent: string): string[] {
  const lines: string[] = [];
  let line = '';
  for (const [i, word] of words.entries()) {
    const item = i < words.length - 1 ? `${word},` : word;
    if (line !== '' && indent.length + line.length + 1 + item.length > LIST_WIDTH) {
      lines.push(`${indent}${line}`);
      line = item;
    } else line = line === '' ? item : `${line} ${item}`;
  }
  if (line !== '') lines.push(`${indent}${line}`);
  return lines;
}
