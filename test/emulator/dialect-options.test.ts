// `aac emulator` options that are one API's behaviour are refused for a dialect that does not have
// it, naming the option and the dialects it applies to: accepted, they would look like a setting.
import { describe, expect, it } from 'vitest';
import { commandContext, runCli } from '../helpers/cli.js';
import { testDir } from '../helpers/each-test.js';
import { emulatorCommand } from '../../src/commands/emulator.js';
import { chosen } from '../../src/commands/choices.js';

const started = () => {
  const aborted = new AbortController();
  aborted.abort();
  return { signal: aborted.signal };
};

describe('emulator options that only some dialects read', () => {
  it.each([
    [['--provider', 'foundry-agents', '--metadata-mode', 'merge'], "Error: --metadata-mode does not apply to the foundry-agents emulator: only the openai, foundry, portkey or zerobot dialects read it\n  drop --metadata-mode, or start the emulator with --provider openai\n"],
    [['--provider', 'openai-agents', '--metadata-mode', 'replace'], "Error: --metadata-mode does not apply to the openai-agents emulator: only the openai, foundry, portkey or zerobot dialects read it\n"],
    [['--provider', 'openai', '--project', 'p'], "Error: --project does not apply to the openai emulator: only the foundry or foundry-agents dialects read it\n  drop --project, or start the emulator with --provider foundry\n"],
    [['--provider', 'openai-agents', '--project', 'p'], "Error: --project does not apply to the openai-agents emulator: only the foundry or foundry-agents dialects read it\n"],
  ])('%j is refused, naming the dialects it applies to', async (argv, error) => {
    const r = await runCli(['emulator', '--quiet', ...argv], started());
    expect(r.code).toBe(1);
    expect(r.stderr.startsWith(error), r.stderr).toBe(true);
    expect(r.stdout).toBe('');
  });

  it.each([
    [['--provider', 'openai', '--metadata-mode', 'merge']],
    [['--provider', 'zerobot', '--metadata-mode', 'merge']],
    [['--provider', 'foundry', '--project', 'p', '--metadata-mode', 'merge']],
    [['--provider', 'foundry-agents', '--project', 'p']],
  ])('%j is taken', async (argv) => {
    const r = await runCli(['emulator', '--quiet', ...argv], started());
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('listening on');
  });


  it('a caller that fills the options itself is held to the choices too: no emulator starts with a mode it does not have', async () => {
    const { ctx, printed } = commandContext({ 'metadata-mode': 'patch', quiet: true }, testDir('aac-metadata-mode-'), started().signal);
    await expect(emulatorCommand.run(ctx)).rejects.toThrow("unknown --metadata-mode 'patch'");
    expect(printed()).toBe('');
  });

  it('reads an enumerated option as one of its choices, or not given; anything else is refused', () => {
    const lock = { choices: ['true', 'false'] } as const;
    expect(chosen({ lock: 'false' }, 'lock', lock)).toBe('false');
    expect(chosen({}, 'lock', lock)).toBeUndefined();
    expect(() => chosen({ lock: 'no' }, 'lock', lock)).toThrow("unknown --lock 'no'");
    expect(() => chosen({ lock: true }, 'lock', lock)).toThrow("--lock takes one value, 'true' or 'false', not a value of type boolean");
    expect(() => chosen({ lock: ['true'] }, 'lock', lock)).toThrow("--lock takes one value, 'true' or 'false', not a list");
  });
});
