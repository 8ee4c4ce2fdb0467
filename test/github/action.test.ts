// The Action's review loop end to end, its `run:` steps run as the runner runs them: the pull
// request's plan job (comment, artifact, job summary, log), then the merge's show and apply jobs,
// against the emulator as the API and a loopback GitHub. The merge applies exactly the reviewed
// plan file. The loop's pieces: review-loop.ts; the other action-*.test.ts files are its other
// cases (refusals, the merged commit, the pull request's aac.yaml and contents, the comment, which
// plan and whose comments are trusted), apart so that they run side by side.
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI } from '../helpers/child-cli.js';
import { renderGfm, topLevel } from '../helpers/gfm.js';
import { testDir } from '../helpers/each-test.js';
import { runAction } from './action-runner.js';
import { repoRoot } from './run-scripts.js';
import { actionJob, appliedRepo, bot, def, KEY, liveNames, merge, openPullRequest, PLAN_MARKER, pushEvent, unzipped, WHOLE_JOBS, writesTo } from './review-loop.js';
import { obeyed } from './obeyed.js';
import { Runner } from './workflow-runner.js';

describe('the Action: plan on the pull request, apply the reviewed plan after the merge', WHOLE_JOBS, () => {
  it('shows prune, deletes and drift in one sticky comment, keeps the plan, and the merge applies exactly it', async () => {
    const { base, loop: l } = await appliedRepo({
      'assistants/support.yaml': def('Support', 'temperature: 0.2\n'),
      'assistants/billing.yaml': def('Billing'),
      'assistants/legacy.yaml': def('Legacy FAQ'),
    });
    // Someone edits billing in a dashboard; the pull request does not touch billing.
    const billing = l.emu.resources().find((a) => a.name === 'Billing')!;
    l.emu.mutate(billing.id as string, { name: 'Billing (edited by hand)' });

    const { sha, job } = await openPullRequest(l, base, { 'assistants/support.yaml': def('Support', 'temperature: 0.5\n'), 'assistants/legacy.yaml': null }, { prune: 'true' });
    expect(job.result.failed, job.result.log).toBe(false);
    expect(job.result.outputs).toMatchObject({ changes: 'true', create: '0', update: '2', delete: '1', artifact: `aac-plan-assistants-${sha}` });
    expect(job.result.outputs['comment-url']).toMatch(/^https:\/\/github\.com\/acme\/bots\/pull\/7#issuecomment-\d+$/);

    // ONE comment: the summary line first, the delete called out, drift in its own section.
    expect(bot(l)).toHaveLength(1);
    const body = bot(l)[0]!.body;
    // The marker, then the digests of the plan file saved for the head commit and of what it was
    // made from (what apply checks), then the plan.
    const digest = (file: string) => createHash('sha256').update(unzipped(l.github.artifacts[0]!.zip, file)).digest('hex');
    expect(body.split('\n').slice(0, 5)).toEqual([
      PLAN_MARKER,
      `<!-- aac-reviewed commit=${sha} plan-meta.json=${digest('plan-meta.json')} plan.json=${digest('plan.json')} -->`,
      '### aac plan · `assistants`',
      '',
      '**Plan: 0 to create, 2 to modify, 1 to delete, 0 unchanged.**',
    ]);
    expect(body).toContain('**⚠️ Applying this plan deletes 1 assistant:**');
    expect(body).toMatch(/^- `legacy` — name `Legacy FAQ`, model `gpt-4o-mini`, id `asst_\w+`$/m);
    expect(body).toContain('Merging applies exactly this plan (with prune: orphans are deleted)');
    // As GitHub renders it: marker, title, summary, the delete called out, then the sections.
    const blocks = topLevel(renderGfm(body));
    expect(blocks.slice(0, 8).map((b) => b.tag)).toEqual(['!--', '!--', 'h3', 'p', 'p', 'p', 'p', 'ul']);
    expect(blocks[3]!.html).toBe('<p><strong>Plan: 0 to create, 2 to modify, 1 to delete, 0 unchanged.</strong></p>');
    expect(blocks[4]!.html).toContain('1 of these changes reverts edits made outside aac');
    expect(blocks[6]!.html).toBe('<p><strong>⚠️ Applying this plan deletes 1 assistant:</strong></p>');
    expect(blocks.filter((b) => b.tag === 'details')).toHaveLength(3);
    const drift = body.indexOf('### Changed outside aac: merging reverts these');
    expect(body.indexOf('~ <code>support</code> —')).toBeLessThan(drift);
    expect(body.indexOf('~ <code>billing</code> —')).toBeGreaterThan(drift);

    // The plan is kept: the artifact, the job summary, the log.
    expect(l.github.artifacts.map((a) => a.name)).toEqual([`aac-plan-assistants-${sha}`]);
    expect(job.summary).toContain('**Plan: 0 to create, 2 to modify, 1 to delete');
    expect(job.result.log).toContain('aac will perform the following actions');

    // The merge: the review job shows the plan, the apply job applies that very file.
    merge(l, sha, sha);
    const show = await actionJob(l, { command: 'show' }, pushEvent(sha));
    expect(show.result.failed, show.result.log).toBe(false);
    expect(show.summary).toContain('### aac: the plan reviewed on #7');
    expect(show.result.outputs['pull-request']).toBe('7');
    expect(show.summary).toContain('**Plan: 0 to create, 2 to modify, 1 to delete');
    expect(writesTo(l.emu)).toBe(0);

    const apply = await actionJob(l, { command: 'apply' }, pushEvent(sha));
    expect(apply.result.failed, apply.result.log).toBe(false);
    expect(liveNames(l)).toEqual(['Billing', 'Support']);
    // The two modifies and the orphan's delete, and the namespace's lock the apply held: made, then deleted.
    expect(l.emu.stats().byRoute).toMatchObject({ 'POST /assistants/{id}': 2, 'DELETE /assistants/{id}': 2 });
    expect(apply.summary).toContain('Apply complete: 0 created, 2 modified, 1 deleted.');

    // The result is written back under the plan in the same comment; nobody else is notified.
    expect(bot(l)).toHaveLength(1);
    const after = bot(l)[0]!.body;
    expect(after.startsWith(body.trimEnd())).toBe(true);
    expect(after).toContain(`#### ✅ Applied at ${sha.slice(0, 7)}`);
    expect(after).toContain('**Apply complete: 0 created, 2 modified, 1 deleted.**');
    expect(JSON.stringify(l.github.comments) + apply.result.log + apply.summary + job.summary).not.toContain(KEY);
  });

  it('shows orphans as kept when the plan does not prune, and the merge deletes nothing', async () => {
    const { base, loop: l } = await appliedRepo({ 'assistants/a.yaml': def('A'), 'assistants/old.yaml': def('Old') });
    const { sha, job } = await openPullRequest(l, base, { 'assistants/old.yaml': null });
    expect(job.result.outputs).toMatchObject({ changes: 'false', delete: '0', orphans: '1' });
    const body = bot(l)[0]!.body;
    expect(body).not.toContain('deletes');
    expect(body).toContain('1 orphaned assistant is not deleted');
    expect(body).toContain('without prune: orphans are kept');
    expect(job.result.step('Plan').stdout).toContain('::warning title=aac plan::this plan keeps 1 orphans (managed, with no definition left): it was made without prune');
    merge(l, sha, sha);
    const apply = await actionJob(l, { command: 'apply' }, pushEvent(sha));
    expect(apply.result.failed, apply.result.log).toBe(false);
    expect(liveNames(l)).toEqual(['A', 'Old']);
  });


  it('retires a directory through the review loop: its pull request removes every definition, is planned with prune and allow-empty, and the merge deletes what it managed', async () => {
    const { base, loop: l } = await appliedRepo({ 'assistants/a.yaml': def('A'), 'assistants/b.yaml': def('B') });
    // Without allow-empty the prune of a directory of no definitions is refused, as on the command line.
    const refused = await openPullRequest(l, base, { 'assistants/a.yaml': null, 'assistants/b.yaml': null }, { prune: 'true' });
    expect(refused.job.result.failed).toBe(true);
    expect(bot(l)[0]!.body).toContain('refusing --prune: assistants holds no definitions');

    const { sha, job } = await openPullRequest(l, base, {}, { prune: 'true', 'allow-empty': 'true' });
    expect(job.result.failed, job.result.log).toBe(false);
    expect(job.result.outputs).toMatchObject({ changes: 'true', create: '0', update: '0', delete: '2' });
    const body = bot(l)[0]!.body;
    expect(body).toContain('**⚠️ Applying this plan deletes 2 assistants:**');
    expect(body).toContain('Merging applies exactly this plan (with prune: orphans are deleted)');
    expect(writesTo(l.emu)).toBe(0);

    merge(l, sha, sha);
    const apply = await actionJob(l, { command: 'apply' }, pushEvent(sha));
    expect(apply.result.failed, apply.result.log).toBe(false);
    expect(liveNames(l)).toEqual([]);
    expect(apply.summary).toContain('Apply complete: 0 created, 0 modified, 2 deleted.');
  });
  it('lists the warnings in the comment with their places, and annotates each once', async () => {
    const { base, loop: l } = await appliedRepo({ 'assistants/support.yaml': def('Support') });
    // A near miss: GitHub's `${vars.x}` where aac reads `${var.x}`, sent as written (line 3, column 14).
    const { job } = await openPullRequest(l, base, { 'assistants/support.yaml': def('Support', 'description: "${vars.tier} desk"\n') });
    expect(job.result.failed, job.result.log).toBe(false);
    const body = bot(l)[0]!.body;
    expect(body).toContain('**⚠️ 1 warning:**');
    expect(body).toContain("assistants/support.yaml:3:14: warning: '${vars.tier}' is not a variable reference");
    expect(body.indexOf('⚠️ 1 warning')).toBeLessThan(body.indexOf('<details>'));
    // validate and plan both find it; the log annotates it once.
    const annotations = job.result.steps.flatMap((s) => obeyed(s.stdout)).filter((line) => line.startsWith('::warning file='));
    expect(annotations).toHaveLength(1);
    expect(annotations[0]).toContain('file=assistants/support.yaml,line=3,col=14');
  });

  it('prints plan text that looks like a workflow command without the runner obeying it, in the plan and apply logs', async () => {
    // Unchanged lines of a prompt are the diff's context: printed as they are, after blanks.
    const prompt = (first: string) => `${first}\n::error title=pwned::obeyed\n::add-mask::Support\n`;
    const withPrompt = (first: string) => `${def('Support')}instructions: |\n${prompt(first).replace(/^/gm, '  ')}`;
    const { base, loop: l } = await appliedRepo({ 'assistants/support.yaml': withPrompt('Be brief.') });
    const { sha, job } = await openPullRequest(l, base, { 'assistants/support.yaml': withPrompt('Be very brief.') });
    expect(job.result.failed, job.result.log).toBe(false);
    expect(job.result.step('Plan').stdout).toContain('::error title=pwned::obeyed');
    merge(l, sha, sha);
    const apply = await actionJob(l, { command: 'apply' }, pushEvent(sha));
    expect(apply.result.failed, apply.result.log).toBe(false);
    for (const step of [...job.result.steps, ...apply.result.steps]) {
      expect(obeyed(step.stdout).filter((c) => /pwned|add-mask/.test(c)), step.name).toEqual([]);
    }
  });
});

describe('the Action: its set-up', () => {
  // The set-up builds the whole project, without type-checking (scripts/transpile.mjs): a few
  // seconds of CPU (tsc's ~20 s took ~110 s of wall time under a load of 10 on 2 cores).
  it("builds the CLI from the Action's own checkout and puts it on PATH (no registry install of aac)", async () => {
    // A copy of the checkout the runner would have at the pinned ref; its locked dependencies are
    // already installed here (the step runs `npm ci` only when they are missing or stale).
    const copy = testDir('aac-action-');
    for (const entry of ['action.yml', 'package.json', 'package-lock.json', 'tsconfig.json', 'src', 'scripts', 'schema']) {
      cpSync(join(repoRoot, entry), join(copy, entry), { recursive: true, preserveTimestamps: true });
    }
    // Each installed package linked on its own: were the step to reinstall, it would remove only links.
    mkdirSync(join(copy, 'node_modules'));
    for (const entry of readdirSync(join(repoRoot, 'node_modules'))) {
      symlinkSync(join(repoRoot, 'node_modules', entry), join(copy, 'node_modules', entry));
    }
    const ws = testDir('aac-ws-');
    const runner = new Runner(ws, (text) => text);
    try {
      const result = await runAction({
        runner,
        inputs: { command: 'nope' },
        github: { event_name: 'push', sha: 'x', token: 't', 'event.pull_request.number': '', 'event.pull_request.head.sha': '' },
        actionPath: copy,
      });
      // An unknown command stops at the first step.
      expect(result.failed).toBe(true);
      expect(result.steps[0]!.stdout).toContain("::error title=aac::unknown command 'nope': use plan, show or apply");

      // The definitions directory is there (aac environments refuses one that is not); the plan file is not.
      mkdirSync(join(ws, 'assistants'));
      const built = await runAction({
        runner,
        inputs: { command: 'show', 'plan-file': join(ws, 'missing.json') },
        github: { event_name: 'push', sha: 'x', ref_name: 'main', ref_type: 'tag', repository: 'acme/bots', server_url: 'https://github.com', run_id: '1', token: 't', 'event.pull_request.number': '', 'event.pull_request.head.sha': '' },
        actionPath: copy,
      });
      const setup = built.step('Set up aac');
      expect(setup.outcome, setup.stdout + setup.stderr).toBe('success');
      // The locked dependencies were there already: nothing was installed.
      expect(setup.stdout + setup.stderr).not.toMatch(/added \d+ packages/);
      expect(existsSync(join(copy, relative(repoRoot, CLI)))).toBe(true);
      // Compiled without type-checking: tsc would have written its source maps beside its output.
      expect(existsSync(join(copy, 'dist', 'cli.js'))).toBe(true);
      expect(existsSync(join(copy, 'dist', 'cli.js.map'))).toBe(false);
      expect(setup.stdout).toMatch(new RegExp(`^aac \\d+\\.\\d+\\.\\d+ from ${copy}$`, 'm'));
      // Later steps find the CLI of that copy on PATH.
      expect(built.step('Find the reviewed plan').stdout).toContain('::error title=aac::the plan file');
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  }, WHOLE_JOBS.timeout);
});
