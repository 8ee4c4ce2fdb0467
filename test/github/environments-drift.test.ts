// aac-drift.yml with environments (environments.test.ts's loop): one issue for the directory, a
// section an environment; a lock held in one environment leaves only that one unchecked; an issue
// opened before the digests were kept one an environment is the same drift.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { encodeMarker } from '../../src/model/marker.js';
import { actionJob, commit, driftIssueStep, KEY, pushEvent, WHOLE_JOBS } from './review-loop.js';
import { appliedEnvironments, def, ENVS } from './environments-loop.js';

describe('aac-drift.yml with environments', WHOLE_JOBS, () => {
  it('aac-drift.yml: one issue for the directory, a section an environment', async () => {
    const { l, emus } = await appliedEnvironments({ 'assistants/support.yaml': def('Support') });
    emus.staging.mutate(emus.staging.resources()[0]!.id as string, { name: 'Support (edited by hand)' });
    const sha = commit(l.ws, {}, 'a scheduled run');
    const job = await actionJob(l, { command: 'plan', comment: 'false' }, { ...pushEvent(sha), event_name: 'schedule' });
    expect(job.result.failed, job.result.log).toBe(false);
    const issue = await driftIssueStep(l, job);
    expect(issue.code, issue.stdout + issue.stderr).toBe(0);
    expect(issue.outputs.drift).toBe('true');
    expect(l.github.issues).toHaveLength(1);
    const body = l.github.issues[0]!.body;
    expect(body.indexOf('### Environment `dev`')).toBeLessThan(body.indexOf('### Environment `staging`'));
    expect(body.indexOf('### Environment `staging`')).toBeLessThan(body.indexOf('### Environment `prod`'));
    const staging = body.slice(body.indexOf('### Environment `staging`'), body.indexOf('### Environment `prod`'));
    expect(staging).toContain('~ <code>support</code> —');
    expect(body.replace(staging, '')).not.toContain('~ <code>support</code> —');
  });

  it("aac-drift.yml: a lock held in one environment leaves that one unchecked, naming who holds it, and checks the others", async () => {
    const { l, emus } = await appliedEnvironments({ 'assistants/support.yaml': def('Support') });
    const drift = async () => {
      const job = await actionJob(l, { command: 'plan', comment: 'false' }, { ...pushEvent(commit(l.ws, {}, 'a scheduled run')), event_name: 'schedule' });
      expect(job.result.failed, job.result.log).toBe(false);
      const issue = await driftIssueStep(l, job);
      expect(issue.code, issue.stdout + issue.stderr).toBe(0);
      return { drift: issue.outputs.drift, log: issue.stdout };
    };
    // staging drifts; prod is being applied: its lock is held, and half of that apply's writes
    // (an orphan there, as the plan reads it) is no drift to report.
    emus.staging.mutate(emus.staging.resources()[0]!.id as string, { name: 'Support (edited by hand)' });
    const [lock] = emus.prod.seed([{
      model: 'gpt-4o',
      name: 'aac-lock-abc',
      metadata: { 'aac@assistants': 'aac lock', holder: 'ci@runner pid 4242', operation: 'apply', run: 'https://github.com/acme/bots/actions/runs/9', nonce: 'n', expires_at: new Date(Date.now() + 600_000).toISOString() },
    }]);
    emus.prod.seed([{ model: 'gpt-4o', name: 'Half applied', metadata: encodeMarker({ namespace: 'assistants', key: 'half' }) }]);
    const held = `aac apply by ci@runner pid 4242, https://github.com/acme/bots/actions/runs/9, since `;

    const first = await drift();
    expect(first.drift).toBe('true');
    expect(first.log).toContain(`::notice title=aac drift::environment prod not checked: another run held the lock on its namespace while the plan read the live state (${held}`);
    expect(first.log).toContain(`, lock ${String(lock!.id)}); the other environments are checked`);
    expect(first.log).not.toMatch(/environment (dev|staging) not checked/);
    expect(l.github.issues).toHaveLength(1);
    const body = () => l.github.issues[0]!.body;
    const section = (env: string) => body().slice(body().indexOf(`### Environment \`${env}\``)).split(/\n(?=### Environment `)/)[0]!;
    expect(section('staging')).toContain('~ <code>support</code> —');
    expect(section('prod')).toContain('_Not checked by [this run](https://github.com/acme/bots/actions/runs/42): another run held the lock on its namespace');
    expect(section('prod')).toContain(`(\`${held}`);
    expect(section('prod')).toContain('No run has checked it since the issue was opened._');
    expect(section('prod')).not.toContain('half');
    expect(body()).toContain(': 0 orphaned assistants (managed, with no definition)');
    expect(body().match(/^<!-- aac-drift-digest:[0-9a-f]{64} environment:\w+ -->$/gm)).toEqual([
      expect.stringContaining('environment:dev'), expect.stringContaining('environment:staging'),
    ]);

    // The same drift in the environments checked, prod still locked: no comment.
    const same = await drift();
    expect(same.log).toContain('updated drift issue #1: the same drift as it describes, so no comment');
    expect(l.github.comments).toEqual([]);

    // staging applied: no drift where it was checked, but prod was not: the issue stays open.
    const fixed = await runCli(['apply', '--env', 'staging', '--yes'], { cwd: l.ws, env: { OPENAI_API_KEY: KEY, AAC_NAMESPACE: undefined } });
    expect(fixed.code, fixed.stderr).toBe(0);
    const open = await drift();
    expect(open.drift).toBe('false');
    expect(open.log).toContain('no drift in the environments checked (dev staging); drift issue #1 is left open, as prod could not be checked; its description says so');
    expect(l.github.issues[0]!.state).toBe('open');
    // The description no longer shows staging's drift as there: it says what was checked and what
    // could not be, keeps prod's section as it was, and no comment notifies.
    expect(body()).toContain('No drift in the environments [this run](https://github.com/acme/bots/actions/runs/42) checked (`dev`, `staging`); `prod` could not be checked (another run held the lock on its namespace), so this issue stays open until a run checks it and finds no drift there either. Below, what the last run that checked it found.');
    expect(body()).not.toContain('no longer match');
    expect(section('staging')).not.toContain('~ <code>support</code> —');
    expect(section('staging')).toContain('No changes');
    expect(section('prod')).toContain('No run has checked it since the issue was opened._');
    expect(body().match(/^<!-- aac-drift-digest:[0-9a-f]{64} environment:\w+ -->$/gm)).toEqual([
      expect.stringContaining('environment:dev'), expect.stringContaining('environment:staging'),
    ]);
    expect(l.github.comments).toEqual([]);

    // prod's apply ends (its lock expires, as a killed run's does) and its orphan is pruned: closed.
    emus.prod.mutate(lock!.id as string, { metadata: { ...(lock!.metadata as Record<string, string>), expires_at: new Date(Date.now() - 1000).toISOString() } });
    const pruned = await runCli(['apply', '--env', 'prod', '--yes', '--prune'], { cwd: l.ws, env: { OPENAI_API_KEY: KEY, AAC_NAMESPACE: undefined } });
    expect(pruned.code, pruned.stderr).toBe(0);
    const closed = await drift();
    expect(closed.drift).toBe('false');
    expect(closed.log).toContain('closed drift issue #1');
  });

  it('aac-drift.yml: an issue opened before the digests were kept one an environment is the same drift while its one digest is unchanged', async () => {
    const { l, emus } = await appliedEnvironments({ 'assistants/support.yaml': def('Support') });
    emus.staging.mutate(emus.staging.resources()[0]!.id as string, { name: 'Support (edited by hand)' });
    const drift = async () => {
      const job = await actionJob(l, { command: 'plan', comment: 'false' }, { ...pushEvent(commit(l.ws, {}, 'a scheduled run')), event_name: 'schedule' });
      expect(job.result.failed, job.result.log).toBe(false);
      const issue = await driftIssueStep(l, job);
      expect(issue.code, issue.stdout + issue.stderr).toBe(0);
      return { log: issue.stdout, plans: job.result.outputs['plan-path']! };
    };
    const first = await drift();
    // The description as the workflow wrote it before: one digest, of every environment's plan
    // together (jq's line for each, in aac.yaml's order).
    const whatDrifts = '{environment: .target.environment, changes: [.resource_changes[] | select(.actions[0] != "no-op" or .orphan) | del(.live_fingerprint)]}';
    const lines = execFileSync('jq', ['-cS', whatDrifts, ...ENVS.map((e) => join(first.plans, e, 'plan.json'))]);
    const whole = createHash('sha256').update(lines).digest('hex');
    const issue = l.github.issues[0]!;
    const asBefore = (digest: string) => issue.body.replace(/^(<!-- aac-drift-digest:[0-9a-f]{64} environment:\w+ -->\n)+/m, `<!-- aac-drift-digest:${digest} -->\n`);
    issue.body = asBefore(whole);
    expect(issue.body.match(/aac-drift-digest/g)).toHaveLength(1);

    const same = await drift();
    expect(same.log).toContain('updated drift issue #1: the same drift as it describes, so no comment');
    expect(l.github.comments).toEqual([]);
    // Written anew, one digest an environment.
    expect(issue.body.match(/^<!-- aac-drift-digest:[0-9a-f]{64} environment:\w+ -->$/gm)).toHaveLength(3);

    // Another digest in the old form is other drift: a comment notifies.
    issue.body = asBefore('0'.repeat(64));
    const other = await drift();
    expect(other.log).toContain('commented on drift issue #1: the drift changed');
    expect(l.github.comments).toHaveLength(1);
  });
});
