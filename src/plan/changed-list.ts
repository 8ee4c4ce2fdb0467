// The text of a `--changed-files` list as paths: one a line, as `git diff --name-only` prints
// them, git's C-quoted spelling of an unusual name decoded; or each ended by a NUL, as `git diff
// --name-only -z` prints them, each taken whole (a name may hold a line break, never a NUL).

/** The command that makes a `--changed-files` list, said wherever one is asked for (names unquoted: unquoteGitPath decodes them either way). */
export const CHANGED_FILES_RECIPE = 'git -c core.quotepath=off diff --name-only --relative BASE HEAD';

/** git's one-letter escapes in a quoted path (git's quote.c, `sq_lookup`/`cq_lookup`: \a \b \t \n \v \f \r \" \\). */
const ESCAPES: Record<string, number> = { a: 7, b: 8, t: 9, n: 10, v: 11, f: 12, r: 13, '"': 34, '\\': 92 };

/**
 * `line` as the path it names. git (with `core.quotepath`, on by default) prints a name holding a
 * byte over 0x7f, a control character, `"` or `\` between double quotes, each such byte C-escaped
 * (`"assistants/caf\303\251.yaml"` is `assistants/café.yaml`; git's quote.c, `quote_c_style`): a
 * line that starts and ends with `"` is decoded so, its octal escapes taken as the name's UTF-8
 * bytes. Any other line is the path as written. A quoted line with an escape git does not write is
 * taken as written too: it names no file either way, and the list's other lines still count.
 */
export function unquoteGitPath(line: string): string {
  if (line.length < 2 || !line.startsWith('"') || !line.endsWith('"')) return line;
  const bytes: number[] = [];
  const body = line.slice(1, -1);
  for (let i = 0; i < body.length; i++) {
    const c = String.fromCodePoint(body.codePointAt(i)!);
    if (c === '"') return line;
    if (c !== '\\') {
      bytes.push(...Buffer.from(c, 'utf8'));
      i += c.length - 1;
      continue;
    }
    const next = body[i + 1] ?? '';
    const octal = /^[0-3][0-7]{2}/.exec(body.slice(i + 1, i + 4));
    if (octal) {
      bytes.push(parseInt(octal[0], 8));
      i += 3;
    } else if (next in ESCAPES) {
      bytes.push(ESCAPES[next]!);
      i += 1;
    } else {
      return line;
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

/**
 * The paths a `--changed-files` list names. A list holding a NUL is NUL-separated (`git diff
 * --name-only -z`, or a script that writes names as they are): each entry is a path exactly as
 * written, line breaks, blanks and quotes included, empty entries skipped; no file name holds a
 * NUL, so no name can split into two or pass for another. Any other list is one path a line (LF or
 * CRLF), blank lines skipped, each trimmed and unquoted (unquoteGitPath).
 */
export function changedPathsOf(text: string): string[] {
  if (text.includes('\0')) return text.split('\0').filter((entry) => entry !== '');
  return text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== '').map(unquoteGitPath);
}
