// `--target` given the id of a live resource this namespace does not manage is told so — a live
// resource aac does not manage, and `aac import --id` to bring it in; or another namespace's,
// planned from there — not "matches no definition and no managed assistant", true as that is.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { testDir, testEmulator } from '../helpers/each-test.js';
import { checkTargets, type UnownedResource } from '../../src/plan/targets.js';
import type { ResourceKind } from '../../src/backends/backend.js';
import { UserError } from '../../src/util/errors.js';

const NOUNS = { one: 'assistant', many: 'assistants' } as ResourceKind['nouns'];
const UNMARKED: UnownedResource = { id: 'asst_hand', key: null, namespace: null };
const ELSEWHERE: UnownedResource = { id: 'asst_other', key: 'billing/bot', namespace: 'finance' };
const VERSIONED: UnownedResource = { id: 'hand-agent', key: null, namespace: null, versions: ['1', '2'] };

/** The UserError checkTargets throws for `pattern`, as its message and hint. */
function refusal(pattern: string, dir = 'assistants'): { message: string; hint: string | undefined } {
  try {
    checkTargets([pattern], ['support/bot'], NOUNS, { dir, files: [] }, [], [UNMARKED, ELSEWHERE, VERSIONED]);
  } catch (err) {
    expect(err).toBeInstanceOf(UserError);
    const e = err as UserError;
    return { message: e.message, hint: e.hint };
  }
  throw new Error(`--target ${pattern} was not refused`);
}

describe('--target an id this namespace does not manage', () => {
  it('an unmarked live resource: not managed by aac, and `aac import --id` to bring it in', () => {
    const r = refusal('asst_hand');
    expect(r.message).toBe("--target 'asst_hand' is the id of a live assistant aac does not manage (it carries no marker of any namespace, so no definitions directory plans it): a target is a key, and it has none");
    expect(r.hint).toBe('to manage it from this directory, write its definition with `aac import --id asst_hand`, then plan: the import names the key it writes');
    expect(r.message).not.toContain('matches no definition');
  });

  it('the import names the definitions directory when it is not the default, quoted for the shell', () => {
    expect(refusal('asst_hand', 'infra/r&d').hint).toBe("to manage it from this directory, write its definition with `aac import --dir 'infra/r&d' --id asst_hand`, then plan: the import names the key it writes");
  });

  it("a version id of an unmarked Foundry agent is said as that version's", () => {
    expect(refusal('hand-agent:2').message).toMatch(/^--target 'hand-agent:2' is the id of version 2 of a live assistant aac does not manage/);
  });

  it("another namespace's: managed there under its key, planned from that namespace's directory", () => {
    const r = refusal('asst_other');
    expect(r.message).toBe("--target 'asst_other' is the id of the assistant managed as 'billing/bot' in the namespace 'finance', not in this one: a target is a key of the namespace planned");
    expect(r.hint).toBe("plan it from the definitions directory of the namespace 'finance', with `--target billing/bot`");
  });

  it('a pattern that is no id at all is still told it matches nothing', () => {
    expect(refusal('asst_nothing').message).toBe("--target 'asst_nothing' matches no definition and no managed assistant");
  });
});

it("through the CLI against the emulator: an unmarked assistant's id and another namespace's", async () => {
  const emu = await testEmulator({ provider: 'openai' });
  const root = testDir('aac-target-unmanaged-');
  mkdirSync(join(root, 'defs'), { recursive: true });
  writeFileSync(join(root, 'defs', 'one.yaml'), 'model: gpt-4o\nname: one\n');
  const env = { OPENAI_BASE_URL: emu.url, OPENAI_API_KEY: 'sk-test-target-unmanaged' };
  const aac = (...argv: string[]) => runCli([...argv, '--dir', 'defs'], { cwd: root, env });
  expect((await aac('apply', '--yes', '--namespace', 'other')).code).toBe(0);
  emu.seed([{ model: 'gpt-4o', name: 'hand-made' }]);
  const hand = emu.resources().find((r) => r.name === 'hand-made')!.id as string;
  const other = emu.resources().find((r) => r.name === 'one')!.id as string;
  const r = await aac('plan', '--namespace', 'mine', '--target', hand);
  expect(r.code).toBe(1);
  expect(r.stderr).toContain(`--target '${hand}' is the id of a live assistant aac does not manage`);
  expect(r.stderr).toContain(`aac import --dir defs --id ${hand}`);
  const o = await aac('plan', '--namespace', 'mine', '--target', other);
  expect(o.stderr).toContain(`is the id of the assistant managed as 'one' in the namespace 'other', not in this one`);
});
