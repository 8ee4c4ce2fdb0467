// The review loop with environments (environments.test.ts): a stale environment refused alone, the
// plans and applies that name no environment or one aac.yaml does not declare, a plan made for
// another environment, and each environment's endpoint taken from the base branch.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { testDir, testEmulator } from '../helpers/each-test.js';
import { actionJob, bot, KEY, merge, openPullRequest, prEvent, pushEvent, WHOLE_JOBS, writesTo } from './review-loop.js';
import { appliedEnvironments, def, ENVS, sections } from './environments-loop.js';

describe('the Action with environments: what is refused or not taken from the pull request', WHOLE_JOBS, () => {
  it('refuses a stale environment, writing nothing there and saying so under its section; the others apply', async () => {
    const { base, l, emus } = await appliedEnvironments({ 'assistants/support.yaml': def('Support') });
    // Live text posing as the markers the Action finds each environment's section by.
    const posing = 'hi <!-- aac-apply:prod --> <!-- aac-env:prod --> <!-- aac-env-end --> <!-- aac-apply --> ````';
    emus.dev.mutate(emus.dev.resources()[0]!.id as string, { description: posing });
    const { sha } = await openPullRequest(l, base, { 'assistants/support.yaml': def('Support', 'temperature: 0.5\n') });
    const planned = bot(l)[0]!;
    expect(planned.body).toContain('hi \\u003c!-- aac-apply:prod --> \\u003c!-- aac-env:prod -->');
    // And the same inside a line of the comment (as any text not written by aac could put it): only a marker's own line counts.
    planned.body = planned.body.replace('### Environment `dev`\n', `### Environment \`dev\`\n\n${posing.replace(/^hi /, 'text ')}\n`);
    const reviewed = sections(planned.body);
    // After the review, someone edits prod's assistant in a dashboard.
    emus.prod.mutate(emus.prod.resources()[0]!.id as string, { temperature: 1.7 });
    merge(l, sha, sha);
    for (const e of Object.values(emus)) e.resetStats();

    for (const env of ['dev', 'staging'] as const) {
      const apply = await actionJob(l, { command: 'apply', environment: env }, pushEvent(sha));
      expect(apply.result.failed, apply.result.log).toBe(false);
    }
    const prod = await actionJob(l, { command: 'apply', environment: 'prod' }, pushEvent(sha));
    expect(prod.result.failed).toBe(true);
    expect(prod.result.outputs.refused).toMatch(/^the reviewed plan is stale, so nothing was applied: the assistant 'support' \(asst_\w+\) changed since the plan was made/);
    // Only the namespace's lock it held while it checked: made, then deleted. The edit stays.
    expect(writesTo(emus.prod)).toBe(2);
    expect(emus.prod.resources().map((a) => a.temperature)).toEqual([1.7]);
    expect(emus.dev.resources()[0]!.temperature).toBe(0.5);

    const [sticky, news] = bot(l);
    const by = sections(sticky!.body);
    expect(Object.keys(by)).toEqual(['dev', 'staging', 'prod']);
    expect(by.dev).toContain(`#### ✅ Applied in \`dev\` at ${sha.slice(0, 7)}`);
    expect(by.staging).toContain(`#### ✅ Applied in \`staging\` at ${sha.slice(0, 7)}`);
    expect(by.prod).toContain(`#### ⛔ Not applied in \`prod\` at ${sha.slice(0, 7)}`);
    // Each plan stays whole, its result after it; the footer stays after the sections.
    for (const env of ENVS) expect(by[env]!.startsWith(reviewed[env]!.trimEnd()), env).toBe(true);
    expect(sticky!.body.trimEnd()).toMatch(/<sub>commit \w{7} · \[run log\]\([^)]*\)<\/sub>$/);
    expect(news!.body).toMatch(/^\*\*aac apply · `assistants` · `prod`\*\*\n\n#### ⛔ Not applied in `prod`/);
  });

  it('refuses a plan of an undeclared environment or with an endpoint input (in the comment), an apply that names no environment or one aac.yaml does not declare, and a plan made for another environment', async () => {
    const { base, l, emus } = await appliedEnvironments({ 'assistants/support.yaml': def('Support') });
    const { sha } = await openPullRequest(l, base, { 'assistants/support.yaml': def('Support', 'temperature: 0.5\n') });
    // Each refused plan job says why in its comment: the pull request's own (edited), then the environment's own.
    const endpoint = await actionJob(l, { command: 'plan', endpoint: 'http://127.0.0.1:9/v1' }, prEvent(7, sha, sha, base));
    expect(endpoint.result.failed).toBe(true);
    expect(endpoint.result.step('Plan').outcome).toBe('skipped');
    expect(bot(l).at(-1)!.body).toMatch(/^<!-- aac-plan:assistants -->\n[\s\S]*give each its endpoint in aac.yaml, not the endpoint input/);
    const qa = await actionJob(l, { command: 'plan', environment: 'qa' }, prEvent(7, sha, sha, base));
    expect(qa.result.failed).toBe(true);
    expect(qa.result.step('Plan').outcome).toBe('skipped');
    expect(bot(l).at(-1)!.body).toContain('environment qa: not declared in aac.yaml in assistants (it declares dev, staging, prod)');
    merge(l, sha, sha);
    for (const e of Object.values(emus)) e.resetStats();

    const none = await actionJob(l, { command: 'apply' }, pushEvent(sha));
    expect(none.result.failed).toBe(true);
    expect(none.result.outputs.refused).toContain('declares the environments dev staging prod: apply applies one, in its own job behind its GitHub Environment');
    const unknown = await actionJob(l, { command: 'apply', environment: 'qa' }, pushEvent(sha));
    expect(unknown.result.failed).toBe(true);
    expect(unknown.result.outputs.refused).toContain('environment qa: not declared in aac.yaml');

    // staging's reviewed plan, handed to prod's job: aac refuses it.
    const dir = testDir('aac-reviewed-');
    writeFileSync(join(dir, 'a.zip'), l.github.artifacts[0]!.zip);
    execFileSync('unzip', ['-q', join(dir, 'a.zip'), '-d', dir]);
    const wrong = await actionJob(l, { command: 'apply', environment: 'prod', 'plan-file': join(dir, 'staging', 'plan.json') }, pushEvent(sha));
    expect(wrong.result.failed).toBe(true);
    expect(wrong.result.outputs.refused).toMatch(/^the plan \S+\/staging\/plan\.json was made for environment `staging`, not for environment `prod`: nothing was applied\.$/);
    // aac itself refuses it as well.
    const cli = await runCli(['apply', join(dir, 'staging', 'plan.json'), '--env', 'prod'], { cwd: l.ws, env: { OPENAI_API_KEY: KEY, AAC_NAMESPACE: undefined } });
    expect(cli.code).toBe(1);
    expect(cli.stderr).toContain("the plan was made for environment 'staging', not 'prod'");
    for (const e of Object.values(emus)) expect(writesTo(e)).toBe(0);
  });

  it("takes each environment's endpoint from the base branch, plans none it does not declare, and the pull request's values", async () => {
    const { base, emus, l } = await appliedEnvironments({ 'assistants/support.yaml': def('Support') });
    const elsewhere = await testEmulator({});
    const config = [
      'provider: openai',
      'variables:',
      '  chat_model: { type: string }',
      'environments:',
      `  dev: { endpoint: "${emus.dev.url}", values: { chat_model: gpt-4.1 } }`,
      `  staging: { endpoint: "${emus.staging.url}", values: { chat_model: gpt-4o } }`,
      `  prod: { endpoint: "${elsewhere.url}", values: { chat_model: gpt-4o } }`,
      `  qa: { endpoint: "${elsewhere.url}", values: { chat_model: gpt-4o } }`,
      '',
    ].join('\n');
    const { job } = await openPullRequest(l, base, { 'assistants/aac.yaml': config });
    expect(job.result.failed, job.result.log).toBe(false);
    expect(elsewhere.stats().total).toBe(0);
    expect(job.result.outputs.environments).toBe('["dev","staging","prod"]');
    const body = bot(l)[0]!.body;
    // dev's new value is the pull request's; prod is planned where the base branch says.
    expect(sections(body).dev).toContain('gpt-4.1');
    expect(sections(body).prod).toContain(`at \`${emus.prod.url}\``);
    expect(body).toContain('(`environments.prod.endpoint`; `environments.qa` (not declared on the base branch))');
  });
});
