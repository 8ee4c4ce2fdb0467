// A saved plan edited to name another namespace's assistant is refused for what it is: the file
// names a resource outside its namespace (edited, or the marker changed), not "changed since the
// plan was made"; and force-unlock given an id that is no lock of this namespace (another
// namespace's assistant, another host's) says so, not that the lock was released already. Each
// against the emulator over HTTP.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { afterTest, testEmulator } from '../helpers/each-test.js';
import { API_KEY, apiEnv, workspace } from './helpers.js';

async function twoNamespaces() {
  const emu = await testEmulator({ apiKey: API_KEY });
  const w = workspace({ bot1: { model: 'gpt-4o', name: 'Bot 1' } });
  afterTest(() => w.cleanup());
  const run = (args: string[], namespace: string) => runCli(args, { cwd: w.root, env: { ...apiEnv(emu.url), AAC_NAMESPACE: namespace } });
  expect((await run(['apply', '--yes'], 'team-a')).code).toBe(0);
  expect((await run(['apply', '--yes'], 'team-b')).code).toBe(0);
  const idOf = (namespace: string) => emu.resources().find((a) => Object.values((a.metadata ?? {}) as Record<string, string>).some((v) => v === 'bot1') && JSON.stringify(a.metadata).includes(namespace))!.id as string;
  return { emu, w, run, teamA: idOf('team-a'), teamB: idOf('team-b') };
}

describe("another namespace's assistant", () => {
  it('named by an edited saved plan: refused as outside its namespace, nothing applied', async () => {
    const { emu, w, run, teamA, teamB } = await twoNamespaces();
    expect(teamA).not.toBe(teamB);
    w.write('bot1', { model: 'gpt-4o', name: 'Bot 1 renamed' });
    expect((await run(['plan', '--out', 'plan.json'], 'team-a')).code).toBe(0);
    const file = join(w.root, 'plan.json');
    const doc = JSON.parse(readFileSync(file, 'utf8'));
    expect(doc.resource_changes[0].id).toBe(teamA);
    doc.resource_changes[0].id = teamB;
    writeFileSync(file, JSON.stringify(doc, null, 2));
    const before = JSON.stringify(emu.resources());
    const r = await run(['apply', 'plan.json'], 'team-a');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('the saved plan plan.json names resources outside its namespace (the file was edited, or their markers changed since), so nothing was applied:');
    expect(r.stderr).toContain(`'bot1' names ${teamB}, the assistant of the namespace 'team-b', not of 'team-a'`);
    expect(r.stderr).not.toContain('changed since the plan was made');
    expect(JSON.stringify(emu.resources())).toBe(before);
  });

  it("another key's id of the same namespace, edited into a saved plan: refused as an edit naming that key, not \"changed since\", nothing applied", async () => {
    const emu = await testEmulator({ apiKey: API_KEY });
    const w = workspace({ 'data/analyst': { model: 'gpt-4o', name: 'Analyst' }, 'data/writer': { model: 'gpt-4o', name: 'Writer' } });
    afterTest(() => w.cleanup());
    const run = (args: string[]) => runCli(args, { cwd: w.root, env: { ...apiEnv(emu.url), AAC_NAMESPACE: 'team-a' } });
    expect((await run(['apply', '--yes'])).code).toBe(0);
    const idOf = (key: string) => emu.resources().find((a) => Object.values((a.metadata ?? {}) as Record<string, string>).includes(key))!.id as string;
    w.write('data/analyst', { model: 'gpt-4o', name: 'Analyst renamed' });
    expect((await run(['plan', '--out', 'plan.json'])).code).toBe(0);
    const file = join(w.root, 'plan.json');
    const doc = JSON.parse(readFileSync(file, 'utf8'));
    const change = doc.resource_changes.find((c: { key: string }) => c.key === 'data/analyst');
    expect(change.id).toBe(idOf('data/analyst'));
    change.id = idOf('data/writer');
    writeFileSync(file, JSON.stringify(doc, null, 2));
    const before = JSON.stringify(emu.resources());
    const r = await run(['apply', 'plan.json']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('the saved plan plan.json names resources by the ids of other keys of its namespace (the file was edited, or their markers changed since), so nothing was applied:');
    expect(r.stderr).toContain(`'data/analyst' names ${idOf('data/writer')}, the id of the assistant 'data/writer' of the namespace 'team-a'`);
    expect(r.stderr).not.toContain('changed since the plan was made');
    expect(JSON.stringify(emu.resources())).toBe(before);
    // Under --format json, its code is an edited plan's.
    expect(JSON.parse((await run(['apply', 'plan.json', '--format', 'json'])).stdout).diagnostics.at(-1)?.code).toBe('plan-edited');
  });

  it('an id no live assistant has, edited into a saved plan: refused naming both causes, not "deleted since"', async () => {
    const { emu, w, run, teamA } = await twoNamespaces();
    w.write('bot1', { model: 'gpt-4o', name: 'Bot 1 renamed' });
    expect((await run(['plan', '--out', 'plan.json'], 'team-a')).code).toBe(0);
    const file = join(w.root, 'plan.json');
    const doc = JSON.parse(readFileSync(file, 'utf8'));
    const edited = `${teamA.slice(0, -4)}zzzz`;
    doc.resource_changes[0].id = edited;
    writeFileSync(file, JSON.stringify(doc, null, 2));
    const before = JSON.stringify(emu.resources());
    const r = await run(['apply', 'plan.json'], 'team-a');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`the saved plan names the assistant 'bot1' by the id ${edited}, which no live assistant has ('bot1' is live as ${teamA}): it was deleted since the plan was made, or the plan file was edited`);
    expect(r.stderr).not.toContain(`(${edited}) was deleted since the plan was made`);
    expect(JSON.stringify(emu.resources())).toBe(before);
  });

  it('given to force-unlock: not a lock object of this namespace, never "released already", whether it is on this host or another', async () => {
    const { emu, run, teamB } = await twoNamespaces();
    let r = await run(['force-unlock', teamB, '--yes'], 'team-a');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${teamB} is an assistant, not a lock: force-unlock deletes only aac's lock objects`);
    // An assistant of another endpoint (another emulator): nothing has its id here.
    const other = await testEmulator({ apiKey: API_KEY });
    const [elsewhere] = other.seed([{ model: 'gpt-4o', name: 'Elsewhere' }]);
    const before = JSON.stringify(emu.resources());
    r = await run(['force-unlock', elsewhere!.id as string, '--yes'], 'team-a');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${elsewhere!.id as string} is not a lock object of the namespace 'team-a': no lock object has that id or name at ${emu.url}`);
    expect(r.stderr).not.toContain('there is no lock');
    expect(JSON.stringify(emu.resources())).toBe(before);
    expect(other.resources()).toHaveLength(1);
  });
});
