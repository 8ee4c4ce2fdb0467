// The review loop with environments (issue 20), the Action's and aac-apply.yml's `run:` steps run as
// the runner runs them: one definition set, three environments on three emulators. The pull
// request's plan job plans every environment into ONE comment (a section each, every summary line
// first, the room shared) and one artifact (a directory each); after the merge, the review job
// shows each, the matrix step lists those to apply, and each environment's apply job applies its
// own reviewed plan, in order, writing its result under its own section.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { runCli } from '../helpers/cli.js';
import { encodeMarker } from '../../src/model/marker.js';
import { renderGfm, topLevel } from '../helpers/gfm.js';
import { testDir } from '../helpers/each-test.js';
import { actionJob, bot, commit, driftIssueStep, git, KEY, merge, prEvent, pushEvent, startLoop, WHOLE_JOBS, writesTo, type Loop } from './review-loop.js';
import { interpolate, type Value } from './expressions.js';
import { repoRoot } from './run-scripts.js';
import { jobSteps, Runner, WORKFLOW_SECRETS } from './workflow-runner.js';

const ENVS = ['dev', 'staging', 'prod'] as const;
type Env = (typeof ENVS)[number];
const MARKER = '<!-- aac-plan:assistants -->';

const MODELS: Record<Env, string> = { dev: 'gpt-4o-mini', staging: 'gpt-4o', prod: 'gpt-4o' };
const aacYaml = (urls: Record<Env, string>) =>
  [
    'provider: openai',
    'variables:',
    '  chat_model: { type: string }',
    'environments:',
    ...ENVS.map((e) => `  ${e}: { endpoint: "${urls[e]}", values: { chat_model: ${MODELS[e]} } }`),
    '',
  ].join('\n');
const def = (name: string, extra = '') => `model: \${var.chat_model}\nname: ${name}\n${extra}`;

let loop: Loop | undefined;
let others: RunningEmulator[] = [];
afterEach(async () => {
  await loop?.close();
  await Promise.all(others.map((e) => e.close()));
  loop = undefined;
  others = [];
});

/** A repository whose definitions are applied in every environment, each on its own emulator. */
async function appliedEnvironments(files: Record<string, string>) {
  const placeholder = 'http://placeholder.invalid/v1';
  loop = await startLoop({ 'assistants/aac.yaml': aacYaml({ dev: placeholder, staging: `${placeholder}/s`, prod: `${placeholder}/p` }), ...files });
  others = [await startEmulator({ apiKey: KEY }), await startEmulator({ apiKey: KEY })];
  const emus: Record<Env, RunningEmulator> = { dev: loop.emu, staging: others[0]!, prod: others[1]! };
  const config = aacYaml({ dev: emus.dev.url, staging: emus.staging.url, prod: emus.prod.url });
  const base = commit(loop.ws, { 'assistants/aac.yaml': config }, 'point at the APIs');
  for (const env of ENVS) {
    const applied = await runCli(['apply', '--env', env, '--yes'], { cwd: loop.ws, env: { OPENAI_API_KEY: KEY, AAC_NAMESPACE: undefined } });
    expect(applied.code, applied.stderr).toBe(0);
  }
  loop.github.contents[`${base}:assistants/aac.yaml`] = config;
  loop.github.branches.main = base;
  for (const e of Object.values(emus)) e.resetStats();
  return { base, l: loop, emus };
}

async function openPullRequest(l: Loop, base: string, files: Record<string, string | null>, inputs: Record<string, string> = {}) {
  const sha = commit(l.ws, files, 'the pull request');
  l.github.prFiles[7] = Object.keys(files).map((filename) => ({ filename }));
  const job = await actionJob(l, { command: 'plan', ...inputs }, prEvent(7, sha, sha, base));
  return { sha, job };
}

/** Each environment's section of the comment, by name: from its marker line to the next (or the end marker's). */
function sections(body: string): Record<string, string> {
  const [inside] = body.split('\n<!-- aac-env-end -->\n');
  return Object.fromEntries(
    inside!
      .split('\n<!-- aac-env:')
      .slice(1)
      .map((s) => [s.slice(0, s.indexOf(' -->')), s]),
  );
}

const applyWorkflow = parse(readFileSync(join(repoRoot, '.github/workflows/aac-apply.yml'), 'utf8')) as Record<string, any>;
/** A step of a job of aac-apply.yml, by name. */
const jobStep = (job: string, name: string) => {
  const found = (applyWorkflow.jobs[job].steps as Array<Record<string, any>>).find((s) => s.name === name);
  if (!found) throw new Error(`aac-apply.yml's ${job} job has no step '${name}'`);
  return found;
};
/** A step of aac-apply.yml that runs the Action. */
const actionStep = (job: string, name: string) => {
  const step = jobStep(job, name);
  expect(step.uses).toBe('./.aac-action');
  return step;
};
/** A step's `with:` or `env:`, its expressions resolved from `values` (one it does not know fails the test). */
function resolved(map: Record<string, unknown> | undefined, values: Record<string, Value>): Record<string, string> {
  const ctx = {
    lookup: (path: string) => (path in values ? values[path] : undefined),
    succeeded: true,
  };
  return Object.fromEntries(Object.entries(map ?? {}).map(([k, v]) => [k, interpolate(String(v), ctx)]));
}

/** aac-apply.yml's matrix step, run with the outputs of the review job's Action step that ran (`show`, or with replan `replan`). */
async function chooseEnvironments(ws: string, outputs: Record<string, string>, ran: 'show' | 'replan' = 'show'): Promise<string[]> {
  const step = jobSteps('aac-apply.yml', 'review')('Choose the environments to apply');
  const values: Record<string, Value> = { 'inputs.environment': '', 'steps.show.outputs.changes': ran === 'show' ? (outputs.changes ?? '') : '' };
  for (const id of ['show', 'replan']) {
    for (const name of ['environments', 'changed-environments']) values[`steps.${id}.outputs.${name}`] = id === ran ? (outputs[name] ?? '') : '';
  }
  const r = await new Runner(ws, (text) => text).run({ run: step.run, env: resolved(step.env, values) });
  expect(r.code, r.stdout + r.stderr).toBe(0);
  return JSON.parse(r.outputs.environments!) as string[];
}

const planCode = async (l: Loop, env: Env) =>
  (await runCli(['plan', '--env', env, '--detailed-exitcode'], { cwd: l.ws, env: { OPENAI_API_KEY: KEY, AAC_NAMESPACE: undefined } })).code;

// Each test runs aac a dozen times or more (three environments, each planned and applied).
describe('the Action with environments', WHOLE_JOBS, () => {
  it('plans every environment into one comment, and the merge applies each reviewed plan in order behind its own environment', async () => {
    const { base, l, emus } = await appliedEnvironments({
      'assistants/support.yaml': def('Support'),
      'assistants/billing.yaml': def('Billing'),
      'assistants/faq.yaml': def('FAQ'),
      'assistants/overlays/prod/faq.yaml': 'description: Production FAQ\n',
    });
    // Someone edits prod's billing in a dashboard. The pull request changes support in the base
    // (all three environments) and faq in prod's overlay (prod only).
    emus.prod.mutate(emus.prod.resources().find((a) => a.name === 'Billing')!.id as string, { name: 'Billing (edited by hand)' });
    const { sha, job } = await openPullRequest(l, base, {
      'assistants/support.yaml': def('Support Desk'),
      'assistants/overlays/prod/faq.yaml': 'description: Production FAQ, EU\n',
    });
    expect(job.result.failed, job.result.log).toBe(false);
    expect(job.result.outputs).toMatchObject({
      changes: 'true',
      environments: '["dev","staging","prod"]',
      'changed-environments': '["dev","staging","prod"]',
      update: '5',
      artifact: `aac-plan-assistants-${sha}`,
    });
    for (const e of Object.values(emus)) expect(writesTo(e)).toBe(0);

    // ONE comment: every environment's summary line first, in aac.yaml's order, then a section each.
    expect(bot(l)).toHaveLength(1);
    const body = bot(l)[0]!.body;
    const lines = body.split('\n');
    // The marker, then the digests of each environment's plan file and of what it was made from (what apply checks), then the plans.
    const digest = (env: string) => `${env}/plan-meta\\.json=[0-9a-f]{64} ${env}/plan\\.json=[0-9a-f]{64}`;
    expect(lines.slice(0, 4)).toEqual([
      MARKER,
      expect.stringMatching(new RegExp(`^<!-- aac-reviewed commit=${sha} ${digest('dev')} ${digest('prod')} ${digest('staging')} -->$`)),
      '### aac plan · `assistants`',
      '',
    ]);
    expect(lines[4]).toMatch(/^- `dev`: \*\*Plan: 0 to create, 1 to modify, 0 to delete, 2 unchanged\.\*\*$/);
    expect(lines[5]).toMatch(/^- `staging`: \*\*Plan: 0 to create, 1 to modify, 0 to delete, 2 unchanged\.\*\*$/);
    expect(lines[6]).toMatch(/^- `prod`: \*\*Plan: 0 to create, 3 to modify, 0 to delete, 0 unchanged\.\*\*$/);
    const by = sections(body);
    expect(Object.keys(by)).toEqual(['dev', 'staging', 'prod']);
    for (const env of ENVS) {
      expect(by[env]).toContain(`### Environment \`${env}\``);
      // Each section is that environment's own plan: its endpoint, and nobody else's.
      expect(by[env]).toContain(`\`${emus[env].url}\``);
      for (const other of ENVS.filter((o) => o !== env)) expect(by[env]).not.toContain(emus[other].url);
      expect(by[env]).toContain('~ <code>support</code> —');
    }
    // Only prod's section has the overlay's change (reviewed, not drift) and the drift (apart).
    const driftAt = by.prod!.indexOf('### Changed outside aac: merging reverts these');
    expect(driftAt).toBeGreaterThan(0);
    expect(by.prod!.indexOf('~ <code>faq</code> —')).toBeLessThan(driftAt);
    expect(by.prod!.indexOf('~ <code>billing</code> —')).toBeGreaterThan(driftAt);
    for (const env of ['dev', 'staging'] as const) expect(by[env]).not.toMatch(/billing|faq|Changed outside aac/);
    expect(body).toContain('Merging applies exactly these plans (without prune: orphans are kept), one environment after another in this order (those with changes)');

    // As GitHub renders it: title, the summary list, then each environment's heading and plan,
    // every fence closed (an open one would swallow the next heading), the footer last.
    const blocks = topLevel(renderGfm(body));
    expect(blocks.slice(0, 4).map((b) => b.tag)).toEqual(['!--', '!--', 'h3', 'ul']);
    expect(blocks[3]!.html.match(/<li>/g)).toHaveLength(3);
    expect(blocks.filter((b) => b.tag === 'h3' && b.html.includes('Environment')).map((b) => b.html)).toEqual(
      ENVS.map((e) => `<h3>Environment <code>${e}</code></h3>`),
    );
    expect(blocks.filter((b) => b.tag === '!--').map((b) => b.html)).toEqual([MARKER, lines[1], ...ENVS.map((e) => `<!-- aac-env:${e} -->`), '<!-- aac-env-end -->']);
    expect(blocks.at(-1)!.html).toContain('<sub>commit');

    // One artifact, a directory an environment, each plan naming its environment.
    expect(l.github.artifacts.map((a) => a.name)).toEqual([`aac-plan-assistants-${sha}`]);
    const unzipped = testDir('aac-artifact-');
    writeFileSync(join(unzipped, 'a.zip'), l.github.artifacts[0]!.zip);
    execFileSync('unzip', ['-q', join(unzipped, 'a.zip'), '-d', join(unzipped, 'x')]);
    for (const env of ENVS) {
      const plan = JSON.parse(readFileSync(join(unzipped, 'x', env, 'plan.json'), 'utf8'));
      expect(plan.target.environment).toBe(env);
      expect(JSON.parse(readFileSync(join(unzipped, 'x', env, 'plan-meta.json'), 'utf8'))).toMatchObject({ environment: env, head_sha: sha });
      // The job summary has each whole plan under its heading.
      expect(job.summary).toContain(`## Environment \`${env}\``);
    }

    // The merge: the review job shows each reviewed plan (before any approval) and writes nothing.
    merge(l, sha, sha);
    const review = await actionJob(l, { command: 'show' }, pushEvent(sha));
    expect(review.result.failed, review.result.log).toBe(false);
    for (const env of ENVS) expect(review.summary).toContain(`## Environment \`${env}\``);
    const order = await chooseEnvironments(l.ws, review.result.outputs);
    expect(order).toEqual(['dev', 'staging', 'prod']);

    // Each environment's job, in order, applies exactly its reviewed plan on its own API.
    for (const [i, env] of order.entries()) {
      const apply = await actionJob(l, { command: 'apply', environment: env }, pushEvent(sha));
      expect(apply.result.failed, apply.result.log).toBe(false);
      ENVS.forEach((e, j) => expect(writesTo(emus[e]) > 0, `${env} applied; ${e} written`).toBe(j <= i));
      expect(apply.summary).toMatch(/Apply complete: 0 created, [13] modified, 0 deleted\./);
    }
    for (const env of ENVS) {
      expect(emus[env].resources().map((a) => a.name).sort()).toEqual(['Billing', 'FAQ', 'Support Desk']);
      expect(new Set(emus[env].resources().map((a) => a.model))).toEqual(new Set([MODELS[env]]));
    }
    expect(emus.prod.resources().find((a) => a.name === 'FAQ')!.description).toBe('Production FAQ, EU');
    expect(emus.dev.resources().find((a) => a.name === 'FAQ')!.description).toBeNull();
    for (const env of ENVS) expect(await planCode(l, env)).toBe(0);

    // Each result under its own section; the plans stay; nobody was notified of a success.
    expect(bot(l)).toHaveLength(1);
    const after = bot(l)[0]!.body;
    expect(after.length).toBeLessThanOrEqual(65_536);
    const done = sections(after);
    for (const env of ENVS) {
      expect(done[env]).toContain(`#### ✅ Applied in \`${env}\` at ${sha.slice(0, 7)}`);
      expect(done[env]!.startsWith(by[env]!.trimEnd())).toBe(true);
    }
    expect(topLevel(renderGfm(after)).filter((b) => b.tag === '!--').map((b) => b.html)).toEqual([
      MARKER,
      lines[1],
      ...ENVS.flatMap((e) => [`<!-- aac-env:${e} -->`, `<!-- aac-apply:${e} -->`]),
      '<!-- aac-env-end -->',
    ]);
    expect(JSON.stringify(l.github.comments) + job.summary + review.summary).not.toContain(KEY);
  });

  it("lists each environment's warnings in its section, and annotates a warning every environment has once", async () => {
    const { base, l } = await appliedEnvironments({ 'assistants/support.yaml': def('Support') });
    const { job } = await openPullRequest(l, base, { 'assistants/support.yaml': def('Support', 'description: "${vars.tier} desk"\n') });
    expect(job.result.failed, job.result.log).toBe(false);
    const body = sections(bot(l)[0]!.body);
    for (const env of ENVS) expect(body[env]).toContain("**⚠️ 1 warning:**\n\n```text\nassistants/support.yaml:3:14: warning: '${vars.tier}' is not a variable reference");
    const annotations = job.result.steps.flatMap((s) => s.stdout.split('\n')).filter((line) => line.startsWith('::warning file='));
    expect(annotations).toHaveLength(1);
  });

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

  it("takes each environment's endpoint from the base branch, plans none it does not declare, and the pull request's values", async () => {
    const { base, emus, l } = await appliedEnvironments({ 'assistants/support.yaml': def('Support') });
    const elsewhere = await startEmulator({});
    others.push(elsewhere);
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

  it('shares the comment fairly between large plans, every summary line and every delete kept', async () => {
    const { base, l } = await appliedEnvironments({ 'assistants/legacy.yaml': def('Legacy FAQ') });
    const files: Record<string, string | null> = { 'assistants/legacy.yaml': null };
    for (let i = 0; i < 30; i++) {
      const prompt = Array.from({ length: 60 }, (_, j) => `Rule ${j} for bot ${i}: answer with care and cite the policy.`).join('\n');
      files[`assistants/bot${String(i).padStart(2, '0')}.yaml`] = `model: \${var.chat_model}\ninstructions: |\n${prompt.replace(/^/gm, '  ')}\n`;
    }
    const { job } = await openPullRequest(l, base, files, { prune: 'true' });
    expect(job.result.failed, job.result.log).toBe(false);
    const body = bot(l)[0]!.body;
    expect(body.length).toBeLessThanOrEqual(65_536);
    for (const [i, env] of ENVS.entries()) expect(body.split('\n')[4 + i]).toBe(`- \`${env}\`: **Plan: 30 to create, 0 to modify, 1 to delete, 0 unchanged.**`);
    const by = sections(body);
    for (const env of ENVS) {
      expect(by[env]).toContain('**⚠️ Applying this plan deletes 1 assistant:**');
      expect(by[env]).toMatch(/^- `legacy` — name `Legacy FAQ`, model `gpt-4o(-mini)?`, id `asst_\w+`$/m);
      expect(by[env]).toContain('not shown');
      // An equal share each (about a third of the room), none starved by the one before it.
      expect(by[env]!.length).toBeGreaterThan(15_000);
    }
    // The job summary has every plan whole.
    expect(job.summary).not.toContain('not shown');
    expect(job.summary.match(/Rule 59 for bot 29/g)).toHaveLength(3);
  });
});
