// The Action's review loop (action.test.ts): the plan applied is the reviewed one (its artifact's
// digests as the comment recorded them, from this repository's run), and only comments by the
// github-token's identity are trusted.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { testDir } from '../helpers/each-test.js';
import { READ_ONLY_TOKEN } from './fake-github.js';
import { actionJob, appliedRepo, bot, commentsBy, commit, def, KEY, liveNames, merge, openPullRequest, PLAN_MARKER, prEvent, pushEvent, runOf, storeArtifact, unzipped, WHOLE_JOBS, writesTo, type Loop } from './review-loop.js';

/** What an attacker would upload: a plan of this commit made with --prune (aac apply would accept it), zipped as the artifact holds it. */
async function prunedPlanZip(l: Loop): Promise<Buffer> {
  const dir = testDir('aac-forged-');
  const made = await runCli(['plan', '--prune', '--out', join(dir, 'plan.json')], { cwd: l.ws, env: { OPENAI_API_KEY: KEY, AAC_NAMESPACE: undefined } });
  expect(made.code, made.stderr).toBe(0);
  execFileSync('zip', ['-q', '-j', join(dir, 'a.zip'), join(dir, 'plan.json')]);
  return readFileSync(join(dir, 'a.zip'));
}

describe('the Action: the applied plan is the reviewed one (provenance)', WHOLE_JOBS, () => {
  const fork = (sha: string) => runOf({ ...prEvent(7, sha, sha, ''), 'event.pull_request.head.repo.full_name': 'mallory/bots' });

  it("passes over a fork's artifact, another branch's and an edited one of the same name, and applies the plan whose digest the comment recorded", async () => {
    const { base, loop: l } = await appliedRepo({ 'assistants/support.yaml': def('Support'), 'assistants/legacy.yaml': def('Legacy FAQ') });
    const { sha, job } = await openPullRequest(l, base, { 'assistants/support.yaml': def('Support', 'temperature: 0.5\n'), 'assistants/legacy.yaml': null });
    expect(job.result.failed, job.result.log).toBe(false);
    expect(bot(l)[0]!.body).toContain('1 orphaned assistant is not deleted');
    const forged = await prunedPlanZip(l);
    const name = `aac-plan-assistants-${sha}`;
    // Newer than the reviewed one, each: a fork's run, another branch's run, and this branch's run with an edited file.
    storeArtifact(l.github, name, forged, fork(sha));
    storeArtifact(l.github, name, forged, { ...runOf(prEvent(7, sha, sha, base)), head_branch: 'other' });
    storeArtifact(l.github, name, forged, runOf(prEvent(7, sha, sha, base)));
    merge(l, sha, sha);

    const show = await actionJob(l, { command: 'show' }, pushEvent(sha));
    expect(show.result.failed, show.result.log).toBe(false);
    expect(show.summary).not.toContain('deletes');
    const apply = await actionJob(l, { command: 'apply' }, pushEvent(sha));
    expect(apply.result.failed, apply.result.log).toBe(false);
    // The reviewed plan kept the orphan; the forged ones would have deleted it.
    expect(liveNames(l)).toEqual(['Legacy FAQ', 'Support']);
    expect(l.emu.resources().find((a) => a.name === 'Support')!.temperature).toBe(0.5);

    // With the reviewed artifact gone (expired), only the others remain: refused, nothing written.
    l.github.artifacts[0]!.expired = true;
    l.emu.resetStats();
    const again = await actionJob(l, { command: 'apply' }, pushEvent(sha));
    expect(again.result.failed).toBe(true);
    expect(again.result.outputs.refused).toMatch(new RegExp(`^no artifact ${name} of this repository's pull-request runs of ${sha.slice(0, 7)} holds the plan recorded in the comment of pull request #7 \\(sha256 plan-meta\\.json=[0-9a-f]{64} plan\\.json=[0-9a-f]{64}\\)`));
    expect(writesTo(l.emu)).toBe(0);
    expect(liveNames(l)).toEqual(['Legacy FAQ', 'Support']);
  });

  it('binds plan-meta.json as it binds plan.json: an artifact without it or with another is passed over, and a comment that records none is refused', async () => {
    const { base, loop: l } = await appliedRepo({ 'assistants/support.yaml': def('Support') });
    const { sha, job } = await openPullRequest(l, base, { 'assistants/support.yaml': def('Support', 'temperature: 0.5\n') });
    expect(job.result.failed, job.result.log).toBe(false);
    const name = `aac-plan-assistants-${sha}`;
    const reviewed = l.github.artifacts[0]!;
    // This branch's own run's artifacts, newer than the reviewed one: the reviewed plan.json with
    // no plan-meta.json, and with one that names another tree (which would fail the tree check).
    const rezip = (meta: string | null) => {
      const dir = testDir('aac-rezip-');
      writeFileSync(join(dir, 'plan.json'), unzipped(reviewed.zip, 'plan.json'));
      const files = [join(dir, 'plan.json')];
      if (meta !== null) {
        writeFileSync(join(dir, 'plan-meta.json'), meta);
        files.push(join(dir, 'plan-meta.json'));
      }
      execFileSync('zip', ['-q', '-j', join(dir, 'a.zip'), ...files]);
      return readFileSync(join(dir, 'a.zip'));
    };
    const meta = JSON.parse(unzipped(reviewed.zip, 'plan-meta.json').toString('utf8'));
    storeArtifact(l.github, name, rezip(null), runOf(prEvent(7, sha, sha, base)));
    storeArtifact(l.github, name, rezip(JSON.stringify({ ...meta, tree: '0'.repeat(40) })), runOf(prEvent(7, sha, sha, base)));
    merge(l, sha, sha);

    const apply = await actionJob(l, { command: 'apply' }, pushEvent(sha));
    expect(apply.result.failed, apply.result.log).toBe(false);
    expect(l.emu.resources()[0]!.temperature).toBe(0.5);

    // Without the reviewed artifact, neither of the others is taken.
    reviewed.expired = true;
    l.emu.resetStats();
    const rest = await actionJob(l, { command: 'show' }, pushEvent(sha));
    expect(rest.result.failed).toBe(true);
    expect(rest.result.outputs.refused).toMatch(new RegExp(`^no artifact ${name} of this repository's pull-request runs of ${sha.slice(0, 7)} holds the plan recorded`));

    // A comment that records the plan's digest alone (an earlier Action's) vouches for no plan-meta.json.
    reviewed.expired = false;
    const comment = bot(l)[0]!;
    const recorded = comment.body;
    comment.body = recorded.replace(/ plan-meta\.json=[0-9a-f]{64}/, '');
    const earlier = await actionJob(l, { command: 'show' }, pushEvent(sha));
    expect(earlier.result.failed).toBe(true);
    expect(earlier.result.outputs.refused).toBe(
      `the comment of pull request #7 records no digest of \`plan-meta.json\` for its last commit ${sha.slice(0, 7)}: it was planned by an earlier version of this Action, which recorded the plan's alone. Nothing was applied; run the apply workflow with replan to plan and apply this commit.`,
    );
    // A comment that records plan.json twice, the reviewed digest and another, vouches for no
    // artifact, not for the one that matches either, whichever comes first.
    for (const [order, words] of [['after', '$1 plan.json=0{64}'], ['before', 'plan.json=0{64} $1']] as const) {
      comment.body = recorded.replace(/(plan\.json=[0-9a-f]{64})/, words.replace('0{64}', '0'.repeat(64)));
      const twice = await actionJob(l, { command: 'show' }, pushEvent(sha));
      expect(twice.result.failed, order).toBe(true);
      expect(twice.result.outputs.refused, order).toMatch(new RegExp(`^no artifact ${name} of this repository's pull-request runs of ${sha.slice(0, 7)} holds the plan recorded in the comment of pull request #7 \\(sha256 plan-meta\\.json=[0-9a-f]{64} plan\\.json=[0-9a-f0]{64} plan\\.json=[0-9a-f]{64}\\)`));
    }
    expect(writesTo(l.emu)).toBe(0);
  });

  it("refuses a fork's plan that no run of this repository recorded, even one aac apply itself would accept", async () => {
    const { base, loop: l } = await appliedRepo({ 'assistants/support.yaml': def('Support'), 'assistants/legacy.yaml': def('Legacy FAQ') });
    // The fork's pull request: its run has no secrets and a read-only token, so no comment records a plan.
    const sha = commit(l.ws, { 'assistants/support.yaml': def('Support', 'temperature: 0.5\n'), 'assistants/legacy.yaml': null }, 'from a fork');
    const skipped = await actionJob(l, { command: 'plan', 'skip-plan': 'a fork has no secrets', 'github-token': READ_ONLY_TOKEN }, { ...prEvent(7, sha, sha, base), 'event.pull_request.head.repo.full_name': 'mallory/bots' }, {});
    expect(skipped.result.step('Plan').outcome).toBe('skipped');
    storeArtifact(l.github, `aac-plan-assistants-${sha}`, await prunedPlanZip(l), fork(sha));
    merge(l, sha, sha);
    l.emu.resetStats();
    const apply = await actionJob(l, { command: 'apply' }, pushEvent(sha));
    expect(apply.result.failed).toBe(true);
    expect(apply.result.outputs.refused).toContain(`the comment of pull request #7 records no plan of \`assistants\` for its last commit ${sha.slice(0, 7)}`);
    expect(writesTo(l.emu)).toBe(0);
    expect(liveNames(l)).toEqual(['Legacy FAQ', 'Support']);
  });

  it('refuses the plan of a pull request that changes what its own run executes (its workflows, a local action), and says so on it', async () => {
    const { base, loop: l } = await appliedRepo({ 'assistants/support.yaml': def('Support') });
    // The run that plans it runs the pull request's own workflow files: it could record any digest.
    const { sha, job } = await openPullRequest(l, base, {
      'assistants/support.yaml': def('Support', 'temperature: 0.5\n'),
      '.github/workflows/aac-plan.yml': 'name: aac plan\n',
    });
    expect(job.result.failed, job.result.log).toBe(false);
    merge(l, sha, sha);
    l.emu.resetStats();
    const refusal = (files: string) =>
      `pull request #7 changes what its own pull-request run executes (${files}): that run made the plan and recorded its digest, so neither can vouch for the other. Nothing was applied; once a maintainer has reviewed that change, run the apply workflow with replan to plan and apply this commit behind the environment's approval.`;
    const apply = await actionJob(l, { command: 'apply' }, pushEvent(sha));
    expect(apply.result.failed).toBe(true);
    expect(apply.result.outputs.refused).toBe(refusal('`.github/workflows/aac-plan.yml`'));
    expect(writesTo(l.emu)).toBe(0);
    expect(bot(l).at(-1)!.body).toContain(refusal('`.github/workflows/aac-plan.yml`'));

    // A local action counts, also when a rename takes it away, and show (before the approval) refuses as well.
    l.github.prFiles[7] = [{ filename: 'assistants/support.yaml' }, { filename: 'tools/lint.yml', previous_filename: 'tools/lint/action.yaml' }, { filename: 'action.yml' }];
    const show = await actionJob(l, { command: 'show' }, pushEvent(sha));
    expect(show.result.failed).toBe(true);
    expect(show.result.outputs.refused).toBe(refusal('`action.yml` `tools/lint/action.yaml`'));

    // The same reviewed plan, of a pull request that changes none of them, applies.
    l.github.prFiles[7] = [{ filename: 'assistants/support.yaml' }, { filename: 'docs/action.yml.md' }];
    const applied = await actionJob(l, { command: 'apply' }, pushEvent(sha));
    expect(applied.result.failed, applied.result.log).toBe(false);
    expect(l.emu.resources()[0]!.temperature).toBe(0.5);
  });
});

describe("the Action: only comments by the github-token's identity are trusted", WHOLE_JOBS, () => {
  const APP = 'my-app[bot]';
  /** The github-token input of a GitHub App's installation token, whose comments are the App's bot's. */
  const appToken = (l: Loop) => {
    l.github.logins['app-token'] = APP;
    return { 'github-token': 'app-token' };
  };

  it("with a GitHub App's token, the plan edits the App's own comment on every push and the merge applies the plan recorded there", async () => {
    const { base, loop: l } = await appliedRepo({ 'assistants/support.yaml': def('Support') });
    const token = appToken(l);
    const { job } = await openPullRequest(l, base, { 'assistants/support.yaml': def('Support', 'temperature: 0.5\n') }, token);
    expect(job.result.failed, job.result.log).toBe(false);
    expect(job.result.outputs.commenter).toBe(APP);
    expect(commentsBy(l, APP)).toHaveLength(1);

    // Another push: the same comment, edited, records the new commit's plan.
    const sha = commit(l.ws, { 'assistants/support.yaml': def('Support', 'temperature: 0.7\n') }, 'another push');
    const again = await actionJob(l, { command: 'plan', ...token }, prEvent(7, sha, sha, base));
    expect(again.result.failed, again.result.log).toBe(false);
    expect(l.github.comments).toHaveLength(1);
    expect(commentsBy(l, APP)[0]!.body.split('\n')[1]).toMatch(new RegExp(`^<!-- aac-reviewed commit=${sha} plan-meta\\.json=[0-9a-f]{64} plan\\.json=[0-9a-f]{64} -->$`));

    merge(l, sha, sha);
    const show = await actionJob(l, { command: 'show', ...token }, pushEvent(sha));
    expect(show.result.failed, show.result.log).toBe(false);
    const apply = await actionJob(l, { command: 'apply', ...token }, pushEvent(sha));
    expect(apply.result.failed, apply.result.log).toBe(false);
    expect(l.emu.resources()[0]!.temperature).toBe(0.7);
    // The result under the plan, in the App's own comment; nobody is notified.
    expect(l.github.comments).toHaveLength(1);
    expect(commentsBy(l, APP)[0]!.body).toContain(`#### ✅ Applied at ${sha.slice(0, 7)}`);
  });

  // One pull request, planned with github.token, for both: a run whose token's identity cannot be
  // read, then one with an App's token (each plans the same change; those that write nothing first).
  it("fails closed when the token's identity cannot be read, and trusts no comment by github-actions[bot] when the token is an App's: no comment is trusted, a plan recorded by another identity is not applied, nor its comment taken over, and the log says which input to fix", async () => {
    const { base, loop: l } = await appliedRepo({ 'assistants/support.yaml': def('Support') });
    // The plan job ran with github.token: its comment, with the right digest, is github-actions[bot]'s.
    const { sha, job } = await openPullRequest(l, base, { 'assistants/support.yaml': def('Support', 'temperature: 0.5\n') });
    expect(job.result.failed, job.result.log).toBe(false);
    const recorded = bot(l)[0]!.body;
    merge(l, sha, sha);
    l.emu.resetStats();
    const STEP = 'Find whose comments to trust';
    const said = /^::error title=aac::cannot tell whose pull-request comments to trust: the identity of the github-token input could not be read\. Give github-token a token GitHub accepts \(github\.token, the default; a GitHub App installation token; a personal access token\), the same identity in the plan and the apply jobs; comments by anyone else are never trusted$/m;

    // GitHub's GraphQL API fails while its REST API answers: nothing falls back to a login it cannot check.
    l.github.graphqlDown = true;
    const apply = await actionJob(l, { command: 'apply' }, pushEvent(sha));
    expect(apply.result.failed).toBe(true);
    expect(apply.result.step(STEP).outcome).toBe('failure');
    expect(apply.result.step(STEP).stdout).toMatch(said);
    expect(apply.result.step(STEP).stderr).toContain('(HTTP 502)');
    expect(apply.result.step('Find the reviewed plan').outcome).toBe('skipped');
    expect(writesTo(l.emu)).toBe(0);

    const plan = await actionJob(l, { command: 'plan' }, prEvent(7, sha, sha, base));
    expect(plan.result.failed).toBe(true);
    expect(plan.result.step(STEP).stdout).toMatch(said);
    expect(plan.result.step('Plan').outcome).toBe('skipped');
    expect(plan.result.step('Report').stdout).toContain('::error title=aac plan::the pull-request comment was not written: whose comments to trust is unknown');
    expect(l.github.comments.map((c) => c.body)).toEqual([recorded]);

    // An empty input (a secret that is not set): the same.
    l.github.graphqlDown = false;
    const unset = await actionJob(l, { command: 'show', 'github-token': '' }, pushEvent(sha));
    expect(unset.result.failed).toBe(true);
    expect(unset.result.step(STEP).stdout).toMatch(said);
    expect(unset.result.step(STEP).stderr).toContain('set the GH_TOKEN environment variable');

    // An App's token: github-actions[bot]'s comment records the right digest, but not as the App.
    const token = appToken(l);
    const byApp = await actionJob(l, { command: 'apply', ...token }, pushEvent(sha));
    expect(byApp.result.failed).toBe(true);
    expect(byApp.result.outputs.refused).toContain(`the comment of pull request #7 records no plan of \`assistants\` for its last commit ${sha.slice(0, 7)}`);
    expect(byApp.result.outputs.refused).toContain(`or it was written by another identity than this run's github-token (\`${APP}\`)`);
    expect(writesTo(l.emu)).toBe(0);
    expect(l.emu.resources()[0]!.temperature).not.toBe(0.5);
    // github-actions[bot]'s comment is left as it was; the App tells the pull request in a comment of its own.
    expect(bot(l).map((c) => c.body)).toEqual([recorded]);
    expect(commentsBy(l, APP).map((c) => c.body.split('\n')[0])).toEqual(['**aac apply · `assistants`**']);

    // A plan with the App's token writes a comment of its own too.
    const planned = await actionJob(l, { command: 'plan', ...token }, prEvent(7, sha, sha, base));
    expect(planned.result.failed, planned.result.log).toBe(false);
    expect(bot(l).map((c) => c.body)).toEqual([recorded]);
    expect(commentsBy(l, APP).filter((c) => c.body.startsWith(`${PLAN_MARKER}\n`))).toHaveLength(1);
  });
});
