import type { Command } from './command.js';

/** The options that choose what a run reads which only some commands take (--dir and --provider are global). */
export type RunOption = 'namespace' | 'env';

/**
 * Commands load lazily so `aac --version` and `aac validate` pay only for what they use.
 * `runOptions`: which RunOptions the command takes, so that a command suggested to the user
 * (commands/suggest.ts) repeats only those, without loading it; a test checks each against the
 * command's own options.
 * `counted`: whether the command's work is small until a count says otherwise (definitions read,
 * resources listed: util/v8-by-work.ts workSize), so that V8 runs as for small work from the
 * command's start (cli.ts); environments reads aac.yaml alone, small always. Not the emulator,
 * which serves for as long as it runs, nor show, which draws a saved plan of any size and counts nothing.
 */
export const COMMANDS: Record<string, { summary: string; runOptions: readonly RunOption[]; counted: boolean; load: () => Promise<Command> }> = {
  validate: {
    summary: 'Check the definitions against the schema and the API limits',
    runOptions: ['env'],
    counted: true,
    load: async () => (await import('./validate.js')).validateCommand,
  },
  plan: {
    summary: 'Show what apply would change in the live resources (assistants, agents)',
    runOptions: ['namespace', 'env'],
    counted: true,
    load: async () => (await import('./plan.js')).planCommand,
  },
  apply: {
    summary: 'Make the changes of a fresh plan, or of a saved plan file',
    runOptions: ['namespace', 'env'],
    counted: true,
    load: async () => (await import('./apply.js')).applyCommand,
  },
  show: {
    summary: 'Show a saved plan file as text, markdown or json',
    runOptions: ['env'],
    counted: false,
    load: async () => (await import('./show.js')).showCommand,
  },
  environments: {
    summary: 'List the environments aac.yaml declares, in its order',
    runOptions: [],
    counted: true,
    load: async () => (await import('./environments.js')).environmentsCommand,
  },
  import: {
    summary: 'Write definitions for live resources that aac does not manage yet',
    runOptions: ['namespace', 'env'],
    counted: true,
    load: async () => (await import('./import.js')).importCommand,
  },
  migrate: {
    summary: 'Convert Assistants definitions into definitions for another backend',
    runOptions: [],
    counted: true,
    load: async () => (await import('./migrate.js')).migrateCommand,
  },
  'force-unlock': {
    summary: 'Remove the lock a killed or lost run left on this namespace',
    runOptions: ['namespace', 'env'],
    counted: true,
    load: async () => (await import('./force-unlock.js')).forceUnlockCommand,
  },
  emulator: {
    summary: "Run a local emulator of the provider's API (no key, no network)",
    runOptions: [],
    counted: false,
    load: async () => (await import('./emulator.js')).emulatorCommand,
  },
};
