// `aac version` with more words than the version word: the launcher answers the word alone
// (src/version.ts), for start-up's sake; these are the CLI's. Terraform's `terraform version -json`
// prints a JSON object; aac's version has no document of its own (schema/output/ has none), so
// `-json` is refused with what to read instead rather than answered with a line a JSON reader
// cannot parse.
import { UserError } from '../util/errors.js';
import { codeSpan } from '../util/code-span.js';

/** The help of `aac version --help` (and of `aac --version --help`, `aac -v -h`). */
export const VERSION_HELP = [
  'Usage: aac --version   (or aac version, aac -v, aac -version)',
  '',
  "Print aac's version (package.json's), alone on one line, as `1.2.3`.",
  '',
  "It takes no options and no arguments: -json (Terraform's `terraform version -json`) is refused, as",
  'the version is a line, not a document.',
  '',
  'Exit status: 0.',
  '',
].join('\n');

const HELP_WORDS: ReadonlySet<string> = new Set(['--help', '-h', '-help']);
/** Whether `words` ask for JSON: `-json`, `--json`, `--format json`, `--format=json`, each with one dash or two. */
const asksForJson = (words: readonly string[]): boolean =>
  words.some((w, i) => /^--?(json|format=json)$/.test(w) || (/^--?format$/.test(w) && words[i + 1] === 'json'));

/**
 * What `aac <version word> ...rest` (rest not empty) answers: the help when a help word is among
 * `rest`; otherwise a UserError, thrown: for `-json` (and `--format json`), that the version is
 * printed as a line; for any other word, that the command takes none.
 */
export function versionWithWords(version: string, rest: readonly string[]): string {
  if (rest.some((w) => HELP_WORDS.has(w))) return VERSION_HELP;
  const plain = codeSpan('aac --version');
  if (asksForJson(rest)) {
    throw new UserError(`aac version has no JSON form: it prints the version alone, one line (${version.trim()})`, `read that line: ${plain}`);
  }
  throw new UserError(`aac version takes no arguments: '${rest[0]}'`, `run ${plain} for the version, ${codeSpan('aac --help')} for the commands`);
}
