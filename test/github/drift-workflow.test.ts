// The drift workflow: the Action's plan (no pull request) against the emulator, then the
// workflow's own issue step against a loopback GitHub. ONE issue per directory: opened on drift
// with the plan and the orphans counted, a comment (which notifies) on every run that still finds
// drift, reopened when drift comes back after it was closed, closed once the drift is gone.
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { encodeMarker } from '../../src/model/marker.js';
import { runCli } from '../helpers/cli.js';
import { actionJob, commit, driftIssueStep, KEY, pushEvent, startLoop, WHOLE_JOBS, type Loop } from './review-loop.js';

const MARKER = '<!-- aac-drift:assistants -->';

let loop: Loop | undefined;
afterEach(async () => {
  await loop?.close();
  loop = undefined;
});

async function driftRun(l: Loop) {
  const sha = commit(l.ws, {}, 'a scheduled run');
  const job = await actionJob(l, { command: 'plan', comment: 'false' }, { ...pushEvent(sha), event_name: 'schedule' });
  expect(job.result.failed, job.result.log).toBe(false);
  const issue = await driftIssueStep(l, job);
  expect(issue.code, issue.stdout + issue.stderr).toBe(0);
  return { drift: issue.outputs.drift, log: issue.stdout, summary: readFileSync(job.runner.summary, 'utf8') };
}

describe('aac-drift.yml with the Action', WHOLE_JOBS, () => {
  it('opens, comments on, closes and reopens ONE issue, counting orphans, and never touches other issues', async () => {
    loop = await startLoop({ 'assistants/support.yaml': 'model: gpt-4o-mini\nname: Support\n' });
    const l = loop;
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

    // Still drifting, now with an orphan: a comment notifies, the description has the new plan.
    l.emu.seed([{ model: 'gpt-4o-mini', name: 'Gone', metadata: encodeMarker({ namespace: 'assistants', key: 'gone' }) }]);
    const second = await driftRun(l);
    expect(second.log).toContain('commented on drift issue #3');
    expect(ours()).toHaveLength(1);
    expect(ours()[0]!.body).toContain('1 orphaned assistant (managed, with no definition)');
    expect(comments()).toEqual(['Still drifting']);

    // Orphans alone are drift too; once applied and pruned, the issue is closed with a comment.
    // No AAC_NAMESPACE: the default namespace the workflow's runs derive from the checkout.
    const applied = await runCli(['apply', '--yes', '--prune'], { cwd: l.ws, env: { OPENAI_API_KEY: KEY, AAC_NAMESPACE: undefined } });
    expect(applied.code, applied.stderr).toBe(0);
    const third = await driftRun(l);
    expect(third.drift).toBe('false');
    expect(third.log).toContain('closed drift issue #3');
    expect(ours()[0]).toMatchObject({ state: 'closed', state_reason: 'completed' });
    expect(comments()).toEqual(['Still drifting', 'No drift any more']);

    // Drift comes back: the same issue is reopened, with a comment, not a second issue.
    const support = l.emu.resources()[0]!;
    l.emu.mutate(support.id as string, { name: 'Edited by hand' });
    const fourth = await driftRun(l);
    expect(fourth.log).toContain('reopened drift issue #3');
    expect(ours()).toHaveLength(1);
    expect(ours()[0]!.state).toBe('open');
    expect(comments()).toEqual(['Still drifting', 'No drift any more', 'Drift is back']);

    // Other issues were never written to.
    expect(l.github.writes.filter((w) => /\/issues\/(1|2)\b/.test(w))).toEqual([]);
  });
});
