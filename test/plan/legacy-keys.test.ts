// Keys an earlier aac let a definition give — `*`, `?`, `\`, a `..` segment — that a definition may
// no longer give (model/key-format.ts), still on the host in markers: planned, pruned, reached by
// `--target` with its escape (`star\*` is that key alone, where `star*` is a glob), renamed by
// `moved_from:`, and never written back as a definition by import.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { targetMatches } from '../../src/plan/targets.js';
import { runCli, TEST_MARKER as MARKER_KEY } from '../helpers/cli.js';
import { createBody, makeProject } from './project.js';

const KEY = 'sk-test-legacy-keys-00000000000';
let emulators: RunningEmulator[] = [];
afterEach(async () => {
  await Promise.all(emulators.map((e) => e.close()));
  emulators = [];
});
async function emulator(): Promise<{ emu: RunningEmulator; env: Record<string, string> }> {
  const emu = await startEmulator({ apiKey: KEY });
  emulators.push(emu);
  return { emu, env: { OPENAI_BASE_URL: emu.url, OPENAI_API_KEY: KEY } };
}
const markers = (emu: RunningEmulator) => emu.resources().map((a) => (a.metadata as Record<string, string>)[MARKER_KEY]).sort();
const BOT = { model: 'gpt-4o', name: 'Bot' };

describe('--target with an escape', () => {
  it.each([
    ['star\\*', 'star*', true],
    ['star\\*', 'starfish', false],
    ['star\\*', 'star*/eu', true],
    ['star*', 'starfish', true],
    ['star*', 'star*', true],
    ['q\\?', 'q?', true],
    ['q\\?', 'qx', false],
    ['a\\\\b', 'a\\b', true],
    ['a\\\\b', 'ab', false],
    ['*\\*', 'star*', true],
    ['*\\*', 'starfish', false],
  ])('%s selects %s: %s', (pattern, key, expected) => {
    expect(targetMatches(pattern, key)).toBe(expected);
  });
});

describe('a live key that a definition may no longer give', () => {
  it('is planned as an orphan, targeted alone by its escape, and deleted by --prune', async () => {
    const { emu, env } = await emulator();
    emu.seed([createBody('star*', BOT), createBody('../x', BOT), createBody('starfish', BOT)]);
    const cwd = makeProject({ starfish: BOT });

    // A plan over the whole account does not fail for them.
    const all = await runCli(['plan', '--format', 'json'], { cwd, env });
    expect(all.stderr).toBe('');
    expect(all.code).toBe(0);
    expect(JSON.parse(all.stdout).summary).toMatchObject({ unchanged: 1, orphans: 2 });

    // The glob `star*` selects both; the escaped `star\*` the key `star*` alone.
    const glob = await runCli(['plan', '--prune', '--format', 'json', '--target', 'star*'], { cwd, env });
    expect(JSON.parse(glob.stdout).resource_changes.map((c: { key: string; actions: string[] }) => `${c.actions.join(',')} ${c.key}`)).toEqual(['delete star*', 'no-op starfish']);
    // A glob that is also the text of a key is said to be a glob, with the escape that selects that key alone.
    expect(glob.stderr).toBe(
      "Warning: --target 'star*' is a glob (`*` and `?` are wildcards): it selected 2 keys ('star*', 'starfish'), and 'star*' is also a key itself\n" +
        "  to select the key 'star*' alone, use --target 'star\\*'\n",
    );
    expect(glob.code).toBe(0);
    // The pull-request comment (and the job summary, drawn alike) lists it with the run's warnings: its reviewer sees what the glob selected.
    const summary = join(cwd, 'summary.md');
    writeFileSync(summary, '');
    const comment = await runCli(['plan', '--prune', '--format', 'markdown', '--target', 'star*'], { cwd, env: { ...env, GITHUB_STEP_SUMMARY: summary } });
    expect(comment.code, comment.stderr).toBe(0);
    expect(comment.stderr).toBe(glob.stderr);
    const listed = "**⚠️ 1 warning:**\n\n```text\nWarning: --target 'star*' is a glob (`*` and `?` are wildcards): it selected 2 keys ('star*', 'starfish'), and 'star*' is also a key itself\n  to select the key 'star*' alone, use --target 'star\\*'\n```\n";
    expect(comment.stdout).toContain(listed);
    expect(readFileSync(summary, 'utf8')).toContain(listed);
    const exact = await runCli(['plan', '--prune', '--format', 'json', '--target', 'star\\*'], { cwd, env });
    expect(exact.stderr).toBe('');
    expect(exact.code).toBe(0);
    // A glob that is no key's text says nothing.
    expect((await runCli(['plan', '--target', 'star?ish'], { cwd, env })).stderr).toBe('');
    expect(JSON.parse(exact.stdout).resource_changes.map((c: { key: string; actions: string[] }) => `${c.actions.join(',')} ${c.key}`)).toEqual(['delete star*']);

    const applied = await runCli(['apply', '--prune', '--yes', '--target', 'star\\*'], { cwd, env });
    expect(applied.stderr).toBe('');
    expect(applied.code).toBe(0);
    expect(markers(emu)).toEqual(['../x', 'starfish']);

    const rest = await runCli(['apply', '--prune', '--yes', '--target', '../x'], { cwd, env });
    expect(rest.code).toBe(0);
    expect(markers(emu)).toEqual(['starfish']);
  });

  it("a glob that is also a key: apply's job summary lists it as a plan's does, and in GitHub Actions plan and apply also make it an annotation", async () => {
    const { emu, env } = await emulator();
    emu.seed([createBody('star*', BOT), createBody('starfish', BOT)]);
    // starfish differs from its definition: the apply has a change to make.
    const cwd = makeProject({ starfish: { ...BOT, name: 'Fish' } });
    const summary = join(cwd, 'summary.md');
    const actions = { ...env, GITHUB_ACTIONS: 'true', GITHUB_WORKSPACE: cwd, GITHUB_STEP_SUMMARY: summary };
    const warning = "--target 'star*' is a glob (`*` and `?` are wildcards): it selected 2 keys ('star*', 'starfish'), and 'star*' is also a key itself";
    const hint = "to select the key 'star*' alone, use --target 'star\\*'";
    const annotation = `::warning title=aac --target::${warning}%0A${hint}\n`;
    for (const command of ['plan', 'apply']) {
      writeFileSync(summary, '');
      const r = await runCli([command, '--target', 'star*', ...(command === 'apply' ? ['--yes'] : [])], { cwd, env: actions });
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toBe(`Warning: ${warning}\n  ${hint}\n${annotation}`);
      expect(readFileSync(summary, 'utf8'), command).toContain(`**⚠️ 1 warning:**\n\n\`\`\`text\nWarning: ${warning}\n  ${hint}\n\`\`\`\n`);
    }
    expect(readFileSync(summary, 'utf8')).toMatch(/^### aac apply\n\n\*\*Apply complete: 0 created, 1 modified, 0 deleted\.\*\*\n\n\*\*⚠️ 1 warning:\*\*/);
    // Outside GitHub Actions: no annotation.
    const plain = await runCli(['plan', '--target', 'star*'], { cwd, env });
    expect(plain.stderr).toBe(`Warning: ${warning}\n  ${hint}\n`);
  });

  it('is renamed to a valid key by moved_from:, which takes the old key as it is', async () => {
    const { emu, env } = await emulator();
    const [old] = emu.seed([createBody('star*', BOT)]);
    const cwd = makeProject({});
    writeFileSync(join(cwd, 'assistants', 'star.yaml'), 'model: gpt-4o\nname: Bot\nmoved_from: ["star*"]\n');
    const plan = await runCli(['plan', '--format', 'json'], { cwd, env });
    expect(plan.code).toBe(0);
    expect(JSON.parse(plan.stdout).resource_changes).toMatchObject([{ key: 'star', actions: ['update'], moved_from: 'star*' }]);
    expect((await runCli(['apply', '--yes'], { cwd, env })).code).toBe(0);
    expect(emu.resources().map((a) => [a.id, (a.metadata as Record<string, string>)[MARKER_KEY]])).toEqual([[old!.id, 'star']]);
  });

  it('is not suggested as a `key:` to keep when a new definition repeats it', async () => {
    const { emu, env } = await emulator();
    emu.seed([createBody('star*', BOT)]);
    const cwd = makeProject({ star: BOT });
    const plan = await runCli(['plan'], { cwd, env });
    expect(plan.stdout).toContain(`'star*' is no longer defined: if this file was moved or renamed, add \`moved_from: [star*]\` (the plan then moves it).`);
    expect(plan.stdout).not.toContain('key: star*');
  });

  it('is not written as a definition by import, which fails for an --id naming it, saying how to keep or delete it', async () => {
    const { emu, env } = await emulator();
    const [star, other] = emu.seed([createBody('star*', BOT), { model: 'gpt-4o', name: 'Other' }]);
    const cwd = makeProject({});
    const why = "managed by aac as 'star*', a key a definition may no longer give (it holds `*`, which --target reads as a wildcard for any run of characters), so import writes none for it";
    const fix = "to keep it, define it under a new key with `moved_from: [star*]` (the next apply moves it to that key); to delete it, `--prune --target 'star\\*'` selects that key alone";
    // --force or not: no flag imports it.
    for (const force of [[], ['--force']]) {
      const r = await runCli(['import', ...force, '--id', star!.id as string], { cwd, env });
      expect(r.stdout).toContain(`${why}; ${fix}`);
      expect(r.stdout).toContain('Nothing imported.');
      expect(r.stderr).toBe(`Error: ${star!.id as string}, named with --id, was not imported: ${why}\n  ${fix}\n`);
      expect(r.code).toBe(1);
    }
    expect(readdirSync(join(cwd, 'assistants'))).toEqual([]);

    // Beside an id that is imported, the run still fails (that one's file written), and JSON says which was refused.
    const both = await runCli(['import', '--format', 'json', '--id', star!.id as string, '--id', other!.id as string], { cwd, env });
    expect(both.code).toBe(1);
    const doc = JSON.parse(both.stdout);
    expect(doc.imported.map((a: { id: string }) => a.id)).toEqual([other!.id]);
    expect(doc.skipped).toMatchObject([{ id: star!.id, reason: 'orphan', key: 'star*', refused: true }]);
    expect(both.stderr).toContain(`Error: ${star!.id as string}, named with --id, was not imported: ${why}`);

    // Chosen by a pattern, it is only a note: the run imports nothing else and succeeds.
    const byName = await runCli(['import', '--name', 'Bot'], { cwd, env });
    expect(byName.stdout).toContain(why);
    expect(byName.stderr).toBe('');
    expect(byName.code).toBe(0);
  });

  it('a valid key is written to the file whose path gives it back (a+b.yaml, café.yaml); one a Windows checkout cannot hold, or a run would not read, fails for an --id naming it, saying which and how to keep it', async () => {
    const { emu, env } = await emulator();
    const [plus, accented, team] = emu.seed([createBody('a+b', BOT), createBody('team/café#1', BOT), createBody('x/y', BOT)]);
    const cwd = makeProject({});
    const r = await runCli(['import', '--force', '--id', plus!.id as string, '--id', accented!.id as string, '--id', team!.id as string], { cwd, env });
    expect(r.code, r.stderr).toBe(0);
    expect(readdirSync(join(cwd, 'assistants')).sort()).toEqual(['a+b.yaml', 'aac.yaml', 'team', 'x']);
    expect(readdirSync(join(cwd, 'assistants', 'team'))).toEqual(['café#1.yaml']);
    // Read back as the keys they were written for: nothing to change.
    const plan = await runCli(['plan'], { cwd, env });
    expect(plan.code, plan.stderr).toBe(0);
    expect(plan.stdout).toContain('3 assistants match their definitions.');
    const refused: Array<[string, string]> = [
      ['team:bot', 'whose file assistants/team:bot.yaml a Windows checkout cannot hold (`:` cannot appear in a file name on Windows)'],
      ['con', 'whose file assistants/con.yaml a Windows checkout cannot hold (`con` names a device on Windows, whatever extension follows it)'],
      ['v1./bot', 'whose file assistants/v1./bot.yaml a Windows checkout cannot hold (a name cannot end in a space or a `.` on Windows: the directory v1.)'],
      ['_draft', 'whose file assistants/_draft.yaml a run would not read (a name starting with `.` or `_`, node_modules, or one assistants/.aacignore lists is skipped)'],
      ['.hidden/bot', 'whose file assistants/.hidden/bot.yaml a run would not read'],
    ];
    for (const [key, why] of refused) {
      const [live] = emu.seed([createBody(key, BOT)]);
      const got = await runCli(['import', '--force', '--id', live!.id as string], { cwd, env });
      expect(got.code, key).toBe(1);
      expect(got.stderr, key).toContain(`Error: ${live!.id as string}, named with --id, was not imported: managed by aac as '${key}', ${why}`);
      expect(got.stderr, key).toContain(`  to keep it, write its definition in a file of another name with \`key: ${key}\` (the next plan manages it by that key); to delete it, \`--prune --target `);
    }
  });
});
