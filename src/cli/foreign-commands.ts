// Commands a platform engineer types out of Terraform's or kubectl's habit, which aac has no
// command of, or has under another name: each answered with what does it in aac, as the flags of
// those tools are (args.ts TERRAFORM_WITHOUT_MEANING), rather than a bare "unknown command".
import { ownValue } from '../model/json.js';

/** By the command as typed: whose it is, and what to run in aac instead. */
const FOREIGN_COMMANDS: Readonly<Record<string, { tool: 'Terraform' | 'kubectl'; instead: string }>> = {
  init: {
    tool: 'Terraform',
    instead: 'aac has nothing to initialize (no state, no plugins): write one YAML file per assistant in assistants/ (or let `aac import` write them from the live ones), then run `aac validate` and `aac plan`',
  },
  destroy: {
    tool: 'Terraform',
    instead: 'remove the definitions and run `aac apply --prune` (with `--allow-empty` when none are left): the plan lists each delete before it asks',
  },
  refresh: { tool: 'Terraform', instead: 'aac keeps no state to refresh: every `aac plan` reads the live resources' },
  state: {
    tool: 'Terraform',
    instead: 'aac keeps no state file: each managed resource carries aac\'s marker on the host, and every `aac plan` reads them; `aac import` writes definitions for the ones it does not manage',
  },
  workspace: { tool: 'Terraform', instead: 'aac\'s environments are its workspaces: declare them in aac.yaml, list them with `aac environments`, and choose one with `--env NAME`' },
  fmt: { tool: 'Terraform', instead: 'aac formats no files; `aac validate` checks them' },
  diff: { tool: 'kubectl', instead: '`aac plan` shows what apply would change; with `--detailed-exitcode` it exits 2 when there are changes (kubectl diff exits 1)' },
};

/**
 * What aac says of `name` when it is one of those commands: the message and the hint of its
 * error; undefined for any other word (the caller's did-you-mean applies).
 */
export function foreignCommand(name: string): { message: string; hint: string } | undefined {
  const known = ownValue(FOREIGN_COMMANDS, name);
  if (!known) return undefined;
  return { message: `'${name}' is a command of ${known.tool}, not of aac`, hint: `${known.instead} (run \`aac --help\` to see the commands)` };
}
