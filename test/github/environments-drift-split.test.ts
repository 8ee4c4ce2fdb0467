// aac-drift.yml with environments (environments.test.ts's loop) run an environment at a time (a
// key each): one issue an environment, and the move from one issue of all environments to those.
import { describe, expect, it } from 'vitest';
import { actionJob, commit, driftIssueStep, pushEvent, WHOLE_JOBS } from './review-loop.js';
import { appliedEnvironments, def, type Env } from './environments-loop.js';

describe('aac-drift.yml with environments, run an environment at a time', WHOLE_JOBS, () => {
  it('aac-drift.yml run an environment at a time (a key each): one issue an environment, so that one without drift never closes or rewrites the issue of another', async () => {
    const { l, emus } = await appliedEnvironments({ 'assistants/support.yaml': def('Support') });
    emus.prod.mutate(emus.prod.resources()[0]!.id as string, { name: 'Support (edited by hand)' });
    const sha = commit(l.ws, {}, 'a scheduled run');
    const drift = async (env: Env) => {
      const job = await actionJob(l, { command: 'plan', comment: 'false', environment: env }, { ...pushEvent(sha), event_name: 'schedule' });
      expect(job.result.failed, job.result.log).toBe(false);
      const issue = await driftIssueStep(l, job, env);
      expect(issue.code, issue.stdout + issue.stderr).toBe(0);
      return issue.outputs.drift;
    };
    expect(await drift('prod')).toBe('true');
    expect(await drift('dev')).toBe('false');
    expect(l.github.issues).toHaveLength(1);
    const [issue] = l.github.issues;
    expect(issue!.state).toBe('open');
    expect(issue!.body.startsWith('<!-- aac-drift:assistants@prod -->\n')).toBe(true);
    expect(issue!.title).toBe('Drift: live assistants differ from assistants in environment prod');
    expect(issue!.body).toContain('### Environment `prod`');
    expect(issue!.body).toContain('~ <code>support</code> —');
    // prod's drift reverted: its own issue closes.
    emus.prod.mutate(emus.prod.resources()[0]!.id as string, { name: 'Support' });
    expect(await drift('prod')).toBe('false');
    expect(l.github.issues[0]!.state).toBe('closed');
  });

  it('aac-drift.yml split into a run an environment after an issue of all environments was opened: each run points that issue, once, to where its environment is reported now, and neither takes it over nor closes it; the run of all environments still closes it', async () => {
    const { l, emus } = await appliedEnvironments({ 'assistants/support.yaml': def('Support') });
    emus.prod.mutate(emus.prod.resources()[0]!.id as string, { name: 'Support (edited by hand)' });
    const sha = commit(l.ws, {}, 'a scheduled run');
    const drift = async (env: Env | '') => {
      const job = await actionJob(l, { command: 'plan', comment: 'false', ...(env ? { environment: env } : {}) }, { ...pushEvent(sha), event_name: 'schedule' });
      expect(job.result.failed, job.result.log).toBe(false);
      const issue = await driftIssueStep(l, job, env);
      expect(issue.code, issue.stdout + issue.stderr).toBe(0);
      return issue;
    };
    // Before the upgrade: one issue for all environments.
    expect((await drift('')).outputs.drift).toBe('true');
    const shared = l.github.issues[0]!;
    expect(shared.body.startsWith('<!-- aac-drift:assistants -->\n')).toBe(true);
    const before = shared.body;
    // Anyone may open an issue with that marker: another identity's is never written to.
    l.github.issues.push({ number: 2, title: 'x', body: '<!-- aac-drift:assistants -->\nnot ours', state: 'open', labels: [{ name: 'aac-drift' }], user: { login: 'mallory', type: 'User' } });
    const on = (n: number) => l.github.comments.filter((c) => c.issue === n).map((c) => c.body);

    // After it: prod's run opens its own issue and says so on the shared one, which stays as it was.
    const prod = await drift('prod');
    expect(prod.stdout).toContain('opened drift issue #3');
    expect(prod.stdout).toContain('commented on drift issue #1, of all environments: prod is reported in #3 now');
    expect(on(1)).toEqual([
      '<!-- aac-drift-moved:assistants@prod -->\nEnvironment `prod` of `assistants` is now checked for drift by a run of its own, which reports in #3 and writes no more here. This issue, of all environments together, is left as it is: a run of all of them (the drift workflow without `environments`) still updates it, and closes it once it finds no drift; if none runs any more, close it by hand once each environment it describes is checked by a run of its own.',
    ]);
    // dev's run finds no drift: no issue of its own, and the shared one says where dev goes.
    await drift('dev');
    expect(on(1)[1]).toMatch(/^<!-- aac-drift-moved:assistants@dev -->\nEnvironment `dev` of `assistants` is now checked for drift by a run of its own, which reports in an issue of its own once it finds drift \(\[this run\]\(https:\/\/github\.com\/acme\/bots\/actions\/runs\/42\) found none\) and writes no more here\./);
    // Once each: the next runs say nothing more there.
    await drift('prod');
    await drift('dev');
    expect(on(1)).toHaveLength(2);
    expect(l.github.issues.find((i) => i.number === 1)).toMatchObject({ state: 'open', body: before });
    expect(on(2)).toEqual([]);
    expect(l.github.writes.filter((w) => /\/issues\/2\b/.test(w))).toEqual([]);

    // The drift reverted: the run of all environments closes the shared issue, prod's run its own,
    // and a closed shared issue gets no comment.
    emus.prod.mutate(emus.prod.resources()[0]!.id as string, { name: 'Support' });
    expect((await drift('')).stdout).toContain('closed drift issue #1');
    expect((await drift('prod')).stdout).toContain('closed drift issue #3');
    expect(on(1)).toHaveLength(3);
    expect(l.github.issues.filter((i) => i.state === 'open').map((i) => i.number)).toEqual([2]);
  });
});
