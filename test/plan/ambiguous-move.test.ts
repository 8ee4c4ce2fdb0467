// `moved_from:` naming more than one old key that still has a live assistant (or an `id:` pin to
// one of them beside another) is ambiguous, as Terraform's "Ambiguous move statements": refused
// at the entry, naming each key and id, before any write — not the first taken and rewritten and
// the other, maybe the one meant, left an orphan that --prune (or a --target of it) deletes.
// The matching is the planner's, shared by every backend (plan/match.ts). Over the emulator on loopback.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { runCli } from '../helpers/cli.js';
import { createBody, makeProject } from './project.js';

const KEY = 'sk-test-ambiguous-move-00000000';
let emu: RunningEmulator | undefined;
afterEach(async () => {
  await emu?.close();
  emu = undefined;
});

const X = { model: 'gpt-4o', name: 'A', instructions: 'aaa' };
const Y = { model: 'gpt-4o', name: 'B', instructions: 'bbb' };
const writes = () => Object.keys(emu!.stats().byRoute).filter((r) => !r.startsWith('GET'));

describe('moved_from with more than one old key live', () => {
  it('is refused at the entry, naming both keys and ids, for plan, --prune, --target of either key and apply; nothing is written', async () => {
    emu = await startEmulator({ apiKey: KEY });
    const env = { OPENAI_BASE_URL: emu.url, OPENAI_API_KEY: KEY };
    const [x, y] = emu.seed([createBody('x', X), createBody('y', Y)]).map((a) => a.id as string);
    const cwd = makeProject({});
    writeFileSync(join(cwd, 'assistants/z.yaml'), 'moved_from: [x, y]\nmodel: gpt-4o\nname: B\ninstructions: bbb\n');
    const before = JSON.stringify(emu.resources());
    for (const argv of [['plan'], ['plan', '--prune'], ['plan', '--target', 'y', '--prune'], ['plan', '--target', 'x'], ['apply', '--prune', '--yes', '-lock=false']]) {
      const run = await runCli(argv, { cwd, env });
      expect(run.code, argv.join(' ')).toBe(1);
      expect(run.stderr, argv.join(' ')).toContain(`Error: assistants/z.yaml:1:14: moved_from: 'x' (${x}) and 'y' (${y}) each have a live assistant, and a definition moves from one assistant only: aac cannot tell which is 'z'`);
      expect(run.stderr).toContain('keep in `moved_from:` only the key this assistant had');
    }
    const json = JSON.parse((await runCli(['plan', '--format', 'json'], { cwd, env })).stdout);
    expect(json.diagnostics.map((d: { code: string; line: number; column: number; path: string }) => [d.code, d.line, d.column, d.path])).toEqual([['ambiguous-move', 1, 14, 'moved_from.0']]);
    expect(writes()).toEqual([]);
    expect(JSON.stringify(emu.resources())).toBe(before);

    // The way out: keep the one key; the other is an orphan, deleted only with --prune.
    writeFileSync(join(cwd, 'assistants/z.yaml'), 'moved_from: [y]\nmodel: gpt-4o\nname: B\ninstructions: bbb\n');
    const plan = await runCli(['plan'], { cwd, env });
    expect(plan.code, plan.stderr).toBe(0);
    expect(plan.stdout).toContain(`  ~ z (${y}) (moved from y)\n`);
    expect(plan.stdout).toContain(`x (${x}) is no longer defined`);
  });

  it('with an id: pin to one of them and moved_from naming the other: refused alike, saying what the pin takes', async () => {
    emu = await startEmulator({ apiKey: KEY });
    const env = { OPENAI_BASE_URL: emu.url, OPENAI_API_KEY: KEY };
    const [p, q] = emu.seed([createBody('p', X), createBody('q', Y)]).map((a) => a.id as string);
    const cwd = makeProject({});
    writeFileSync(join(cwd, 'assistants/z.yaml'), `id: ${q}\nmoved_from: [p, q]\nmodel: gpt-4o\nname: B\ninstructions: bbb\n`);
    for (const argv of [['plan'], ['plan', '--target', 'p', '--prune']]) {
      const run = await runCli(argv, { cwd, env });
      expect(run.code, argv.join(' ')).toBe(1);
      expect(run.stderr).toContain(`Error: assistants/z.yaml:2:14: moved_from: 'p' (${p}) and 'q' (${q}) each have a live assistant; its \`id: ${q}\` pins the one of 'q', and a definition moves from one assistant only`);
    }
    expect(writes()).toEqual([]);
  });
});
