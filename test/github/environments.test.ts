// The review loop with environments (issue 20), the Action's and aac-apply.yml's `run:` steps run as
// the runner runs them: one definition set, three environments on three emulators. The pull
// request's plan job plans every environment into ONE comment (a section each, every summary line
// first, the room shared) and one artifact (a directory each); after the merge, the review job
// shows each, the matrix step lists those to apply, and each environment's apply job applies its
// own reviewed plan, in order, writing its result under its own section. Each test runs aac a dozen
// times or more (three environments, each planned and applied). The loop's pieces:
// environments-loop.ts; the other environments-*.test.ts files are its other cases, apart so that
// they run side by side.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderGfm, topLevel } from '../helpers/gfm.js';
import { testDir } from '../helpers/each-test.js';
import { actionJob, bot, KEY, merge, openPullRequest, PLAN_MARKER, pushEvent, WHOLE_JOBS, writesTo } from './review-loop.js';
import { appliedEnvironments, chooseEnvironments, def, ENVS, MODELS, planCode, sections } from './environments-loop.js';

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
      PLAN_MARKER,
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
    expect(blocks.filter((b) => b.tag === '!--').map((b) => b.html)).toEqual([PLAN_MARKER, lines[1], ...ENVS.map((e) => `<!-- aac-env:${e} -->`), '<!-- aac-env-end -->']);
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
      PLAN_MARKER,
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
