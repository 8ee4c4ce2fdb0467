// `aac version` with more words than the version word: the launcher answers the word alone
// (src/version.ts), for start-up's sake; these are the CLI's. Terraform's `terraform version -json`
// prints a JSON object, which scripts read for the version: `aac version -json` prints aac's
// (schema/output/version.schema.json).
import { UserError } from '../util/errors.js';
import { codeSpan } from '../util/code-span.js';

/** The help of `aac version --help` (and of `aac --version --help`, `aac -v -h`). */
export const VERSION_HELP = [
  'Usage: aac --version   (or aac version, aac -v, aac -version)',
  '',
  "Print aac's version (package.json's), alone on one line, as `1.2.3`.",
  '',
  'Options:',
  "  -json          print it as a JSON document, as Terraform's `terraform version -json`:",
  '                 {format_version, aac_version, platform, node_version}',
  '                 (schema/output/version.schema.json; also --json, --format json)',
  '',
  'Exit status: 0.',
  '',
].join('\n');

const HELP_WORDS: ReadonlySet<string> = new Set(['--help', '-h', '-help']);
/** Whether `words` ask for JSON and for nothing else: `-json`, `--json`, `--format json`, `--format=json`, each with one dash or two. */
function onlyAsksForJson(words: readonly string[]): boolean {
  for (let i = 0; i < words.length; i++) {
    if (/^--?(json|format=json)$/.test(words[i]!)) continue;
    if (!/^--?format$/.test(words[i]!) || words[i + 1] !== 'json') return false;
    i++;
  }
  return true;
}

/** The version document's format (schema/output/version.schema.json). */
export const VERSION_FORMAT_VERSION = '1.0';

/**
 * What `aac <version word> ...rest` (rest not empty) answers: the help when a help word is among
 * `rest`; the version document for `-json` alone (and `--json`, `--format json`): `{format_version,
 * aac_version, platform, node_version}` and a newline, `version` being versionLine's; otherwise a
 * UserError, thrown: the command takes no other word.
 */
export function versionWithWords(version: string, rest: readonly string[]): string {
  if (rest.some((w) => HELP_WORDS.has(w))) return VERSION_HELP;
  if (onlyAsksForJson(rest)) {
    const doc = { format_version: VERSION_FORMAT_VERSION, aac_version: version.trim(), platform: `${process.platform}_${process.arch}`, node_version: process.version };
    return `${JSON.stringify(doc, null, 2)}\n`;
  }
  throw new UserError(`aac version takes no arguments but -json: '${rest.join(' ')}'`, `run ${codeSpan('aac --version')} for the version, ${codeSpan('aac version -json')} for it as JSON, ${codeSpan('aac --help')} for the commands`);
}
