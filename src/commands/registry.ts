import type { Command } from './command.js';

/** Commands load lazily so `aac --version` and `aac validate` pay only for what they use. */
export const COMMANDS: Record<string, { summary: string; load: () => Promise<Command> }> = {
  validate: {
    summary: 'Check the definitions against the schema and the API limits',
    load: async () => (await import('./validate.js')).validateCommand,
  },
  plan: {
    summary: 'Show what apply would change in the live resources (assistants, agents)',
    load: async () => (await import('./plan.js')).planCommand,
  },
  apply: {
    summary: 'Make the changes of a fresh plan, or of a saved plan file',
    load: async () => (await import('./apply.js')).applyCommand,
  },
  show: {
    summary: 'Show a saved plan file as text, markdown or json',
    load: async () => (await import('./show.js')).showCommand,
  },
  import: {
    summary: 'Write definitions for live resources that aac does not manage yet',
    load: async () => (await import('./import.js')).importCommand,
  },
  migrate: {
    summary: 'Convert Assistants definitions into definitions for another backend',
    load: async () => (await import('./migrate.js')).migrateCommand,
  },
  'force-unlock': {
    summary: 'Remove the lock a killed or lost run left on this namespace',
    load: async () => (await import('./force-unlock.js')).forceUnlockCommand,
  },
  emulator: {
    summary: "Run a local emulator of the provider's API (no key, no network)",
    load: async () => (await import('./emulator.js')).emulatorCommand,
  },
};
