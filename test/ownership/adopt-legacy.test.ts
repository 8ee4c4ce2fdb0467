// `--adopt-legacy`: an explicit bulk take-over of assistants carrying the previous marker
// (`aac:key`, no namespace). Every definition whose key a legacy-marked assistant carries gets an
// update that replaces that marker with this namespace's; legacy-marked assistants without a
// definition are never touched; without the flag nothing changes. Over loopback HTTP.
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { LEGACY_MARKER_KEY } from '../../src/model/marker.js';
import { runCli } from '../helpers/cli.js';
import { API_KEY, apiEnv, LOCK_ONLY, writeCount, writesByRoute } from '../apply/helpers.js';
import { testDir, testEmulator } from '../helpers/each-test.js';

let emu: RunningEmulator;
let cwd: string;
let ids: { faq: string; triage: string; old: string; hand: string };
beforeEach(async () => {
  emu = await testEmulator({ apiKey: API_KEY });
  cwd = testDir('aac-adopt-legacy-');
  const [faq, triage, old, hand] = emu.seed([
    { model: 'gpt-4o', name: 'FAQ', metadata: { [LEGACY_MARKER_KEY]: 'faq', team: 'a' } },
    { model: 'gpt-4o', name: 'Triage', metadata: { [LEGACY_MARKER_KEY]: 'triage' } },
    { model: 'gpt-4o', name: 'Old', metadata: { [LEGACY_MARKER_KEY]: 'old' } },
    { model: 'gpt-4o', name: 'By hand' },
  ]);
  ids = { faq: faq!.id as string, triage: triage!.id as string, old: old!.id as string, hand: hand!.id as string };
  mkdirSync(join(cwd, 'a'));
  writeFileSync(join(cwd, 'a/aac.yaml'), 'namespace: team-a\n');
  writeFileSync(join(cwd, 'a/faq.yaml'), 'model: gpt-4o\nname: FAQ\nmetadata:\n  team: a\n');
  // An adoption that also changes a field: the update carries both.
  writeFileSync(join(cwd, 'a/triage.yaml'), 'model: gpt-4o-mini\nname: Triage\n');
  writeFileSync(join(cwd, 'a/new.yaml'), 'model: gpt-4o\nname: New\n');
});

const aac = (argv: string[]) => runCli([...argv, '--dir', 'a'], { cwd, env: { ...apiEnv(emu.url), AAC_NAMESPACE: undefined } });
const stored = () => JSON.stringify(emu.resources());
const storedOf = (id: string) => JSON.stringify(emu.resources().find((a) => a.id === id));

describe('--adopt-legacy', () => {
  it('without the flag nothing changes: plan and apply refuse, naming the flag, with 0 writes', async () => {
    const before = stored();
    for (const argv of [['plan'], ['apply', '--yes'], ['plan', '--out', 'p.json']]) {
      const r = await aac(argv);
      expect(r.code, argv.join(' ')).toBe(1);
      expect(r.stderr).toContain(`a/faq.yaml:1:1: ${ids.faq} carries aac:key=faq`);
      expect(r.stderr).toContain('--adopt-legacy');
    }
    // The apply held the namespace's lock while it planned: nothing else was written.
    expect(writesByRoute(emu)).toEqual(LOCK_ONLY);
    expect(stored()).toBe(before);
  });

  it('plans an adopt for every definition with a legacy-marked match, in every format; apply replaces the marker; clean plan', async () => {
    const text = await aac(['plan', '--adopt-legacy']);
    expect(text.code, text.stderr).toBe(0);
    // The previous marker's removal is shown, as every change to a live resource is.
    expect(text.stdout).toContain(
      `~ faq (${ids.faq}) (adopt: replace the previous marker aac:key)\n      ~ metadata:\n          - aac:key = "faq" → null (aac's previous marker: this namespace's replaces it)\n`,
    );
    expect(text.stdout).toContain(`~ triage (${ids.triage}) (update; adopt: replace the previous marker aac:key)`);
    expect(text.stdout).toContain(`- aac:key = "triage" → null (aac's previous marker`);
    expect(text.stdout).toContain('Plan: 1 to create, 2 to modify, 0 to delete, 0 unchanged.');
    // The one without a definition is still listed and left alone.
    expect(text.stdout).toContain(`1 assistant carries the previous marker aac:key and is left alone: old (${ids.old}).`);
    expect(text.stdout).toContain('--adopt-legacy takes over only those with a definition here');

    const json = JSON.parse((await aac(['plan', '--adopt-legacy', '--format', 'json'])).stdout) as {
      adopt_legacy: boolean;
      format_version: string;
      resource_changes: Array<{ key: string; id: string | null; actions: string[]; adopt: boolean; removed_markers?: Record<string, string> }>;
      legacy: Array<{ key: string; id: string }>;
    };
    expect(json.adopt_legacy).toBe(true);
    expect(json.format_version).toBe('1.21');
    expect(json.resource_changes.map((c) => [c.key, c.id, c.actions[0], c.adopt, c.removed_markers])).toEqual([
      ['faq', ids.faq, 'update', true, { 'aac:key': 'faq' }],
      ['new', null, 'create', false, undefined],
      ['triage', ids.triage, 'update', true, { 'aac:key': 'triage' }],
    ]);
    expect(json.legacy).toEqual([{ key: 'old', id: ids.old }]);

    const markdown = (await aac(['plan', '--adopt-legacy', '--format', 'markdown'])).stdout;
    expect(markdown).toContain('<summary>~ <code>faq</code> — adopt: replace the previous marker aac:key</summary>');
    expect(markdown).toContain(`  metadata:\n-   aac:key = "faq" (aac's previous marker: this namespace's replaces it)\n`);
    expect(markdown).toContain('--adopt-legacy');

    const oldBefore = storedOf(ids.old);
    const handBefore = storedOf(ids.hand);
    const applied = await aac(['apply', '--yes', '--adopt-legacy']);
    expect(applied.code, applied.stderr).toBe(0);
    const byId = new Map(emu.resources().map((a) => [a.id as string, a]));
    expect(byId.get(ids.faq)!.metadata).toEqual({ team: 'a', 'aac@team-a': 'faq' });
    expect(byId.get(ids.triage)!.metadata).toEqual({ 'aac@team-a': 'triage' });
    expect(byId.get(ids.triage)!.model).toBe('gpt-4o-mini');
    expect(storedOf(ids.old)).toBe(oldBefore);
    expect(storedOf(ids.hand)).toBe(handBefore);
    // Taken over: the next plans need no flag.
    expect((await aac(['plan', '--detailed-exitcode'])).code).toBe(0);
    expect((await aac(['plan', '--prune', '--detailed-exitcode'])).code).toBe(0);
  });

  it('a saved plan records the flag and apply PLANFILE keeps it; --adopt-legacy cannot be added to a plan made without it', async () => {
    const planned = await aac(['plan', '--adopt-legacy', '--out', 'p.json']);
    expect(planned.code, planned.stderr).toBe(0);
    expect(JSON.parse(readFileSync(join(cwd, 'p.json'), 'utf8')).adopt_legacy).toBe(true);
    const shown = await runCli(['show', 'p.json'], { cwd });
    expect(shown.stdout).toContain(`~ faq (${ids.faq}) (adopt: replace the previous marker aac:key)`);
    expect(shown.stdout).toContain(`- aac:key = "faq" → null (aac's previous marker`);
    const applied = await aac(['apply', 'p.json']);
    expect(applied.code, applied.stderr).toBe(0);
    expect(emu.resources().find((a) => a.id === ids.faq)!.metadata).toEqual({ team: 'a', 'aac@team-a': 'faq' });
    expect((await aac(['plan', '--detailed-exitcode'])).code).toBe(0);

    // A plan made without the flag (no legacy match left) adopts nothing, and the flag cannot widen it.
    expect((await aac(['plan', '--out', 'q.json'])).code).toBe(0);
    const before = writeCount(emu);
    const refused = await aac(['apply', 'q.json', '--adopt-legacy']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('q.json was made without --adopt-legacy');
    expect(writeCount(emu)).toBe(before);
  });

  it('a saved plan whose adopt_legacy was switched off by hand is refused with 0 writes', async () => {
    expect((await aac(['plan', '--adopt-legacy', '--out', 'p.json'])).code).toBe(0);
    const doc = JSON.parse(readFileSync(join(cwd, 'p.json'), 'utf8'));
    writeFileSync(join(cwd, 'p.json'), JSON.stringify({ ...doc, adopt_legacy: false }));
    const before = stored();
    const refused = await aac(['apply', 'p.json']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`a/faq.yaml:1:1: ${ids.faq} carries aac:key=faq`);
    expect(writesByRoute(emu)).toEqual(LOCK_ONLY);
    expect(stored()).toBe(before);
  });

  it("an update that sends the metadata shows the other marker pairs it removes: a previous marker or another namespace's left beside this one's", async () => {
    const [both] = emu.seed([{ model: 'gpt-4o', name: 'Both', metadata: { 'aac@team-a': 'both', 'aac@team-z': 'both', [LEGACY_MARKER_KEY]: 'both', team: 'a' } }]);
    writeFileSync(join(cwd, 'a/both.yaml'), 'model: gpt-4o\nname: Both\nmetadata:\n  team: b\n');
    const text = await aac(['plan', '--adopt-legacy', '--target', 'both']);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain(`~ both (${both!.id as string}) (update)\n      ~ metadata:\n          ~ team: "a" → "b"\n`);
    expect(text.stdout).toContain(`- aac:key = "both" → null (aac's previous marker: this namespace's replaces it)`);
    expect(text.stdout).toContain(`- aac@team-z = "both" → null (another namespace's marker: the metadata is sent whole with this namespace's alone)`);
    expect(text.stdout).not.toContain('- aac@team-a');
    const json = JSON.parse((await aac(['plan', '--adopt-legacy', '--target', 'both', '--format', 'json'])).stdout) as { resource_changes: Array<{ removed_markers?: unknown }> };
    expect(json.resource_changes[0]!.removed_markers).toEqual({ 'aac@team-z': 'both', [LEGACY_MARKER_KEY]: 'both' });
    // What the plan said is what the write did.
    expect((await aac(['apply', '--yes', '--adopt-legacy', '--target', 'both'])).code).toBe(0);
    expect(emu.resources().find((a) => a.id === both!.id)!.metadata).toEqual({ team: 'b', 'aac@team-a': 'both' });
  });
  it('two previous-marker assistants of one key: refused, naming both, until the definition names one with `id:`; never chosen by age', async () => {
    // A second FAQ of an earlier release, newer than the first: another team's, maybe, not a copy.
    const [second] = emu.seed([{ model: 'gpt-4o', name: 'FAQ (team b)', metadata: { [LEGACY_MARKER_KEY]: 'faq' } }]);
    const both = new RegExp(`(${ids.faq} and ${second!.id as string}|${second!.id as string} and ${ids.faq}) each carry aac:key=faq`).source;
    const before = stored();
    for (const argv of [['plan', '--adopt-legacy'], ['apply', '--yes', '--adopt-legacy']]) {
      const r = await aac(argv);
      expect(r.code, argv.join(' ')).toBe(1);
      expect(r.stderr).toMatch(new RegExp(`Error: a/faq\\.yaml:1:1: ${both}, and --adopt-legacy takes over one assistant a key: aac cannot tell which is 'faq'\\n`));
      // The id offered is one of the two (the keep rule's first: seeded in one second, by id), the choice said to be the reader's.
      expect(r.stderr).toMatch(new RegExp(`\\n  add \`id: (${ids.faq}|${second!.id as string})\` \\(or the id of the one that is 'faq'\\) to its definition to take that one over; the others keep the previous marker and are left alone; nothing was changed\\n`));
    }
    const json = await aac(['plan', '--adopt-legacy', '--format', 'json']);
    expect(JSON.parse(json.stdout).diagnostics).toMatchObject([{ code: 'legacy-marker', file: 'a/faq.yaml', line: 1, column: 1, path: 'key' }]);
    // Without the flag, the refusal names both as well.
    expect((await aac(['plan'])).stderr).toMatch(new RegExp(`a/faq\\.yaml:1:1: ${both}`));
    expect(writesByRoute(emu)).toEqual(LOCK_ONLY);
    expect(stored()).toBe(before);

    // Named, the newer one is taken over, and the other is left as it is, listed.
    writeFileSync(join(cwd, 'a/faq.yaml'), `id: ${second!.id as string}\nmodel: gpt-4o\nname: FAQ\nmetadata:\n  team: a\n`);
    const plan = await aac(['plan', '--adopt-legacy']);
    expect(plan.code, plan.stderr).toBe(0);
    expect(plan.stdout).toContain(`~ faq (${second!.id as string}) (update; adopt: replace the previous marker aac:key)`);
    expect(plan.stdout).not.toContain(`~ faq (${ids.faq})`);
    expect((await aac(['apply', '--yes', '--adopt-legacy'])).code).toBe(0);
    expect(emu.resources().find((a) => a.id === second!.id)!.metadata).toEqual({ team: 'a', 'aac@team-a': 'faq' });
    expect(storedOf(ids.faq)).toContain(`"${LEGACY_MARKER_KEY}":"faq"`);
  });
});
