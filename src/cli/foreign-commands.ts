// Commands a platform engineer types out of Terraform's or kubectl's habit, which aac has no
// command of, or has under another name: each answered with what does it in aac, as the flags of
// those tools are (args.ts TERRAFORM_WITHOUT_MEANING), rather than a bare "unknown command".
import { ownValue } from '../model/json.js';

/** kubectl's edit, patch and replace: a change is made in the definition's file, never to the live resource. */
const EDIT_THE_FILE = 'change the definition\'s YAML file and run `aac apply` (`aac plan` first shows what it would change): a change made to the live resource alone is drift, which the next apply undoes';

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
  taint: { tool: 'Terraform', instead: noForcedRecreate('`aac apply --prune --target KEY`') },
  untaint: { tool: 'Terraform', instead: 'aac marks nothing to be made anew, so there is nothing to untaint: `aac plan` shows what apply would change' },
  output: { tool: 'Terraform', instead: 'aac has no outputs: `aac plan --format json` lists every managed resource with its key and live id (resource_changes[].key and .id)' },
  providers: { tool: 'Terraform', instead: "aac's providers are its own, chosen with --provider or aac.yaml's provider: (`aac plan --help` lists them); `aac environments --providers` prints those aac.yaml's environments plan with" },
  login: { tool: 'Terraform', instead: "aac signs in with the provider's variables only (OPENAI_API_KEY, AAC_FOUNDRY_TOKEN or `az login` for Foundry, …): set them in the environment of the run" },
  logout: { tool: 'Terraform', instead: "aac keeps no credentials of its own: unset the provider's variables (OPENAI_API_KEY, AAC_FOUNDRY_TOKEN, …)" },
  get: { tool: 'kubectl', instead: '`aac plan` reads every live resource and names those that differ from their definitions; `aac plan --format json` lists every managed one with its live id, and `aac import --dry-run` those aac does not manage' },
  describe: { tool: 'kubectl', instead: 'a resource is described by its YAML file; `aac plan --target KEY` compares it with the live one, and `aac show PLANFILE` shows a saved plan' },
  create: { tool: 'kubectl', instead: 'add a YAML file to the definitions directory and run `aac apply`, which creates what the definitions add and updates what differs' },
  delete: { tool: 'kubectl', instead: 'remove the definition and run `aac apply --prune --target KEY`: the plan lists the delete before it asks' },
  graph: { tool: 'Terraform', instead: 'aac\'s resources do not depend on one another, so there is no graph: `aac plan` lists each change on its own' },
  console: { tool: 'Terraform', instead: 'aac has no expressions to evaluate: a definition\'s ${var.NAME} takes the value aac.yaml gives it, and `aac plan --env NAME` shows each value in place' },
  test: { tool: 'Terraform', instead: '`aac validate` checks the definitions without credentials, and `aac emulator` serves a local API to plan and apply them against, no key or host needed' },
  edit: { tool: 'kubectl', instead: EDIT_THE_FILE },
  patch: { tool: 'kubectl', instead: EDIT_THE_FILE },
  replace: { tool: 'kubectl', instead: EDIT_THE_FILE },
  explain: {
    tool: 'kubectl',
    instead: 'each definition format\'s fields, with their limits, are in its JSON Schema (schema/assistant.schema.json, openai-agent.schema.json, foundry-agent.schema.json; an editor reads the one a file\'s $schema line names) and in README\'s definition format; `aac validate` says what a file gets wrong and the fix',
  },
};

/**
 * Terraform's forced re-create (`-replace`, `taint`), which aac has none of, said with the way to
 * get a new id: `apply`, the apply to run in backticks (with the run's options where one is known).
 */
export function noForcedRecreate(apply: string): string {
  return `aac has no forced re-create: to make one anew (a new id), move its definition out of the directory, run ${apply}, then put it back and apply again`;
}

/**
 * What aac says of `name` when it is one of those commands: the message and the hint of its
 * error; undefined for any other word (the caller's did-you-mean applies).
 */
export function foreignCommand(name: string): { message: string; hint: string } | undefined {
  const known = ownValue(FOREIGN_COMMANDS, name);
  if (!known) return undefined;
  return { message: `'${name}' is a command of ${known.tool}, not of aac`, hint: `${known.instead} (run \`aac --help\` to see the commands)` };
}
