// The Action's review loop (action.test.ts): a reviewed plan made stale after the review is
// refused and nothing written; any refusal's or failure's message reaches the pull request, and a
// re-run of a success keeps the success.
import { describe, expect, it } from 'vitest';
import { actionJob, appliedRepo, bot, commit, def, KEY, merge, openPullRequest, pushEvent, WHOLE_JOBS, writesTo } from './review-loop.js';

describe('the Action: refusals said on the pull request', WHOLE_JOBS, () => {
  it('refuses a plan made stale after the review (live drift), writes nothing, and says so on the pull request', async () => {
    const { base, loop: l } = await appliedRepo({ 'assistants/support.yaml': def('Support') });
    const { sha } = await openPullRequest(l, base, { 'assistants/support.yaml': def('Support', 'temperature: 0.5\n') }, { prune: 'true' });
    const support = l.emu.resources()[0]!;
    l.emu.mutate(support.id as string, { temperature: 1.7 });
    merge(l, sha, sha);
    l.emu.resetStats();

    const apply = await actionJob(l, { command: 'apply' }, pushEvent(sha));
    expect(apply.result.failed).toBe(true);
    expect(apply.result.outputs.refused).toMatch(/^the reviewed plan is stale, so nothing was applied: the assistant 'support' \(asst_\w+\) changed since the plan was made/);
    // Only the lock it held while it checked: made, then deleted.
    expect(l.emu.stats().byRoute).toMatchObject({ 'POST /assistants': 1, 'DELETE /assistants/{id}': 1 });
    expect(writesTo(l.emu)).toBe(2);
    // The sticky comment says it, and a new comment notifies.
    const [sticky, news] = bot(l);
    expect(sticky!.body).toContain(`#### ⛔ Not applied at ${sha.slice(0, 7)}`);
    expect(news!.body).toMatch(/^\*\*aac apply · `assistants`\*\*\n\n#### ⛔ Not applied/);
    // A plan made with prune: the way out must prune too, or the reviewed deletes are silently dropped.
    expect(news!.body).toContain('Run the apply workflow with replan and prune (the reviewed plan deletes orphans; without prune a new plan keeps them)');
  });

  it("shows any refusal's or failure's message on the pull request, a re-run of a success keeps the success, and one once the branch has moved on is refused", async () => {
    const { base, loop: l } = await appliedRepo({ 'assistants/support.yaml': def('Support') });
    const { sha } = await openPullRequest(l, base, { 'assistants/support.yaml': def('Support', 'temperature: 0.5\n') });
    merge(l, sha, sha);
    const news = () => bot(l).slice(1).map((c) => c.body);

    // Refused for another reason than staleness: its code, its sentence and its hint reach the pull request.
    const other = await actionJob(l, { command: 'apply' }, pushEvent(sha), { OPENAI_API_KEY: KEY, AAC_NAMESPACE: 'elsewhere' });
    expect(other.result.failed).toBe(true);
    expect(other.result.step('Apply').outputs.refusal).toBe('plan-other-namespace');
    expect(other.result.outputs.refused).toMatch(/^aac refused the reviewed plan \(`plan-other-namespace`\): the saved plan \S+ was made for another namespace, so nothing was applied:$/);
    expect(news().at(-1)).toContain('#### ⛔ Not applied at');
    expect(news().at(-1)).toContain("  - the plan was made for the namespace 'assistants', but this run's namespace is 'elsewhere'");
    // The plan's namespace was the directory's own (its path, by default): the way out is to drop the variable, not to type it over.
    expect(news().at(-1)).toContain("it was made in 'assistants', the namespace the directory's path gave by default; this run's 'elsewhere' comes from AAC_NAMESPACE: to apply it in its own, unset AAC_NAMESPACE and run");

    // A failure at the host (the key refused, which is the configuration's): what failed, not an empty body.
    const refusedKey = await actionJob(l, { command: 'apply' }, pushEvent(sha), { OPENAI_API_KEY: 'sk-wrong-1111111111111111' });
    expect(refusedKey.result.failed).toBe(true);
    expect(news().at(-1)).toContain('#### ❌ Apply failed at');
    expect(news().at(-1)).toContain('**❌ Failed (`config-error`)**');
    expect(news().at(-1)).toMatch(/Error: .*401/);

    const applied = await actionJob(l, { command: 'apply' }, pushEvent(sha));
    expect(applied.result.failed, applied.result.log).toBe(false);
    const success = bot(l)[0]!.body;
    expect(success).toContain(`#### ✅ Applied at ${sha.slice(0, 7)}`);
    const told = bot(l).length;

    // The job run again: the plan is found applied already; the success stays, nobody is notified, the job is green.
    const rerun = await actionJob(l, { command: 'apply' }, pushEvent(sha));
    expect(rerun.result.failed, rerun.result.log).toBe(false);
    expect(rerun.result.step('Apply').outputs['already-applied']).toBe('true');
    expect(rerun.result.outputs.refused).toBe('');
    expect(bot(l)[0]!.body).toBe(success);
    expect(bot(l)).toHaveLength(told);
    expect(JSON.stringify(l.github.comments)).not.toContain(KEY);

    // A re-run of that old apply once the branch has moved on: refused, nothing written.
    l.github.branches.main = commit(l.ws, { 'assistants/support.yaml': def('Support', 'temperature: 0.9\n') }, 'newer');
    l.emu.resetStats();
    const old = await actionJob(l, { command: 'apply' }, pushEvent(sha));
    expect(old.result.failed).toBe(true);
    expect(old.result.outputs.refused).toMatch(/^the branch main has moved on to [0-9a-f]{7} since commit [0-9a-f]{7}, and the commits since change `assistants`: /);
    expect(writesTo(l.emu)).toBe(0);
  });
});
