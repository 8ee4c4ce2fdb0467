// `aac --version`. The launcher (src/launch.cts) answers it before it reads the CLI's bundle:
// reading and compiling that ~1 MB file was most of what the command cost (Node 20: 0.21 s wall
// where `node -e 0` takes 0.14 s). The CLI answers the same words the same way when it is called
// in-process (src/cli.ts, `main`). Bundled on its own beside the CLI (scripts/bundle.mjs).
import { packageInfo } from './util/package.js';

/** First words that ask for the version: `--version`, `-v`, Terraform's `-version`, and `version`. */
const VERSION_WORDS: ReadonlySet<string> = new Set(['--version', '-v', '-version', 'version']);

/** Whether `word` is one of VERSION_WORDS. */
export const isVersionWord = (word: string | undefined): boolean => word !== undefined && VERSION_WORDS.has(word);

/**
 * Whether a command line (the words after `aac`) asks for the version alone: one word, one of
 * VERSION_WORDS. One with more words (`aac version --help`, `aac version -json`) is the CLI's to
 * answer (cli/version-words.ts): it would be a wrong answer here.
 */
export const asksForVersion = (words: readonly string[]): boolean => words.length === 1 && isVersionWord(words[0]);

/** What `aac --version` prints: package.json's `version` and a newline. Throws when package.json cannot be read. */
export const versionLine = (): string => `${packageInfo().version}\n`;
