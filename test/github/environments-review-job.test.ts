// The review loop with environments (environments.test.ts) as README sets it up for a key per
// environment: a plan job an environment, then aac-apply.yml's review job shows every plan (an
// environment without its own is refused, by name) and its apply jobs apply each.
import { describe, expect, it } from 'vitest';
import { actionJob, bot, commit, merge, prEvent, pushEvent, WHOLE_JOBS } from './review-loop.js';
import { actionStep, appliedEnvironments, chooseEnvironments, def, ENVS, resolved, type Env } from './environments-loop.js';

describe("the Action with environments: aac-apply.yml's review job", WHOLE_JOBS, () => {
  it("aac-apply.yml's review job shows the plans made in a job an environment (README's set-up for a key per environment), and its apply jobs apply each", async () => {
    const { base, l, emus } = await appliedEnvironments({ 'assistants/support.yaml': def('Support') });
    const sha = commit(l.ws, { 'assistants/support.yaml': def('Support', 'temperature: 0.5\n') }, 'the pull request');
    l.github.prFiles[7] = [{ filename: 'assistants/support.yaml' }];
    const planIn = async (env: Env) => {
      const job = await actionJob(l, { command: 'plan', environment: env }, prEvent(7, sha, sha, base));
      expect(job.result.failed, job.result.log).toBe(false);
    };
    await planIn('dev');
    await planIn('staging');
    merge(l, sha, sha);
    // The review job as aac-apply.yml runs it: its `environments` input empty, so every environment.
    const show = actionStep('review', 'Show the reviewed plan');
    const reviewJob = () => actionJob(l, resolved(show.with, { 'inputs.dir': 'assistants', 'inputs.working-directory': '.', 'inputs.environments': '' }), pushEvent(sha));
    // An environment with no reviewed plan of its own is refused, by name, and nothing is shown.
    const partial = await reviewJob();
    expect(partial.result.failed).toBe(true);
    expect(partial.result.outputs.refused).toContain('records no plan of `assistants` (nor of environment `prod` in a comment of its own)');
    await planIn('prod');
    const review = await reviewJob();
    expect(review.result.failed, review.result.log).toBe(false);
    expect(review.result.outputs['pull-request']).toBe('7');
    for (const env of ENVS) expect(review.summary).toContain(`## Environment \`${env}\``);
    expect(await chooseEnvironments(l.ws, review.result.outputs)).toEqual(['dev', 'staging', 'prod']);
    for (const env of ENVS) {
      const apply = await actionJob(l, { command: 'apply', environment: env }, pushEvent(sha));
      expect(apply.result.failed, apply.result.log).toBe(false);
      expect(emus[env].resources()[0]!.temperature).toBe(0.5);
    }
    // Three plan comments, and the news of the refusal above.
    expect(bot(l)).toHaveLength(4);
  });
});
