// An option written before the command: `aac --format json plan` (the kubectl and `git -C` habit)
// and Terraform's global `-chdir=DIR`, which terraform takes only there. aac has no global options
// before its command, so the hint is the line to run, its words in aac's order.
import { codeSpan } from '../util/code-span.js';
import { pathWord, shellWord } from '../util/shell-word.js';

/**
 * Terraform's `-chdir=DIR` as aac means it, before its command or after: `cd DIR && <line>` (aac
 * reads its definitions directory from where it runs; `--dir` names that directory, not the root
 * it lies in). Without DIR (`-chdir infra`, its word read apart), `cd DIR` alone. `why`: a clause
 * after `here`. `readsDir`: whether a directory (from the working directory) holds an aac.yaml,
 * given by the caller, as this module reads no disk: such a DIR is itself the definitions
 * directory, as terraform's is its configuration's, where `cd DIR && aac plan` would look for
 * DIR/assistants/: it is `<line> --dir DIR`.
 */
export function chdirMeant(line: string, dir?: string, why = '', readsDir?: (dir: string) => boolean): string {
  if (dir !== undefined && dir !== '' && readsDir?.(dir)) {
    return `Terraform's -chdir=DIR names the directory a run reads, and ${dir} holds an aac.yaml: it is the definitions directory, which aac takes with --dir${why}: ${codeSpan(`${line} --dir ${pathWord(dir)}`)}`;
  }
  return `Terraform's -chdir=DIR is \`cd DIR\` here${why}: ${dir === undefined || dir === '' ? codeSpan(`cd DIR && ${line}`) : codeSpan(`cd ${pathWord(dir)} && ${line}`)}`;
}

/**
 * The hint for `argv` whose first word is an option: the same words with the first of `commands`
 * among them moved to the front (`aac plan --format json`), and Terraform's `-chdir=DIR` (or
 * `-chdir DIR`) said as the `cd DIR && aac plan …` it means. With no command among the words,
 * the command's place is `<command>`: `aac -chdir=infra` is told `cd infra && aac <command>`.
 * `readsDir`: as chdirMeant takes it.
 */
export function optionFirstHint(argv: readonly string[], commands: readonly string[], readsDir?: (dir: string) => boolean): string {
  const see = '(run `aac --help` to see the commands)';
  const found = argv.findIndex((w) => commands.includes(w));
  const at = found < 0 ? argv.length : found;
  const before = [...argv.slice(0, at)];
  const chdir = before.findIndex((w) => /^--?chdir(=|$)/.test(w));
  const dir = chdir < 0 ? undefined : before[chdir]!.includes('=') ? before[chdir]!.slice(before[chdir]!.indexOf('=') + 1) : before[chdir + 1];
  if (dir) before.splice(chdir, before[chdir]!.includes('=') ? 1 : 2);
  const command = found < 0 ? '<command>' : argv[at]!;
  const rest = [...before, ...argv.slice(at + 1)];
  if (dir) return `${chdirMeant(['aac', command, ...rest.map(shellWord)].join(' '), dir, ', as aac takes no option before its command', readsDir)}${found < 0 ? ` ${see}` : ''}`;
  if (found < 0) return `the command comes first, then its options: ${codeSpan(`aac <command> ${argv[0]!.split('=')[0]} …`)} ${see}`;
  return `the command comes first, then its options: ${codeSpan(['aac', command, ...rest.map(shellWord)].join(' '))} ${see}`;
}
