// The plan `aac migrate` (and `--verify`) names when reading the source's live state fails is one
// to run as printed: where no namespace is set nor derived (outside a git repository), the read is
// refused for want of one, and the line says the step first, as the live check and the retirement
// on stdout do. Run as printed, after its step, the plan reads the host.
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, expect, test } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { testDir, testEmulator } from '../helpers/each-test.js';
import { writeFile } from '../environments/helpers.js';

let cwd: string;
const aac = (argv: string[], env: Record<string, string | undefined> = {}) =>
  runCli([...argv, '--no-color'], { cwd, env: { AAC_NAMESPACE: undefined, OPENAI_BASE_URL: undefined, OPENAI_API_KEY: undefined, ...env } });

beforeEach(() => {
  cwd = testDir('aac-migrate-verify-');
  writeFile(cwd, 'src/bot.yaml', 'model: gpt-4o\nname: Bot\ninstructions: Be brief.\n');
});

/** The plan and its step that migrate's line on stderr names, as printed. */
function printed(stderr: string): { command: string; step: string } {
  const said = /as `([^`]+)` \(once you (set `namespace: NAME` in src\/aac\.yaml[^)]*\))\) does/.exec(stderr);
  expect(said, stderr).not.toBeNull();
  return { command: said![1]!, step: said![2]! };
}

for (const verify of [false, true]) {
  test(`${verify ? 'migrate --verify' : 'migrate'}: the source's live read, refused for want of a namespace, names its plan after the step; run as printed after it, the plan reads the host`, async () => {
    const emulator = await testEmulator();
    const on = { OPENAI_BASE_URL: emulator.url, OPENAI_API_KEY: 'sk-test' };
    const r = await aac(['migrate', '--to', 'openai-agents', '--dir', 'src', '--out', 'out', ...(verify ? ['--verify'] : [])], on);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('no namespace is set');
    const { command, step } = printed(r.stderr);
    expect(step).toBe('set `namespace: NAME` in src/aac.yaml (or pass --namespace NAME, or set AAC_NAMESPACE)');
    const words = command.split(' ').slice(1);
    expect((await aac(words, on)).stderr).toContain('no namespace is set');
    // The step as it says, then the command as printed.
    appendFileSync(join(cwd, 'src/aac.yaml'), 'namespace: team-a\n');
    expect((await aac(['apply', '--dir', 'src', '--yes'], on)).code).toBe(0);
    const checked = await aac(words, on);
    expect(checked.code, checked.stderr).toBe(0);
  }, 120_000);
}
