// An enumerated option (OptionSpec.choices) is read as one of its choices by the command itself, so
// a caller that fills a command's options without the command line is held to them too: `--lock`
// and migrate's `--to` (the emulator's `--metadata-mode`: test/emulator/dialect-options.test.ts).
import { describe, expect, it } from 'vitest';
import { testDir } from '../helpers/each-test.js';
import { commandContext } from '../helpers/cli.js';
import { lockTimeoutOf } from '../../src/commands/lock-option.js';
import { migrateCommand } from '../../src/commands/migrate.js';

/** A context holding `options` alone, as a caller that fills them itself gives it (commandContext). */
const context = (options: Parameters<typeof commandContext>[0]) => commandContext(options, testDir('aac-choices-read-'));

describe('an enumerated option read by its command', () => {
  it('--lock: true and false as the line gives them, anything else refused rather than read as true', () => {
    const timeout = (options: Parameters<typeof context>[0]) => lockTimeoutOf(context(options).ctx);
    expect(timeout({ lock: 'false' })).toBeUndefined();
    expect(timeout({ lock: 'true', 'lock-timeout': '30s' })).toBe(30_000);
    expect(timeout({})).toBe(0);
    expect(() => timeout({ lock: 'no' })).toThrow("unknown --lock 'no'");
    expect(() => timeout({ lock: true })).toThrow("--lock takes one value, 'true' or 'false', not a value of type boolean");
  });

  it('migrate --to: a backend that is not a target is refused before anything is read or written', async () => {
    const typo = context({ to: 'openai-agent' });
    const none = context({});
    await expect(migrateCommand.run(typo.ctx)).rejects.toThrow("unknown --to 'openai-agent'");
    await expect(migrateCommand.run(none.ctx)).rejects.toThrow('aac migrate needs --to BACKEND');
    expect(typo.printed() + none.printed()).toBe('');
  });
});
