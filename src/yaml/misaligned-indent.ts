// A list written with one line at the wrong indent, which the YAML parser words for its own
// grammar and often places at column 1: an item whose `-` is not at its siblings' column ("all
// sequence items must start at the same column", or, fewer spaces in, "a list or mapping cannot
// be a key" and three more of the same line), and an item's field indented to between the item's
// `-` and its fields ("sequence item without - indicator"). What the user needs is the line, the
// column its indent reaches, and the column it should reach.

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
   * the key on `parentLine`.
   */
  kind: 'item' | 'field' | 'entry';
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
  let lines: Line[] | undefined;
  return (line) => {
    lines ??= linesOf(text);
    const at = lines[line - 1];
    if (at === undefined || at.content === '') return undefined;
    if (ITEM.test(at.content)) return misalignedItem(lines, line - 1);
    return misalignedField(lines, line - 1);
  };
}

/** The first line of `lines` from `from` up to (not including) `to` for which `test` holds: without a copy of them. */
function firstBetween(lines: readonly Line[], from: number, to: number, test: (l: Line) => boolean): Line | undefined {
  for (let i = from; i < to; i++) if (test(lines[i]!)) return lines[i];
  return undefined;
}

function misalignedItem(lines: readonly Line[], index: number): Misaligned | { aligned: true; parentLine: number } | undefined {
  const { indent } = lines[index]!;
  // The list's parent: walking up past the items (and their own lines, deeper than the least
  // indented item met), the first line less indented than every item met, or as indented as one
  // and a key whose value is below (a list may start at its key's column).
  let parent = index - 1;
  let floor = indent;
  for (; parent >= 0; parent--) {
    const l = lines[parent]!;
    if (l.content === '') continue;
    if (ITEM.test(l.content)) floor = Math.min(floor, l.indent);
    else if (l.indent < floor || (l.indent === floor && BLOCK_KEY.test(l.content))) break;
  }
  if (parent < 0 || !BLOCK_KEY.test(lines[parent]!.content)) return undefined;
  const first = firstBetween(lines, parent + 1, index, (l) => ITEM.test(l.content));
  if (first === undefined) return undefined;
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

function misalignedField(lines: readonly Line[], index: number): Misaligned | undefined {
  const { indent } = lines[index]!;
  // The item it is written under: the nearest line above at a smaller indent, which is an item.
  let item = index - 1;
  while (item >= 0 && (lines[item]!.content === '' || lines[item]!.indent >= indent)) item--;
  if (item < 0) return undefined;
  if (!ITEM.test(lines[item]!.content)) return misalignedEntry(lines, index, item);
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
function misalignedEntry(lines: readonly Line[], index: number, owner: number): Misaligned | undefined {
  const { indent } = lines[index]!;
  if (!BLOCK_KEY.test(lines[owner]!.content)) return undefined;
  const first = firstBetween(lines, owner + 1, index, (l) => l.content !== '');
  if (first === undefined || first.indent <= indent) return undefined;
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
