// The drift workflow: the Action's plan (no pull request) against the emulator, then the
// workflow's own issue step against a loopback GitHub. ONE issue per directory: opened on drift
// with the plan and the orphans counted, a comment (which notifies) only when a run finds other
// drift than the issue describes (the same drift only updates its description), reopened when
// drift comes back after it was closed, closed once the drift is gone; left alone by a run whose
// plan read the namespace while another run held its lock.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { encodeMarker } from '../../src/model/marker.js';
import { runCli } from '../helpers/cli.js';
import { actionJob, commit, driftIssueStep, KEY, pushEvent, startLoop, WHOLE_JOBS, type Loop } from './review-loop.js';

const MARKER = '<!-- aac-drift:assistants -->';

async function driftRun(l: Loop) {
  const sha = commit(l.ws, {}, 'a scheduled run');
  const job = await actionJob(l, { command: 'plan', comment: 'false' }, { ...pushEvent(sha), event_name: 'schedule' });
  expect(job.result.failed, job.result.log).toBe(false);
  const issue = await driftIssueStep(l, job);
  expect(issue.code, issue.stdout + issue.stderr).toBe(0);
  return { drift: issue.outputs.drift, log: issue.stdout, summary: readFileSync(job.runner.summary, 'utf8') };
}

/** The digest of the drift that the issue's description holds, hidden. */
const digestOf = (body: string) => /^<!-- aac-drift-digest:([0-9a-f]{64}) -->$/m.exec(body)?.[1];

describe('aac-drift.yml with the Action', WHOLE_JOBS, () => {
  it('opens, comments on, closes and reopens ONE issue, counting orphans, and never touches other issues', async () => {
    const l = await startLoop({ 'assistants/support.yaml': 'model: gpt-4o-mini\nname: Support\n' });
    commit(l.ws, { 'assistants/aac.yaml': `endpoint: ${l.emu.url}\n` }, 'point at the API');
    // Unrelated issues with the same label fill the first page: the marker, not the label alone, decides.
    l.github.issues.push(
      { number: 1, title: 'something else', body: 'not ours', state: 'open', labels: [{ name: 'aac-drift' }] },
      { number: 2, title: 'a pull request', body: MARKER, state: 'open', labels: [{ name: 'aac-drift' }], pull_request: {} },
    );
    const ours = () => l.github.issues.filter((i) => i.body.startsWith(MARKER) && !i.pull_request);
    const comments = () => l.github.comments.filter((c) => c.issue === 3).map((c) => c.body.split(':')[0]);

    const first = await driftRun(l);
    expect(first.drift).toBe('true');
    expect(ours()).toHaveLength(1);
    expect(ours()[0]).toMatchObject({ number: 3, state: 'open', title: 'Drift: live assistants differ from assistants', labels: [{ name: 'aac-drift' }] });
    expect(ours()[0]!.body).toContain('0 orphaned assistants (managed, with no definition)');
    expect(ours()[0]!.body).toContain('**Plan: 1 to create');
    expect(first.summary + first.log + ours()[0]!.body).not.toContain(KEY);
    const digest = digestOf(ours()[0]!.body);
    expect(digest).toBeDefined();

    // The same drift an hour later (another plan, made at another time): the description is
    // updated, and nobody is notified again; an edit in GitHub's editor (CR LF) changes nothing.
    l.github.issues.find((i) => i.number === 3)!.body = ours()[0]!.body.replace(/\n/g, '\r\n');
    const same = await driftRun(l);
    expect(same.drift).toBe('true');
    expect(same.log).toContain('updated drift issue #3: the same drift as it describes, so no comment');
    expect(ours()[0]!.body).not.toContain('\r');
    expect(digestOf(ours()[0]!.body)).toBe(digest);
    expect(comments()).toEqual([]);

    // A run whose plan read the namespace while an apply held its lock leaves the issue alone:
    // what it read may be half of that apply's writes.
    const expires = new Date(Date.now() + 600_000).toISOString();
    const [lock] = l.emu.seed([{ model: 'gpt-4o-mini', name: 'aac-lock-abc', metadata: { 'aac@assistants': 'aac lock', holder: 'ci@runner pid 4242', operation: 'apply', nonce: 'n', expires_at: expires } }]);
    l.emu.seed([{ model: 'gpt-4o-mini', name: 'Half applied', metadata: encodeMarker({ namespace: 'assistants', key: 'half' }) }]);
    const writes = l.github.writes.length;
    const locked = await driftRun(l);
    expect(locked.drift).toBeUndefined();
    expect(locked.log).toContain(`::notice title=aac drift::not checked: another run held the namespace's lock while the plan read the live state (aac apply by ci@runner pid 4242, since `);
    expect(locked.log).toContain(`, lock ${String(lock!.id)}); the drift issue is left as it is`);
    expect(l.github.writes.length).toBe(writes);
    // The apply ends (its lock expires, as one whose run was killed does).
    l.emu.mutate(lock!.id as string, { metadata: { ...(lock!.metadata as Record<string, string>), expires_at: new Date(Date.now() - 1000).toISOString() } });

    // Other drift, now with an orphan: a comment notifies, the description has the new plan.
    const second = await driftRun(l);
    expect(second.log).toContain('commented on drift issue #3: the drift changed');
    expect(ours()).toHaveLength(1);
    expect(ours()[0]!.body).toContain('1 orphaned assistant (managed, with no definition)');
    expect(digestOf(ours()[0]!.body)).not.toBe(digest);
    expect(comments()).toEqual(['The drift changed']);

    // Orphans alone are drift too; once applied and pruned, the issue is closed with a comment.
    // No AAC_NAMESPACE: the default namespace the workflow's runs derive from the checkout.
    const applied = await runCli(['apply', '--yes', '--prune'], { cwd: l.ws, env: { OPENAI_API_KEY: KEY, AAC_NAMESPACE: undefined } });
    expect(applied.code, applied.stderr).toBe(0);
    const third = await driftRun(l);
    expect(third.drift).toBe('false');
    expect(third.log).toContain('closed drift issue #3');
    expect(ours()[0]).toMatchObject({ state: 'closed', state_reason: 'completed' });
    expect(comments()).toEqual(['The drift changed', 'No drift any more']);

    // Drift comes back: the same issue is reopened, with a comment, not a second issue.
    const support = l.emu.resources()[0]!;
    l.emu.mutate(support.id as string, { name: 'Edited by hand' });
    const fourth = await driftRun(l);
    expect(fourth.log).toContain('reopened drift issue #3');
    expect(ours()).toHaveLength(1);
    expect(ours()[0]!.state).toBe('open');
    expect(comments()).toEqual(['The drift changed', 'No drift any more', 'Drift is back']);

    // Other issues were never written to.
    expect(l.github.writes.filter((w) => /\/issues\/(1|2)\b/.test(w))).toEqual([]);
  });
});

describe('aac-drift.yml and issues it did not open', WHOLE_JOBS, () => {
  it("takes no issue for its own that another identity opened with its label and marker, and fails closed when it cannot read its token's", async () => {
    const l = await startLoop({ 'assistants/support.yaml': 'model: gpt-4o-mini\nname: Support\n' });
    commit(l.ws, { 'assistants/aac.yaml': `endpoint: ${l.emu.url}\n` }, 'point at the API');
    // Anyone can open one: the label and the marker, closed (so a run would reopen it) and open.
    const impostor = (number: number, state: 'open' | 'closed') => ({
      number,
      title: 'Drift: live assistants differ from assistants',
      body: `${MARKER}\n<!-- aac-drift-digest:${'0'.repeat(64)} -->\nPlease run this: @acme/admins`,
      state,
      labels: [{ name: 'aac-drift' }],
      user: { login: 'mallory', type: 'User' as const },
    });
    l.github.issues.push(impostor(1, 'closed'), impostor(2, 'open'));
    const sha = commit(l.ws, {}, 'a scheduled run');
    const job = await actionJob(l, { command: 'plan', comment: 'false' }, { ...pushEvent(sha), event_name: 'schedule' });
    expect(job.result.failed, job.result.log).toBe(false);

    // Whose token it is cannot be read: the step fails before any write.
    l.github.graphqlDown = true;
    const down = await driftIssueStep(l, job);
    expect(down.code).not.toBe(0);
    expect(down.stdout).toContain("::error title=aac drift::cannot tell which drift issue is this workflow's");
    expect(l.github.writes).toEqual([]);
    l.github.graphqlDown = false;

    const run = await driftIssueStep(l, job);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toContain('opened drift issue #3');
    expect(l.github.issues[2]).toMatchObject({ number: 3, state: 'open', user: { login: 'github-actions[bot]' } });
    // The impostors were neither edited, reopened, commented on nor closed.
    expect(l.github.issues.slice(0, 2).map((i) => i.state)).toEqual(['closed', 'open']);
    expect(l.github.writes.filter((w) => /\/issues\/(1|2)\b/.test(w))).toEqual([]);
    expect(l.github.comments).toEqual([]);
  });
});
