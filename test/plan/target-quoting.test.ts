// Every --target hint that prints a command line quotes its key for the shell where it needs it
// (util/shell-word.ts targetArgument: shellWord, the key's glob characters escaped), so that
// pasted back it selects that key: `--target r&d/bot` ran `aac plan --target r` in the background.
// Through the real CLI against the emulator on loopback.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { testDir, testEmulator } from '../helpers/each-test.js';
import { targetArgument } from '../../src/util/shell-word.js';
import { dirMeant } from '../../src/cli/dir-hint.js';

describe('--target hints quote the key', () => {
  it('targetArgument: bare when plain, quoted with a space or a quote, glob characters escaped', () => {
    expect(targetArgument('team/bot')).toBe('--target team/bot');
    expect(targetArgument('team a/bot')).toBe("--target 'team a/bot'");
    expect(targetArgument("o'neil")).toBe(`--target 'o'\\''neil'`);
    expect(targetArgument('star*')).toBe("--target 'star\\*'");
  });

  it('the hint for a definition file given where --dir is meant escapes its key too', () => {
    expect(dirMeant('defs/st?r.yaml', true, { dir: 'defs', key: 'st?r' }, 'plans')).toContain("`--target 'st\\?r'` plans it alone");
  });

  it('the id, the file path and a comma list of a key holding `&`: each hint quotes it', async () => {
    const emu = await testEmulator({ provider: 'openai' });
    const root = testDir('aac-target-quoting-');
    mkdirSync(join(root, 'defs', 'r&d'), { recursive: true });
    writeFileSync(join(root, 'defs', 'r&d', 'bot.yaml'), 'model: gpt-4o\nname: bot\ninstructions: A\n');
    writeFileSync(join(root, 'defs', 'two.yaml'), 'model: gpt-4o\nname: two\ninstructions: A\n');
    const aac = (...argv: string[]) => runCli([...argv, '--dir', 'defs'], { cwd: root, env: { OPENAI_BASE_URL: emu.url, OPENAI_API_KEY: 'sk-test-target-quoting' } });
    const applied = await aac('apply', '--yes');
    expect(applied.code, applied.stdout + applied.stderr).toBe(0);
    const id = emu.resources().find((r) => r.name === 'bot')!.id as string;

    const byId = await aac('plan', '--target', id);
    expect(byId.code).toBe(1);
    expect(byId.stderr).toContain("target it by its key: `--target 'r&d/bot'`");

    const byPath = await aac('plan', '--target', 'defs/r&d/bot.yaml');
    expect(byPath.code).toBe(1);
    expect(byPath.stderr).toContain("did you mean `--target 'r&d/bot'`?");

    const listed = await aac('plan', '--target', `${id},two`);
    expect(listed.code).toBe(1);
    expect(listed.stderr).toContain("repeat --target for each key (`--target 'r&d/bot' --target two`)");

    // Pasted back, the hint's words select that key.
    const pasted = await aac('plan', '--target', 'r&d/bot');
    expect(pasted.code, pasted.stderr).toBe(0);
  });
});
