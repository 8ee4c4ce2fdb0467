// The review loop with environments (environments.test.ts): an environment planned in a job of its
// own (its own credentials), and aac-apply.yml's replan, each environment planned in its apply's
// GitHub environment; each plan found again and applied by its environment's apply job.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { testDir } from '../helpers/each-test.js';
import { actionJob, bot, commit, KEY, merge, prEvent, pushEvent, WHOLE_JOBS, writesTo } from './review-loop.js';
import { actionStep, appliedEnvironments, applyWorkflow, chooseEnvironments, def, ENVS, jobStep, resolved, sections } from './environments-loop.js';
import { type Value } from './expressions.js';
import { WORKFLOW_SECRETS } from './workflow-runner.js';

describe('the Action with environments: a plan job an environment, and replan', WHOLE_JOBS, () => {
  it('plans an environment in a job of its own (its own credentials): its own comment and artifact, found again by its apply', async () => {
    const { base, l, emus } = await appliedEnvironments({ 'assistants/support.yaml': def('Support') });
    const sha = commit(l.ws, { 'assistants/support.yaml': def('Support', 'temperature: 0.5\n') }, 'the pull request');
    l.github.prFiles[7] = [{ filename: 'assistants/support.yaml' }];
    for (const env of ENVS) {
      const job = await actionJob(l, { command: 'plan', environment: env }, prEvent(7, sha, sha, base));
      expect(job.result.failed, job.result.log).toBe(false);
      expect(job.result.outputs.environments).toBe(`["${env}"]`);
      expect(job.result.outputs.artifact).toBe(`aac-plan-assistants~${env}-${sha}`);
    }
    const own = (env: string) => bot(l).filter((c) => c.body.startsWith(`<!-- aac-plan:assistants@${env} -->\n`));
    for (const env of ENVS) {
      expect(own(env)).toHaveLength(1);
      expect(Object.keys(sections(own(env)[0]!.body))).toEqual([env]);
    }
    expect(bot(l)).toHaveLength(3);

    merge(l, sha, sha);
    for (const env of ENVS) {
      const apply = await actionJob(l, { command: 'apply', environment: env }, pushEvent(sha));
      expect(apply.result.failed, apply.result.log).toBe(false);
      expect(emus[env].resources()[0]!.temperature).toBe(0.5);
      expect(sections(own(env)[0]!.body)[env]).toContain(`#### ✅ Applied in \`${env}\` at ${sha.slice(0, 7)}`);
    }
    expect(bot(l)).toHaveLength(3);
  });

  it("replan: the job with no GitHub environment only lists the environments; each is planned in its apply's GitHub environment (with that environment's secrets), shown, and exactly that plan applied", async () => {
    const { l, emus } = await appliedEnvironments({ 'assistants/support.yaml': def('Support') });
    const sha = commit(l.ws, { 'assistants/support.yaml': def('Support', 'temperature: 0.5\n') }, 'direct push');
    l.github.branches.main = sha;
    const dispatch = { ...pushEvent(sha), event_name: 'workflow_dispatch' };
    const temp = testDir('aac-replan-');
    const call: Record<string, Value> = {
      'inputs.replan': true,
      'inputs.dir': 'assistants',
      'inputs.working-directory': '.',
      'inputs.environments': '',
      'inputs.environment': '',
      'inputs.provider': '',
      'inputs.endpoint': '',
      'inputs.prune': false,
      'inputs.allow-empty': false,
      'inputs.adopt-namespace': '',
      'github.sha': sha,
      'runner.temp': temp,
    };
    // The key lives only in the GitHub environments: the review job, which has none, gets no secrets.
    expect(applyWorkflow.jobs.review.environment).toBeUndefined();
    const list = actionStep('review', 'Validate this commit and list its environments');
    expect(list.env).toBeUndefined();
    const listed = await actionJob(l, resolved(list.with, call), dispatch, {});
    expect(listed.result.failed, listed.result.log).toBe(false);
    expect(listed.result.step('Plan').outcome).toBe('skipped');
    const matrix = await chooseEnvironments(l.ws, listed.result.outputs, 'replan');
    expect(matrix).toEqual(['dev', 'staging', 'prod']);
    const needs = { 'needs.review.outputs.slug': listed.result.outputs.slug!, 'needs.review.outputs.environments': JSON.stringify(matrix) };

    const plan = actionStep('replan', 'Plan this commit afresh');
    for (const env of matrix) {
      const leg = { ...call, ...needs, 'matrix.environment': env };
      // Its job runs in the GitHub environment its apply runs in, so it has that environment's secrets.
      const where = resolved({ replan: applyWorkflow.jobs.replan.environment, apply: applyWorkflow.jobs.apply.environment }, leg);
      expect(where).toEqual({ replan: env, apply: env });
      const secrets = Object.fromEntries(WORKFLOW_SECRETS.map((s) => [`secrets.${s}`, s === 'OPENAI_API_KEY' ? KEY : '']));
      const planned = await actionJob(l, resolved(plan.with, leg), dispatch, resolved(plan.env, { ...leg, ...secrets }));
      expect(planned.result.failed, planned.result.log).toBe(false);
      // Shown in that job's summary, which the approval of the apply job comes after.
      expect(planned.summary).toContain('**Plan: 0 to create, 1 to modify, 0 to delete, 0 unchanged.**');
    }
    for (const e of Object.values(emus)) expect(writesTo(e)).toBe(0);

    // staging's apply job takes the artifact staging's replan job saved, and applies that plan.
    const leg = { ...call, ...needs, 'matrix.environment': 'staging' };
    const take = resolved(jobStep('apply', 'Take the fresh plan of this run').with, leg);
    const artifact = l.github.artifacts.find((a) => a.name === take.name);
    expect(artifact, take.name).toBeDefined();
    writeFileSync(join(temp, 'plan.zip'), artifact!.zip);
    execFileSync('unzip', ['-q', join(temp, 'plan.zip'), '-d', take.path!]);
    const apply = await actionJob(l, resolved(actionStep('apply', 'aac apply').with, leg), dispatch);
    expect(apply.result.failed, apply.result.log).toBe(false);
    expect(apply.result.outputs['plan-path']).toBe(join(temp, 'aac-replan', 'staging', 'plan.json'));
    expect(emus.staging.resources()[0]!.temperature).toBe(0.5);
    expect(writesTo(emus.dev) + writesTo(emus.prod)).toBe(0);
    expect(l.github.comments).toEqual([]);
  });
});
