// Scopes and ownership over loopback HTTP: two definitions directories on one account, each in its
// own namespace, never touch each other's assistants; an empty directory never prunes the fleet;
// legacy markers and pins across namespaces are refused with the way out.
// Its applies run with -lock=false: they count the writes apply makes for the definitions, and
// the lock's own create and delete (on by default) are tested in test/lock.
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { encodeMarker, LEGACY_MARKER_KEY } from '../../src/model/marker.js';
import { runCli } from '../helpers/cli.js';
import { API_KEY, apiEnv, writeCount } from '../apply/helpers.js';
import { testDir, testEmulator } from '../helpers/each-test.js';

let emu: RunningEmulator;

/** A repository with `files` (path → text); `git` adds a `.git` directory, as a checkout has. */
function repo(files: Record<string, string>, git = true): string {
  const root = testDir('aac-own-');
  if (git) mkdirSync(join(root, '.git'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

/** Runs aac in `cwd` with no namespace from the environment unless `env` sets one. */
const aac = (cwd: string, argv: string[], env: Record<string, string | undefined> = {}) =>
  runCli(argv, { cwd, env: { ...apiEnv(emu.url), AAC_NAMESPACE: undefined, ...env } });

/** The stored assistants of one namespace, as the emulator holds them (every byte that could change). */
const storedOf = (namespace: string) =>
  JSON.stringify(emu.resources().filter((a) => Object.keys((a.metadata as Record<string, string> | null) ?? {}).includes(`aac@${namespace}`)));

const TEAM = (ns: string | null, extra: Record<string, string> = {}) => ({
  ...(ns === null ? {} : { [`${ns}/aac.yaml`]: `namespace: ${ns}\n` }),
  [`${ns ?? 'x'}/faq.yaml`]: `model: gpt-4o\nname: FAQ of ${ns}\n`,
  [`${ns ?? 'x'}/triage.yaml`]: `model: gpt-4o\nname: Triage of ${ns}\n`,
  ...extra,
});

describe('namespaces', () => {
  it("two directories with the same keys in different namespaces: apply and --prune leave the other's assistants byte-identical", async () => {
    emu = await testEmulator({ apiKey: API_KEY });
    const root = repo({ ...TEAM('team-a'), ...TEAM('team-b') });
    const a = join(root, 'team-a');
    const b = join(root, 'team-b');
    expect((await aac(root, ['apply', '-lock=false', '--yes', '--dir', a])).code).toBe(0);
    expect((await aac(root, ['apply', '-lock=false', '--yes', '--dir', b])).code).toBe(0);
    expect(emu.resources()).toHaveLength(4);
    const teamB = storedOf('team-b');

    // Team A changes one assistant, drops the other, and prunes.
    writeFileSync(join(a, 'faq.yaml'), 'model: gpt-4o-mini\nname: FAQ of A, changed\n');
    rmSync(join(a, 'triage.yaml'));
    const plan = await aac(root, ['plan', '--prune', '--dir', a]);
    expect(plan.stdout).toContain('Plan: 0 to create, 1 to modify, 1 to delete, 0 unchanged.');
    expect(plan.stdout).toContain('2 assistants managed by other namespaces.');
    expect((await aac(root, ['apply', '-lock=false', '--yes', '--prune', '--dir', a])).code).toBe(0);
    expect(storedOf('team-b')).toBe(teamB);
    expect(emu.resources()).toHaveLength(3);

    // And the other way round: team B's prune leaves team A's one assistant as it is.
    const teamA = storedOf('team-a');
    rmSync(join(b, 'faq.yaml'));
    expect((await aac(root, ['apply', '-lock=false', '--yes', '--prune', '--dir', b])).code).toBe(0);
    expect(storedOf('team-a')).toBe(teamA);
    for (const dir of [a, b]) expect((await aac(root, ['plan', '--detailed-exitcode', '--dir', dir])).code).toBe(0);
  });

  it('without any namespace configured, two directories of one repository get their own default namespaces', async () => {
    emu = await testEmulator({ apiKey: API_KEY });
    const root = repo({ ...TEAM(null), 'teams/a/faq.yaml': 'model: gpt-4o\n', 'teams/b/faq.yaml': 'model: gpt-4o\n' });
    expect((await aac(root, ['apply', '-lock=false', '--yes', '--dir', 'teams/a'])).code).toBe(0);
    const first = storedOf('teams/a');
    const b = await aac(root, ['apply', '-lock=false', '--yes', '--prune', '--dir', 'teams/b']);
    expect(b.code).toBe(0);
    expect(b.stdout).toContain('+ faq (create: model)');
    expect(b.stdout).toContain('1 assistant managed by other namespaces.');
    expect(storedOf('teams/a')).toBe(first);
    expect(emu.resources()).toHaveLength(2);
    // The default is the path in the repository, whatever the working directory.
    expect((await aac(join(root, 'teams'), ['plan', '--detailed-exitcode', '--dir', 'a'])).code).toBe(0);
    // ...and whatever link leads to the directory: its real path's, or an apply through the link
    // would plan in another namespace and create the directory's assistants again.
    symlinkSync(join('teams', 'a'), join(root, 'link-a'));
    const checkout = join(testDir('aac-own-link-'), 'checkout');
    symlinkSync(root, checkout);
    for (const [cwd, dir] of [[root, 'link-a'], [checkout, 'teams/a'], [checkout, 'link-a']] as const) {
      const linked = await aac(cwd, ['plan', '--detailed-exitcode', '--dir', dir, '--format', 'json']);
      expect([linked.code, JSON.parse(linked.stdout).target.namespace], `${cwd} ${dir}`).toEqual([0, 'teams/a']);
    }
  });

  it('outside a git repository with no namespace set, plan and apply are refused before any write', async () => {
    emu = await testEmulator({ apiKey: API_KEY });
    const root = repo(TEAM(null), false);
    for (const argv of [['plan'], ['apply', '-lock=false', '--yes'], ['import', '--dry-run']]) {
      const r = await aac(root, [...argv, '--dir', 'x']);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('no namespace is set, and x is not inside a git repository');
      expect(r.stderr).toContain('set `namespace: NAME` in x/aac.yaml');
    }
    expect(writeCount(emu)).toBe(0);
    // Any one of the three sources is enough; the flag wins over the environment and the file.
    writeFileSync(join(root, 'x', 'aac.yaml'), 'namespace: from-file\n');
    const json = JSON.parse((await aac(root, ['plan', '--dir', 'x', '--format', 'json', '--namespace', 'from-flag'], { AAC_NAMESPACE: 'from-env' })).stdout);
    expect(json.target.namespace).toBe('from-flag');
    expect(JSON.parse((await aac(root, ['plan', '--dir', 'x', '--format', 'json'], { AAC_NAMESPACE: 'from-env' })).stdout).target.namespace).toBe('from-env');
    expect(JSON.parse((await aac(root, ['plan', '--dir', 'x', '--format', 'json'])).stdout).target.namespace).toBe('from-file');
  });

  it('refuses an invalid namespace, located in aac.yaml and named for the flag', async () => {
    emu = await testEmulator({ apiKey: API_KEY });
    const root = repo({ 'x/aac.yaml': 'provider: openai\nnamespace: "team a"\n', 'x/faq.yaml': 'model: gpt-4o\n' });
    const file = await aac(root, ['plan', '--dir', 'x']);
    expect(file.code).toBe(1);
    expect(file.stderr).toMatch(/x\/aac\.yaml:2:12/);
    expect(file.stderr).toContain('namespace');
    writeFileSync(join(root, 'x', 'aac.yaml'), 'namespace: fine\n');
    const flag = await aac(root, ['plan', '--dir', 'x', '--namespace', `${'n'.repeat(61)}`]);
    expect(flag.code).toBe(1);
    expect(flag.stderr).toContain("is not a valid namespace: it is 61 characters long; the most is 60");
    expect(writeCount(emu)).toBe(0);
  });

  it('counts assistants of other namespaces on one line in text, markdown and json', async () => {
    emu = await testEmulator({ apiKey: API_KEY });
    emu.seed([
      { model: 'gpt-4o', metadata: encodeMarker({ namespace: 'other', key: 'faq' }) },
      { model: 'gpt-4o', metadata: encodeMarker({ namespace: 'third', key: 'x' }) },
    ]);
    const root = repo(TEAM('mine'));
    const dir = ['--dir', 'mine'];
    expect((await aac(root, ['plan', ...dir])).stdout).toContain('\n2 assistants managed by other namespaces.\n');
    expect((await aac(root, ['plan', ...dir, '--format', 'markdown'])).stdout).toContain('2 assistants managed by other namespaces.');
    expect(JSON.parse((await aac(root, ['plan', ...dir, '--format', 'json'])).stdout).summary.other_namespaces).toBe(2);
  });

  it("refuses an id: pin to another namespace's assistant, naming that namespace", async () => {
    emu = await testEmulator({ apiKey: API_KEY });
    const [theirs] = emu.seed([{ model: 'gpt-4o', metadata: encodeMarker({ namespace: 'team-b', key: 'faq' }) }]);
    const root = repo({ 'a/aac.yaml': 'namespace: team-a\n', 'a/faq.yaml': `model: gpt-4o\nid: ${theirs!.id as string}\n` });
    const r = await aac(root, ['apply', '-lock=false', '--yes', '--dir', 'a']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`a/faq.yaml:2:1: 'id: ${theirs!.id as string}' pins assistant 'faq' to an assistant managed by the namespace 'team-b'`);
    // The way to move it names each step, and the one no aac command does: removing team-b's marker on the host.
    expect(r.stderr).toContain(`an assistant belongs to one namespace: remove \`id:\`; or, to hand it over, 'team-b' removes its definition and applies without --prune (the assistant stays live, still marked), then removes the key \`aac@team-b\` from its metadata on the host (in its dashboard, or by the API's update of metadata), as no aac command removes a marker; \`id: ${theirs!.id as string}\` here then adopts it`);
    expect(writeCount(emu)).toBe(0);
    // Done so, the pin adopts it.
    emu.mutate(theirs!.id as string, { metadata: {} });
    const adopted = await aac(root, ['plan', '--dir', 'a']);
    expect(adopted.code, adopted.stderr).toBe(0);
    expect(adopted.stdout).toContain('adopt');
  });
});

describe('moved_from naming another namespace\'s key', () => {
  it('plans the create all the same, and says that a rename stays within one namespace, with the hand-over, in text, markdown and JSON', async () => {
    emu = await testEmulator({ apiKey: API_KEY });
    const [theirs] = emu.seed([{ model: 'gpt-4o', name: 'Analyst', metadata: encodeMarker({ namespace: 'team-a', key: 'data/analyst' }) }]);
    const id = theirs!.id as string;
    const root = repo({ 'b/aac.yaml': 'namespace: team-b\n', 'b/newbill.yaml': 'moved_from: [data/analyst]\nmodel: gpt-4o\nname: Analyst\n' });
    const text = await aac(root, ['plan', '--dir', 'b']);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain('+ newbill');
    expect(text.stdout).toContain(`'newbill' (b/newbill.yaml) would be created anew: \`moved_from\` names 'data/analyst', which only the namespace 'team-a' manages (${id}), and a rename stays within one namespace; to hand it over, 'team-a' removes its definition`);
    const md = await aac(root, ['plan', '--dir', 'b', '--format', 'markdown']);
    expect(md.stdout).toContain(`> **Note:** \`newbill\` (\`b/newbill.yaml\`) would be created anew: \`moved_from\` names \`data/analyst\`, which only the namespace \`team-a\` manages (\`${id}\`)`);
    const json = JSON.parse((await aac(root, ['plan', '--dir', 'b', '--format', 'json'])).stdout);
    expect(json.resource_changes[0]).toMatchObject({ key: 'newbill', actions: ['create'], moved_from_elsewhere: { key: 'data/analyst', namespace: 'team-a', id } });
    // This namespace's own resource of the old key is a move, as ever: no note.
    emu.seed([{ model: 'gpt-4o', name: 'Analyst', metadata: encodeMarker({ namespace: 'team-b', key: 'data/analyst' }) }]);
    const moved = await aac(root, ['plan', '--dir', 'b']);
    expect(moved.stdout).toContain('(moved from data/analyst)');
    expect(moved.stdout).not.toContain('anew');
  });
});

describe('legacy markers', () => {
  it('are listed and left alone; a definition of the same key must adopt one explicitly with id:', async () => {
    emu = await testEmulator({ apiKey: API_KEY });
    const [faq, old] = emu.seed([
      { model: 'gpt-4o', name: 'FAQ', metadata: { [LEGACY_MARKER_KEY]: 'faq', team: 'a' } },
      { model: 'gpt-4o', name: 'Old', metadata: { [LEGACY_MARKER_KEY]: 'old' } },
    ]);
    const root = repo({ 'a/aac.yaml': 'namespace: team-a\n', 'a/faq.yaml': 'model: gpt-4o\nname: FAQ\nmetadata:\n  team: a\n' });
    const refused = await aac(root, ['apply', '-lock=false', '--yes', '--prune', '--dir', 'a']);
    expect(refused.code).toBe(1);
    // Each definition at its place: the top of a file whose path is its key, else its `key:` line.
    expect(refused.stderr).toContain(`a/faq.yaml:1:1: ${faq!.id as string} carries aac:key=faq`);
    writeFileSync(join(root, 'a/renamed.yaml'), 'model: gpt-4o\nkey: old\n');
    const both = await aac(root, ['plan', '--dir', 'a']);
    expect(both.stderr).toContain(`a/renamed.yaml:2:1: ${old!.id as string} carries aac:key=old`);
    rmSync(join(root, 'a/renamed.yaml'));
    expect(refused.stderr).toContain("run with --adopt-legacy; to take one over, add its `id:` line to its definition");
    expect(writeCount(emu)).toBe(0);

    writeFileSync(join(root, 'a', 'faq.yaml'), `id: ${faq!.id as string}\nmodel: gpt-4o\nname: FAQ\nmetadata:\n  team: a\n`);
    const plan = await aac(root, ['plan', '--prune', '--dir', 'a']);
    expect(plan.stdout).toContain(`~ faq (${faq!.id as string}) (adopt: replace the previous marker aac:key)`);
    expect(plan.stdout).toContain(`- aac:key = "faq" → null (aac's previous marker`);
    expect(plan.stdout).toContain(`1 assistant carries the previous marker aac:key and is left alone: old (${old!.id as string}).`);
    expect((await aac(root, ['apply', '-lock=false', '--yes', '--prune', '--dir', 'a'])).code).toBe(0);
    const stored = emu.resources();
    expect(stored.find((a) => a.id === faq!.id)!.metadata).toEqual({ team: 'a', 'aac@team-a': 'faq' });
    // Never deleted by a prune, never rewritten.
    expect(stored.find((a) => a.id === old!.id)!.metadata).toEqual({ [LEGACY_MARKER_KEY]: 'old' });
    expect((await aac(root, ['plan', '--prune', '--detailed-exitcode', '--dir', 'a'])).code).toBe(0);
  });
});

describe('prune safety', () => {
  it('refuses --prune over a directory with no definitions, with 0 writes, unless --allow-empty', async () => {
    emu = await testEmulator({ apiKey: API_KEY });
    const root = repo({ 'a/aac.yaml': 'namespace: team-a\n', 'a/faq.yaml': 'model: gpt-4o\n' });
    expect((await aac(root, ['apply', '-lock=false', '--yes', '--dir', 'a'])).code).toBe(0);
    rmSync(join(root, 'a', 'faq.yaml'));
    const before = writeCount(emu);
    for (const argv of [['plan', '--prune'], ['apply', '-lock=false', '--yes', '--prune']]) {
      const r = await aac(root, [...argv, '--dir', 'a']);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('refusing --prune: a holds no definitions, so every assistant of its namespace would be deleted');
      expect(r.stderr).toContain('--allow-empty');
    }
    expect(writeCount(emu)).toBe(before);
    expect(emu.resources()).toHaveLength(1);
    expect((await aac(root, ['apply', '-lock=false', '--yes', '--prune', '--allow-empty', '--dir', 'a'])).code).toBe(0);
    expect(emu.resources()).toHaveLength(0);
  });

  // It only lifts prune's refusal: alone it would be taken as if it did something, as --max-chars without markdown would.
  it('refuses --allow-empty without --prune before any request, on plan and on apply, fresh or saved', async () => {
    emu = await testEmulator({ apiKey: API_KEY });
    const root = repo({ 'a/aac.yaml': 'namespace: team-a\n', 'a/faq.yaml': 'model: gpt-4o\n' });
    const saved = await aac(root, ['plan', '--out', 'plan.json', '--dir', 'a']);
    expect(saved.code, saved.stderr).toBe(0);
    const requests = emu.stats().total;
    for (const argv of [['plan', '--allow-empty'], ['apply', '--yes', '--allow-empty']]) {
      const r = await aac(root, [...argv, '--dir', 'a']);
      expect([r.code, r.stdout, r.stderr], argv.join(' ')).toEqual([1, '', `Error: --allow-empty applies to --prune only: it lets a prune run over a directory with no definitions${argv[0] === 'apply' ? '; nothing was changed' : ''}\n  add --prune, or drop --allow-empty\n`]);
    }
    // A saved plan keeps the choices it was made with: one made without --prune is not given it so.
    const r = await aac(root, ['apply', 'plan.json', '--allow-empty', '--dir', 'a']);
    expect([r.code, r.stdout, r.stderr]).toEqual([1, '', 'Error: --allow-empty cannot change a saved plan, which keeps the choices it was made with: plan.json was made without --prune, and --allow-empty applies to --prune only; nothing was changed\n  drop --allow-empty to apply it as made: `aac apply plan.json --dir a`\n']);
    expect(emu.stats().total).toBe(requests);
    // Said false, it is not given.
    expect((await aac(root, ['plan', '-allow-empty=false', '--dir', 'a'])).code).toBe(0);
  });
});
