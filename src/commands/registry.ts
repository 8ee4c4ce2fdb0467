import type { Command } from './command.js';

/** The options that choose what a run reads which only some commands take (--dir and --provider are global). */
export type RunOption = 'namespace' | 'env';

/**
 * Commands load lazily so `aac --version` and `aac validate` pay only for what they use.
 * `runOptions`: which RunOptions the command takes, so that a command suggested to the user
 * (commands/suggest.ts) repeats only those, without loading it; a test checks each against the
 * command's own options.
 */
export const COMMANDS: Record<string, { summary: string; runOptions: readonly RunOption[]; load: () => Promise<Command> }> = {
  validate: {
    summary: 'Check the definitions against the schema and the API limits',
    runOptions: ['env'],
    load: async () => (await import('./validate.js')).validateCommand,
  },
  plan: {
    summary: 'Show what apply would change in the live resources (assistants, agents)',
    runOptions: ['namespace', 'env'],
    load: async () => (await import('./plan.js')).planCommand,
  },
  apply: {
    summary: 'Make the changes of a fresh plan, or of a saved plan file',
    runOptions: ['namespace', 'env'],
    load: async () => (await import('./apply.js')).applyCommand,
  },
  show: {
    summary: 'Show a saved plan file as text, markdown or json',
    runOptions: ['env'],
    load: async () => (await import('./show.js')).showCommand,
  },
  environments: {
    summary: 'List the environments aac.yaml declares, in its order',
    runOptions: [],
    load: async () => (await import('./environments.js')).environmentsCommand,
  },
  import: {
    summary: 'Write definitions for live resources that aac does not manage yet',
    runOptions: ['namespace', 'env'],
    load: async () => (await import('./import.js')).importCommand,
  },
  migrate: {
    summary: 'Convert Assistants definitions into definitions for another backend',
    runOptions: [],
    load: async () => (await import('./migrate.js')).migrateCommand,
  },
  'force-unlock': {
    summary: 'Remove the lock a killed or lost run left on this namespace',
    runOptions: ['namespace', 'env'],
    load: async () => (await import('./force-unlock.js')).forceUnlockCommand,
  },
  emulator: {
    summary: "Run a local emulator of the provider's API (no key, no network)",
    runOptions: [],
    load: async () => (await import('./emulator.js')).emulatorCommand,
  },
};
