// A list written with one line at the wrong indent, which the YAML parser words for its own
// grammar and often places at column 1: an item whose `-` is not at its siblings' column ("all
// sequence items must start at the same column", or, fewer spaces in, "a list or mapping cannot
// be a key" and three more of the same line), and an item's field indented to between the item's
// `-` and its fields ("sequence item without - indicator"); and a document whose first lines are
// indented past a later line (` model: gpt-4o` above `name: x`: "unexpected scalar at node end" and
// two more of that line, for a space typed before the first field). What the user needs is the
// line, the column its indent reaches, and the column it should reach.

/** What aac says of such a line, where it says it (1-based), and the `parent` line (`tools:`) of its list. */
export interface Misaligned {
  line: number;
  column: number;
  message: string;
  hint: string;
  parentLine: number;
  /**
   * What the line is: an `item` off its list's column (`parentLine` writes the list's key), a
   * `field` short of the fields of the item on `parentLine`, or an `entry` short of the fields of
   * the key on `parentLine`, or the document's first lines (`parentLine`, its first line with
   * content) indented past a later line at the top level (`top`).
   */
  kind: 'item' | 'field' | 'entry' | 'top';
}

/** One line of the text: its indent (spaces before its content) and content; `content` '' for a blank or comment line. */
interface Line {
  indent: number;
  content: string;
}

const ITEM = /^-(?:[ ]|$)/;
/** A key whose value is on the lines below (`tools:`), maybe a list item's (`- tools:`). */
const BLOCK_KEY = /^(?:-[ ]+)*[^\s#-][^#]*?:[ ]*(?:#.*)?$/;

function linesOf(text: string): Line[] {
  return text.split('\n').map((raw) => {
    const indent = /^[ ]*/.exec(raw)![0].length;
    const content = raw.slice(indent).trimEnd();
    return { indent, content: content.startsWith('#') ? '' : content };
  });
}

/**
 * What the answers need of every line, found in two passes over the lines (each line's questions
 * then cost no walk: a walk up a list for each of its items was quadratic, ~4 s at 20,000 lines).
 * Indexes are 0-based; -1 for none, `lines.length` for none below.
 */
interface Indented {
  lines: Line[];
  /** Whether the line is a list item (ITEM). */
  item: boolean[];
  /** Whether the line, not an item, is a key whose value is below (BLOCK_KEY). */
  blockKey: boolean[];
  /** For an item: its list's parent (listParents). */
  listParent: Int32Array;
  /** For a line with content: the nearest line above with content at a smaller indent. */
  less: Int32Array;
  /** The first item at or below the line. */
  nextItem: Int32Array;
  /** The first line with content at or below the line. */
  nextContent: Int32Array;
  /** The first line with content less indented than the first line with content (misalignedTop); -1 for none. */
  topBreak: number;
}

function indented(text: string): Indented {
  const lines = linesOf(text);
  const n = lines.length;
  const item = lines.map((l) => l.content !== '' && ITEM.test(l.content));
  const blockKey = lines.map((l, i) => l.content !== '' && !item[i] && BLOCK_KEY.test(l.content));
  const nextItem = new Int32Array(n + 1).fill(n);
  const nextContent = new Int32Array(n + 1).fill(n);
  for (let i = n - 1; i >= 0; i--) {
    nextItem[i] = item[i] ? i : nextItem[i + 1]!;
    nextContent[i] = lines[i]!.content !== '' ? i : nextContent[i + 1]!;
  }
  // The nearest line above at a smaller indent: a stack of lines, their indents rising to the top.
  const less = new Int32Array(n).fill(-1);
  const rising: number[] = [];
  lines.forEach((l, i) => {
    if (l.content === '') return;
    while (rising.length > 0 && lines[rising.at(-1)!]!.indent >= l.indent) rising.pop();
    less[i] = rising.at(-1) ?? -1;
    rising.push(i);
  });
  const firstIndent = lines[nextContent[0]!]?.indent ?? 0;
  const topBreak = lines.findIndex((l) => l.content !== '' && l.indent < firstIndent);
  return { lines, item, blockKey, listParent: listParents(lines, item, blockKey), less, nextItem, nextContent, topBreak };
}

/**
 * For each item of `lines`, its list's parent: walking up past the items (and their own lines,
 * deeper than the least indented item met), the first line less indented than every item met, or
 * as indented as one and a key whose value is below (a list may start at its key's column); -1
 * for none. In one pass down: a line other than an item stops the walk of each item below it
 * whose items met reach no further in than its `reach` (its indent, a block key's; one more, any
 * other line's). An item kills the lines above that reach further in than it (no item below it
 * stops at them any more), and stops at the nearest left; a line hides those above that reach as
 * far or further, which die no later than it. So the lines left reach further in from bottom to
 * top, and an item's kills are at the top.
 */
function listParents(lines: readonly Line[], item: readonly boolean[], blockKey: readonly boolean[]): Int32Array {
  const parent = new Int32Array(lines.length).fill(-1);
  const reach = (i: number) => lines[i]!.indent + (blockKey[i] ? 0 : 1);
  const left: number[] = [];
  lines.forEach((l, i) => {
    if (l.content === '') return;
    if (item[i]) {
      while (left.length > 0 && reach(left.at(-1)!) > l.indent) left.pop();
      parent[i] = left.at(-1) ?? -1;
      return;
    }
    while (left.length > 0 && reach(left.at(-1)!) >= reach(i)) left.pop();
    left.push(i);
  });
  return parent;
}

const spaces = (n: number) => `${n} ${n === 1 ? 'space' : 'spaces'}`;

/**
 * For the parser's errors on lines of `text`: a function of the error's `line` (1-based) that
 * says, when that line is an item of a block list whose `-` is at another column than the list's
 * first item's, or a field of the item above it indented past that item's `-` but short of its
 * fields, what to say (at the line's first character); `{ aligned }` when the line is an item at
 * its list's column (the parser's error there follows from another line of the same list);
 * undefined for any other line. The text is split into lines once, on the first question: a list
 * of 10,000 misindented items gives as many errors, and splitting the file for each took minutes.
 */
export function misalignedIndent(text: string): (line: number) => Misaligned | { aligned: true; parentLine: number } | undefined {
  let at: Indented | undefined;
  return (line) => {
    at ??= indented(text);
    const l = at.lines[line - 1];
    if (l === undefined || l.content === '') return undefined;
    // A line off its list or mapping is said as such; only a line that is neither breaks the document's indent.
    return (at.item[line - 1] ? misalignedItem(at, line - 1) : misalignedField(at, line - 1)) ?? misalignedTop(at, line - 1);
  };
}

/**
 * A line `index`, at or past the first line with content less indented than the document's first
 * line with content (`topBreak`), and off no list or mapping: YAML takes that
 * line's indent for the whole document's, so the lines above at that indent are what is off (the
 * parser's errors are at the later line and past it, each read as a stray token). Said once, at
 * the first line, for every such line: they are one slip. Undefined for any other line.
 */
function misalignedTop({ lines, nextContent, topBreak }: Indented, index: number): Misaligned | undefined {
  if (topBreak < 0 || index < topBreak) return undefined;
  const first = nextContent[0]!;
  const firstIndent = lines[first]!.indent;
  const at = lines[topBreak]!.indent;
  const by = spaces(firstIndent - at);
  return {
    line: first + 1,
    column: firstIndent + 1,
    parentLine: first + 1,
    kind: 'top',
    message: `line ${first + 1} is indented to column ${firstIndent + 1}, but line ${topBreak + 1} starts at column ${at + 1}: YAML takes the first line's indent for the whole document's, so it cannot read on from line ${topBreak + 1}`,
    hint: topBreak - 1 === first
      ? `remove the ${by} at the start of line ${first + 1}, so that it starts at column ${at + 1}, as line ${topBreak + 1} does`
      : `unindent lines ${first + 1}–${topBreak} by ${by}, so that the document's top level starts at column ${at + 1}, as line ${topBreak + 1} does`,
  };
}

function misalignedItem({ lines, blockKey, listParent, nextItem }: Indented, index: number): Misaligned | { aligned: true; parentLine: number } | undefined {
  const { indent } = lines[index]!;
  const parent = listParent[index]!;
  if (parent < 0 || !blockKey[parent]) return undefined;
  const firstAt = nextItem[parent + 1]!;
  if (firstAt >= index) return undefined;
  const first = lines[firstAt]!;
  if (first.indent === indent) return { aligned: true, parentLine: parent + 1 };
  const key = /^(?:-[ ]+)*([^:]*):/.exec(lines[parent]!.content)![1]!.trim();
  return {
    line: index + 1,
    column: indent + 1,
    parentLine: parent + 1,
    kind: 'item',
    message: `the list item on line ${index + 1} starts at column ${indent + 1}, but the items of \`${key}:\` above it start at column ${first.indent + 1}`,
    hint: `indent its \`-\` to column ${first.indent + 1} (${spaces(first.indent)}), as the items above`,
  };
}

function misalignedField(at: Indented, index: number): Misaligned | undefined {
  const { lines } = at;
  const { indent } = lines[index]!;
  // The item it is written under: the nearest line above at a smaller indent, which is an item.
  const item = at.less[index]!;
  if (item < 0) return undefined;
  if (!at.item[item]) return misalignedEntry(at, index, item);
  const dash = lines[item]!.indent;
  const marker = /^-[ ]+/.exec(lines[item]!.content);
  if (marker === null) return undefined;
  const fields = dash + marker[0].length;
  if (indent >= fields) return undefined;
  const field = /^-[ ]+([^:\s]+):/.exec(lines[item]!.content)?.[1];
  return {
    line: index + 1,
    column: indent + 1,
    parentLine: item + 1,
    kind: 'field',
    message: `line ${index + 1} is indented to column ${indent + 1}: past the \`-\` of the list item above (column ${dash + 1}) but short of its fields (column ${fields + 1})`,
    hint: `if it is a field of that item, indent it to column ${fields + 1} (${spaces(fields)})${field ? `, as \`${field}:\` above` : ''}; if it is an item of its own, start it with \`- \` at column ${dash + 1}`,
  };
}

/**
 * A field of a mapping (`function:`'s) indented short of the fields above it: `index` is the line,
 * `owner` the nearest line above at a smaller indent. Undefined when the owner is no block key or
 * the line is at the mapping's column.
 */
function misalignedEntry({ lines, blockKey, nextContent }: Indented, index: number, owner: number): Misaligned | undefined {
  const { indent } = lines[index]!;
  if (!blockKey[owner]) return undefined;
  const firstAt = nextContent[owner + 1]!;
  if (firstAt >= index || lines[firstAt]!.indent <= indent) return undefined;
  const first = lines[firstAt]!;
  const key = /^(?:-[ ]+)*([^:]*):/.exec(lines[owner]!.content)![1]!.trim();
  return {
    line: index + 1,
    column: indent + 1,
    parentLine: owner + 1,
    kind: 'entry',
    message: `line ${index + 1} is indented to column ${indent + 1}, but the fields of \`${key}:\` above it start at column ${first.indent + 1}`,
    hint: `if it is one of them, indent it to column ${first.indent + 1} (${spaces(first.indent)}), as the fields above`,
  };
}
