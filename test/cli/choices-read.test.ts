// An enumerated option (OptionSpec.choices) is read as one of its choices by the command itself, so
// a caller that fills a command's options without the command line is held to them too: `--lock`
// and migrate's `--to` (the emulator's `--metadata-mode`: test/emulator/dialect-options.test.ts).
import { describe, expect, it } from 'vitest';
import { testDir } from '../helpers/each-test.js';
import { lockTimeoutOf } from '../../src/commands/lock-option.js';
import { migrateCommand } from '../../src/commands/migrate.js';
import type { CommandContext } from '../../src/commands/command.js';

function context(options: CommandContext['options'], printed: { text: string }): CommandContext {
  const dir = testDir('aac-choices-read-');
  const write = (t: string) => void (printed.text += t);
  return {
    io: {
      stdout: { write }, stderr: { write }, env: {}, cwd: dir, stdoutIsFile: false, interactive: false, prompt: async () => '',
      signal: new AbortController().signal, finishOnInterrupt: () => undefined, leftOnQuit: () => () => undefined, onQuit: () => undefined, documentOnSignal: () => undefined,
    },
    global: { dir, format: 'text', provider: 'openai', debug: false, color: false, stderrColor: false },
    options,
    positionals: [],
  };
}

describe('an enumerated option read by its command', () => {
  it('--lock: true and false as the line gives them, anything else refused rather than read as true', () => {
    const printed = { text: '' };
    expect(lockTimeoutOf(context({ lock: 'false' }, printed))).toBeUndefined();
    expect(lockTimeoutOf(context({ lock: 'true', 'lock-timeout': '30s' }, printed))).toBe(30_000);
    expect(lockTimeoutOf(context({}, printed))).toBe(0);
    expect(() => lockTimeoutOf(context({ lock: 'no' }, printed))).toThrow("unknown --lock 'no'");
    expect(() => lockTimeoutOf(context({ lock: true }, printed))).toThrow("--lock takes one value, 'true' or 'false', not a value of type boolean");
  });

  it('migrate --to: a backend that is not a target is refused before anything is read or written', async () => {
    const printed = { text: '' };
    await expect(migrateCommand.run(context({ to: 'openai-agent' }, printed))).rejects.toThrow("unknown --to 'openai-agent'");
    await expect(migrateCommand.run(context({}, printed))).rejects.toThrow('aac migrate needs --to BACKEND');
    expect(printed.text).toBe('');
  });
});
