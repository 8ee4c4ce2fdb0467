// The one way aac puts a command or a value in backticks, in text as in markdown: a CommonMark code
// span, which no backtick inside it can close. A suggested `aac plan --dir 'a`b'` in single
// backticks ends at the directory's backtick: a markdown view then shows half a command and
// formats the rest, and a reader of the text cannot tell where the command ends.

/**
 * `text` as a CommonMark code span (spec 0.31.2, §6.1 Code spans): its fence one backtick longer
 * than the longest run of backticks in it, so only a run of that length closes it, with a space on
 * each side when the text starts or ends with a backtick (which would otherwise join the fence), or
 * starts and ends with a space (which a reader strips, one each side, unless the text is all
 * spaces). `aac plan` gives `` `aac plan` ``; ``a`b`` gives ``` ``a`b`` ```; ``` `x ``` gives
 * ```` `` `x `` ````. Nothing else is changed: text that is not aac's goes through
 * util/invisible.ts sanitize where it is shown (render/markdown.ts `code` does both).
 */
export function codeSpan(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const stripped = text.startsWith(' ') && text.endsWith(' ') && text.trim() !== '';
  const pad = text.startsWith('`') || text.endsWith('`') || stripped ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}
