// Text that is not aac's — a YAML key, a path in a definition, a --target, a key read from a live
// resource's marker — never starts a line of its own in any diagnostic, hint, warning or error, in
// any format: a line break in it (LF or CR) would let a definition in a pull request print
// `::error …` or `::add-mask::…`, which the Actions runner obeys as a workflow command.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { harness, type Harness } from '../apply/helpers.js';
import { TEST_MARKER, type CliResult } from '../helpers/cli.js';

const INJECTED = '::error title=INJECTED::pwned';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

/** Every line the runner would read (it splits at CR as at LF) of both streams. */
const lines = (r: CliResult) => `${r.stdout}\n${r.stderr}`.split(/\r\n|\r|\n/);

function expectNoCommand(r: CliResult): void {
  const started = lines(r).filter((l) => l.startsWith(INJECTED) || l.startsWith('::add-mask::') || l.startsWith('pwned'));
  expect(started, `${r.stdout}\n${r.stderr}`).toEqual([]);
}

describe('user text in messages', () => {
  it.each(['validate', 'plan'])('%s: a YAML key or a path with a line break stays on its line, in every format', async (command) => {
    h = await harness();
    const dir = join(h.ws.root, 'assistants');
    writeFileSync(join(dir, 'keys.yaml'), `model: gpt-4o\n"x\\n${INJECTED}": 1\n"y\\r::add-mask::z": 2\n`);
    writeFileSync(join(dir, 'path.yaml'), `model: gpt-4o\ninstructions_file: "p\\n${INJECTED}.md"\n`);
    const formats = command === 'validate' ? ['text', 'json'] : ['text', 'json', 'markdown'];
    for (const format of formats) {
      const r = await h.cli([command, '--format', format], { env: { GITHUB_ACTIONS: 'true' } });
      expect(r.code).toBe(1);
      // The key is still shown, its line break escaped (in JSON, the escape as text: a program
      // that prints the message still prints one line).
      expect(r.stdout + r.stderr).toMatch(/x\\u000a::error title=INJECTED::pwned|x\\\\u000a::error title=INJECTED::pwned|x%0A::error/);
      expectNoCommand(r);
    }
  });

  it('a --target, a live key and the did-you-mean hint stay on their line in errors and in the plan', async () => {
    h = await harness({ a: { model: 'gpt-4o', name: 'A' } });
    h.emu.seed([{ model: 'gpt-4o', name: 'orphan', metadata: { [TEST_MARKER]: `b\r${INJECTED}` } }]);
    const plan = await h.cli(['plan'], { env: { GITHUB_ACTIONS: 'true' } });
    expect(plan.code, plan.stderr).toBe(0);
    expect(plan.stdout).toContain(`b\\u000d${INJECTED} (`);
    expectNoCommand(plan);

    const missed = await h.cli(['plan', '--target', `b\n${INJECTED}`], { env: { GITHUB_ACTIONS: 'true' } });
    expect(missed.code).toBe(1);
    expect(missed.stderr).toContain(`b\\u000a${INJECTED}`);
    expectNoCommand(missed);
    const json = await h.cli(['plan', '--format', 'json', '--target', `b\n${INJECTED}`]);
    expect(json.code).toBe(1);
    expectNoCommand(json);
  });
});
