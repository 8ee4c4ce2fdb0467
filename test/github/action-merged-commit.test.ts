// The Action's review loop (action.test.ts): the commit the merge applies at. The reviewed plan is
// applied once the branch has moved on with commits that leave the definitions alone, and refused
// when another merge changed them, when the history was rewritten, and when no pull request merged
// the commit (replan plans it afresh).
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { testDir } from '../helpers/each-test.js';
import { actionJob, appliedRepo, bot, commit, def, git, merge, openPullRequest, pushEvent, WHOLE_JOBS, writesTo } from './review-loop.js';

describe('the Action: the merged commit', WHOLE_JOBS, () => {
  it('applies the reviewed plan once the branch has moved on with commits that leave the definitions directory alone, which start no apply of their own; a rewritten history is refused', async () => {
    const { base, loop: l } = await appliedRepo({ 'assistants/support.yaml': def('Support') });
    const { sha } = await openPullRequest(l, base, { 'assistants/support.yaml': def('Support', 'temperature: 0.5\n') });
    merge(l, sha, sha);
    // While the apply waits for its approval, another pull request merges a change elsewhere.
    l.github.branches.main = commit(l.ws, { 'docs/guide.md': 'how we work\n' }, 'unrelated');
    const show = await actionJob(l, { command: 'show' }, pushEvent(sha));
    expect(show.result.failed, show.result.log).toBe(false);
    const apply = await actionJob(l, { command: 'apply' }, pushEvent(sha));
    expect(apply.result.failed, apply.result.log).toBe(false);
    expect(apply.result.log).toContain('but no commit since changes `assistants`: the reviewed plan is still the one to apply');
    expect(l.emu.resources()[0]!.temperature).toBe(0.5);

    // A branch whose history was rewritten since (force-pushed): what changed cannot be told, so nothing is applied.
    const { sha: second } = await openPullRequest(l, base, { 'assistants/support.yaml': def('Support', 'temperature: 0.7\n') });
    merge(l, second, second);
    git(l.ws, 'checkout', '-q', '--detach', sha);
    l.github.branches.main = commit(l.ws, { 'docs/guide.md': 'rewritten\n' }, 'force-pushed');
    l.emu.resetStats();
    const rewritten = await actionJob(l, { command: 'apply' }, pushEvent(second));
    expect(rewritten.result.failed).toBe(true);
    expect(rewritten.result.outputs.refused).toMatch(/^the branch main has moved on to [0-9a-f]{7} since commit [0-9a-f]{7}, and whether the commits since change `assistants` cannot be told/);
    expect(writesTo(l.emu)).toBe(0);
  });

  it('refuses when another merge changed the definitions between the review and this merge', async () => {
    const { base, loop: l } = await appliedRepo({ 'assistants/support.yaml': def('Support'), 'assistants/billing.yaml': def('Billing') });
    const { sha: reviewed } = await openPullRequest(l, base, { 'assistants/support.yaml': def('Support', 'temperature: 0.5\n') });
    // Another pull request lands first; this one is merged on top of it without a new plan.
    const merged = commit(l.ws, { 'assistants/billing.yaml': def('Billing', 'temperature: 0.9\n') }, 'another merge');
    merge(l, merged, reviewed);
    l.emu.resetStats();

    const show = await actionJob(l, { command: 'show' }, pushEvent(merged));
    expect(show.result.failed).toBe(true);
    expect(show.result.outputs.refused).toContain(`the merged commit ${merged.slice(0, 7)} is not the reviewed one: \`assistants\` differs from the commit ${reviewed.slice(0, 7)}`);
    const apply = await actionJob(l, { command: 'apply' }, pushEvent(merged));
    expect(apply.result.failed).toBe(true);
    expect(writesTo(l.emu)).toBe(0);
    expect(bot(l).at(-1)!.body).toContain('is not the reviewed one');
  });

  it('refuses a commit that no pull request merged (a direct push), and replan plans it afresh and applies exactly that plan file (as aac-apply.yml\'s replan and apply jobs do)', async () => {
    const { loop: l } = await appliedRepo({ 'assistants/support.yaml': def('Support') });
    const sha = commit(l.ws, { 'assistants/support.yaml': def('Support', 'temperature: 0.5\n') }, 'direct push');
    l.github.branches.main = sha;
    // There is no reviewed plan to apply.
    const refused = await actionJob(l, { command: 'apply' }, pushEvent(sha));
    expect(refused.result.failed).toBe(true);
    expect(refused.result.outputs.refused).toContain('was not merged from a pull request, so there is no reviewed plan to apply');
    expect(writesTo(l.emu)).toBe(0);

    const planned = await actionJob(l, { command: 'plan', comment: 'false' }, { ...pushEvent(sha), event_name: 'workflow_dispatch' });
    expect(planned.result.failed, planned.result.log).toBe(false);
    expect(planned.result.outputs.artifact).toBe(`aac-plan-assistants-${sha}`);
    expect(writesTo(l.emu)).toBe(0);
    // The apply job downloads this run's artifact (actions/download-artifact) and applies that file.
    const dir = testDir('aac-replan-');
    writeFileSync(join(dir, 'plan.zip'), l.github.artifacts[0]!.zip);
    execFileSync('unzip', ['-q', join(dir, 'plan.zip'), '-d', dir]);
    const apply = await actionJob(l, { command: 'apply', 'plan-file': join(dir, 'plan.json') }, { ...pushEvent(sha), event_name: 'workflow_dispatch' });
    expect(apply.result.failed, apply.result.log).toBe(false);
    expect(l.emu.stats().byRoute).toMatchObject({ 'POST /assistants/{id}': 1 });
    expect(l.emu.resources()[0]!.temperature).toBe(0.5);
    // No pull request: nothing to comment on.
    expect(l.github.comments).toEqual([]);
  });
});
