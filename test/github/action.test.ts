// The Action's review loop end to end, its `run:` steps run as the runner runs them: the pull
// request's plan job (comment, artifact, job summary, log), then the merge's show and apply jobs,
// against the emulator as the API and a loopback GitHub. The merge applies exactly the reviewed
// plan file, and refuses (saying so on the pull request) when it is stale, when the merged commit
// is not the reviewed one, and when the branch has moved on.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator } from '../../src/emulator/index.js';
import { CLI } from '../helpers/child-cli.js';
import { runCli } from '../helpers/cli.js';
import { renderGfm, topLevel } from '../helpers/gfm.js';
import { testDir } from '../helpers/each-test.js';
import { actionMetadata, runAction } from './action-runner.js';
import { repoRoot } from './run-scripts.js';
import { ACTIONS_BOT, READ_ONLY_TOKEN } from './fake-github.js';
import { actionJob, bot, commentsBy, commit, git, KEY, merge, prEvent, pushEvent, runOf, startLoop, storeArtifact, WHOLE_JOBS, writesTo, type Loop } from './review-loop.js';
import { obeyed } from './obeyed.js';
import { Runner } from './workflow-runner.js';

const MARKER = '<!-- aac-plan:assistants -->';

/** One file of a zip archive (an artifact), as bytes. */
function unzipped(zip: Buffer, path: string): Buffer {
  const file = join(testDir('aac-zip-'), 'a.zip');
  writeFileSync(file, zip);
  return execFileSync('unzip', ['-p', file, path]);
}
const def = (name: string, extra = '') => `model: gpt-4o-mini\nname: ${name}\n${extra}`;

let loop: Loop | undefined;
afterEach(async () => {
  await loop?.close();
  loop = undefined;
});

/** A repository whose definitions are applied, with aac.yaml pointing at the emulator. */
async function appliedRepo(files: Record<string, string>) {
  const placeholder = 'http://placeholder.invalid/v1';
  loop = await startLoop({ 'assistants/aac.yaml': `endpoint: ${placeholder}\n`, ...files });
  const config = `endpoint: ${loop.emu.url}\n`;
  const base = commit(loop.ws, { 'assistants/aac.yaml': config }, 'point at the API');
  // No AAC_NAMESPACE: the default namespace the Action's runs derive from the checkout.
  const applied = await runCli(['apply', '--yes'], { cwd: loop.ws, env: { OPENAI_API_KEY: KEY, AAC_NAMESPACE: undefined } });
  expect(applied.code, applied.stderr).toBe(0);
  loop.github.contents[`${base}:assistants/aac.yaml`] = config;
  loop.github.branches.main = base;
  loop.emu.resetStats();
  return { base, loop };
}

/** The pull request's change as a commit, and the plan job on it. */
async function openPullRequest(l: Loop, base: string, files: Record<string, string | null>, inputs: Record<string, string> = {}) {
  const sha = commit(l.ws, files, 'the pull request');
  l.github.prFiles[7] = Object.keys(files).map((filename) => ({ filename }));
  const job = await actionJob(l, { command: 'plan', ...inputs }, prEvent(7, sha, sha, base));
  return { sha, job };
}


const names = (l: Loop) => l.emu.resources().map((a) => `${a.name}`).sort();
const writes = (l: Loop) => writesTo(l.emu);

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
      MARKER,
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
    expect(writes(l)).toBe(0);

    const apply = await actionJob(l, { command: 'apply' }, pushEvent(sha));
    expect(apply.result.failed, apply.result.log).toBe(false);
    expect(names(l)).toEqual(['Billing', 'Support']);
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
    expect(names(l)).toEqual(['A', 'Old']);
  });


  it("a migration's new directory: its first pull request is not planned where its new aac.yaml says, and the comment says so beside what validation found; once that aac.yaml is merged, the definitions are planned and applied on the new provider", async () => {
    const placeholder = 'http://placeholder.invalid/v1';
    loop = await startLoop({ 'assistants/aac.yaml': `namespace: team\nendpoint: ${placeholder}\n`, 'assistants/bot.yaml': def('Bot') });
    const l = loop;
    const agents = await startEmulator({ provider: 'openai-agents', apiKey: KEY });
    try {
      const config = `namespace: team\nendpoint: ${l.emu.url}\n`;
      const base = commit(l.ws, { 'assistants/aac.yaml': config }, 'point at the API');
      l.github.contents[`${base}:assistants/aac.yaml`] = config;
      l.github.branches.main = base;
      const cli = (argv: string[]) => runCli(argv, { cwd: l.ws, env: { OPENAI_API_KEY: KEY, AAC_NAMESPACE: undefined } });
      expect((await cli(['apply', '--yes'])).code).toBe(0);
      const migrated = await cli(['migrate', '--to', 'openai-agents', '--dir', 'assistants', '--out', 'agents']);
      expect(migrated.code, migrated.stderr).toBe(0);
      const agentsConfig = `${readFileSync(join(l.ws, 'agents/aac.yaml'), 'utf8')}endpoint: ${agents.url}\n`;
      const bot = readFileSync(join(l.ws, 'agents/bot.yaml'), 'utf8');

      // One pull request with both: its aac.yaml is new, so its provider and endpoint are not taken.
      const both = await openPullRequest(l, base, { 'agents/aac.yaml': agentsConfig, 'agents/bot.yaml': bot }, { dir: 'agents' });
      expect(both.job.result.failed).toBe(true);
      const refused = commentsBy(l, ACTIONS_BOT).find((c) => c.body.startsWith('<!-- aac-plan:agents -->'))!.body;
      expect(refused).toContain('#### ❌ `aac validate` found problems in `agents`');
      expect(refused).toContain("> `agents/aac.yaml` is new in this pull request: the base branch has none, so where its plan sends the key cannot be taken from it, and none of the pull request's choices is planned (`provider`; `endpoint`).");
      expect(refused).toContain('Merge `agents/aac.yaml` first, in a pull request of its own');
      // A directory the base branch does not have owns nothing yet: its first namespace moves nothing.
      expect(refused).not.toContain('[!CAUTION]');
      expect(agents.stats().total).toBe(0);

      // As the note says: the aac.yaml merged first, then the definitions' pull request. (The job
      // wrote the aac.yaml it planned with into this checkout; a runner's next job checks out anew.)
      git(l.ws, 'checkout', '--', '.');
      const withConfig = commit(l.ws, { 'agents/bot.yaml': null }, 'agents/aac.yaml alone');
      l.github.contents[`${withConfig}:agents/aac.yaml`] = agentsConfig;
      l.github.branches.main = withConfig;
      const { sha, job } = await openPullRequest(l, withConfig, { 'agents/bot.yaml': bot }, { dir: 'agents' });
      expect(job.result.failed, job.result.log).toBe(false);
      expect(job.result.outputs).toMatchObject({ changes: 'true', create: '1' });
      const planned = commentsBy(l, ACTIONS_BOT).find((c) => c.body.startsWith('<!-- aac-plan:agents -->'))!.body;
      expect(planned).toContain(`Target: namespace \`team\`, \`openai-agents\` at \`${agents.url}\``);
      expect(planned).not.toContain('[!NOTE]');
      merge(l, sha, sha);
      const apply = await actionJob(l, { command: 'apply', dir: 'agents' }, pushEvent(sha));
      expect(apply.result.failed, apply.result.log).toBe(false);
      expect(agents.resources().map((a) => a.name)).toEqual(['Bot']);
    } finally {
      await agents.close();
    }
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
    expect(writes(l)).toBe(0);

    merge(l, sha, sha);
    const apply = await actionJob(l, { command: 'apply' }, pushEvent(sha));
    expect(apply.result.failed, apply.result.log).toBe(false);
    expect(names(l)).toEqual([]);
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
    expect(writes(l)).toBe(2);
    // The sticky comment says it, and a new comment notifies.
    const [sticky, news] = bot(l);
    expect(sticky!.body).toContain(`#### ⛔ Not applied at ${sha.slice(0, 7)}`);
    expect(news!.body).toMatch(/^\*\*aac apply · `assistants`\*\*\n\n#### ⛔ Not applied/);
    // A plan made with prune: the way out must prune too, or the reviewed deletes are silently dropped.
    expect(news!.body).toContain('Run the apply workflow with replan and prune (the reviewed plan deletes orphans; without prune a new plan keeps them)');
  });

  it('keeps the whole plan when live text or other text in the comment poses as its markers, and writes the result after it', async () => {
    const { base, loop: l } = await appliedRepo({ 'assistants/support.yaml': def('Support') });
    // Anyone who can edit an assistant on the host can put this in the plan.
    const posing = 'hi <!-- aac-apply --> and <!-- aac-env:prod --> and <!-- aac-env-end --> </details> ````';
    l.emu.mutate(l.emu.resources()[0]!.id as string, { description: posing });
    const { sha, job } = await openPullRequest(l, base, { 'assistants/support.yaml': def('Support', 'temperature: 0.5\n') });
    expect(job.result.failed, job.result.log).toBe(false);
    const planned = bot(l)[0]!;
    // Shown, escaped: no HTML comment opens but the Action's own markers, each a line of its own.
    expect(planned.body).toContain('hi \\u003c!-- aac-apply --> and \\u003c!-- aac-env:prod -->');
    expect(planned.body.split('\n').filter((line) => line.includes('<!--'))).toEqual([MARKER, expect.stringMatching(/^<!-- aac-reviewed commit=/)]);
    // And inside a line, as text aac did not write could put it: only a marker's own line counts.
    planned.body = planned.body.replace('### aac plan', 'text <!-- aac-apply --> and <!-- aac-env:prod --> and <!-- aac-env-end -->\n\n### aac plan');
    const reviewed = planned.body;

    merge(l, sha, sha);
    const apply = await actionJob(l, { command: 'apply' }, pushEvent(sha));
    expect(apply.result.failed, apply.result.log).toBe(false);
    const after = bot(l)[0]!.body;
    expect(after.startsWith(reviewed.trimEnd())).toBe(true);
    expect(after.slice(reviewed.trimEnd().length)).toMatch(new RegExp(`^\\n+<!-- aac-apply -->\\n---\\n#### ✅ Applied at ${sha.slice(0, 7)}`));
    // As GitHub renders it: the result is not inside a code block.
    expect(topLevel(renderGfm(after)).map((b) => b.tag)).toContain('h4');
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
    expect(writes(l)).toBe(0);
  });

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
    expect(writes(l)).toBe(0);
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
    expect(writes(l)).toBe(0);
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
    expect(writes(l)).toBe(0);

    const planned = await actionJob(l, { command: 'plan', comment: 'false' }, { ...pushEvent(sha), event_name: 'workflow_dispatch' });
    expect(planned.result.failed, planned.result.log).toBe(false);
    expect(planned.result.outputs.artifact).toBe(`aac-plan-assistants-${sha}`);
    expect(writes(l)).toBe(0);
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

  it("plans with the base branch's provider and endpoint (a pull request cannot send the key elsewhere) and the rest of the pull request's aac.yaml", async () => {
    const { base, loop: l } = await appliedRepo({ 'assistants/support.yaml': def('Support') });
    const elsewhere = await startEmulator({});
    try {
      const { job } = await openPullRequest(l, base, {
        'assistants/aac.yaml': `# where it goes\nprovider: zerobot\nendpoint: ${elsewhere.url}\nnamespace: renamed\n`,
        'assistants/support.yaml': def('Support', 'temperature: 0.5\n'),
      });
      expect(job.result.failed, job.result.log).toBe(false);
      expect(elsewhere.stats().total).toBe(0);
      const body = bot(l)[0]!.body;
      // The pull request's namespace, the base's provider and endpoint.
      expect(body).toContain(`Target: namespace \`renamed\`, \`openai\` at \`${l.emu.url}\``);
      expect(body).toContain('This pull request changes where `assistants/aac.yaml` sends the key (`provider`; `endpoint`): the plan takes the provider and endpoint');
      expect(body).toContain("The rest of its `aac.yaml` (namespace, variables, options …) is the pull request's.");

      // The same file with only its namespace changed: planned as it is, with no note.
      const own = commit(l.ws, { 'assistants/aac.yaml': `endpoint: ${l.emu.url}\nnamespace: renamed\n` }, 'only the namespace');
      const plain = await actionJob(l, { command: 'plan' }, prEvent(7, own, own, base));
      expect(plain.result.failed, plain.result.log).toBe(false);
      expect(bot(l)[0]!.body).toContain('Target: namespace `renamed`');
      expect(bot(l)[0]!.body).not.toContain('sends the key');

      // The same through a symlink: the base's config replaces the link and never writes through it.
      writeFileSync(join(l.ws, 'outside.yaml'), `endpoint: ${elsewhere.url}\n`);
      rmSync(join(l.ws, 'assistants', 'aac.yaml'));
      symlinkSync('../outside.yaml', join(l.ws, 'assistants', 'aac.yaml'));
      git(l.ws, 'add', '-A');
      const linked = commit(l.ws, {}, 'a symlinked aac.yaml');
      const again = await actionJob(l, { command: 'plan' }, prEvent(7, linked, linked, base));
      expect(again.result.failed, again.result.log).toBe(false);
      expect(elsewhere.stats().total).toBe(0);
      expect(readFileSync(join(l.ws, 'outside.yaml'), 'utf8')).toBe(`endpoint: ${elsewhere.url}\n`);
    } finally {
      await elsewhere.close();
    }
  });

  it('says at the top of the comment, before the plan, when the pull request changes the namespace: the live assistants stop being the directory\'s and its definitions are created anew', async () => {
    const { base, loop: l } = await appliedRepo({ 'assistants/support.yaml': def('Support') });
    const { job } = await openPullRequest(l, base, { 'assistants/aac.yaml': `endpoint: ${l.emu.url}\nnamespace: renamed\n` });
    expect(job.result.failed, job.result.log).toBe(false);
    expect(job.result.outputs).toMatchObject({ create: '1', update: '0' });
    const body = bot(l)[0]!.body;
    const caution = '> This pull request changes the namespace of `assistants` (`assistants` → `renamed`): the namespace decides which live assistants the directory owns, so once this is merged, those of the old namespace are no longer its own.';
    expect(body.split('\n').slice(2, 6)).toEqual(['### aac plan · `assistants`', '', '> [!CAUTION]', expect.stringContaining(caution)]);
    expect(body).toContain('and each definition that the new namespace does not hold yet is created anew. To take them over instead, plan and apply with `aac plan --adopt-namespace OLD`');
    expect(body.indexOf('[!CAUTION]')).toBeLessThan(body.indexOf('**Plan: 1 to create'));
    expect(job.result.log).toContain('::warning title=aac plan::this pull request changes the namespace of assistants (assistants → renamed): once merged');

    // The namespace as the base branch has it, the rest of aac.yaml changed: no caution.
    const same = await openPullRequest(l, base, { 'assistants/aac.yaml': `# the same namespace, written out\nendpoint: ${l.emu.url}\nnamespace: assistants\n` });
    expect(same.job.result.failed, same.job.result.log).toBe(false);
    expect(bot(l)[0]!.body).not.toContain('[!CAUTION]');

    // A directory that had no aac.yaml (the default namespace, its path) and gets one that names another.
    rmSync(join(l.ws, 'assistants', 'aac.yaml'));
    const bare = commit(l.ws, { 'assistants/aac.yaml': null }, 'no aac.yaml on the base');
    delete l.github.contents[`${base}:assistants/aac.yaml`];
    l.github.contents[`${bare}:assistants/support.yaml`] = def('Support');
    const sets = await openPullRequest(l, bare, { 'assistants/aac.yaml': 'namespace: team-a\n' }, { endpoint: l.emu.url });
    expect(sets.job.result.failed, sets.job.result.log).toBe(false);
    expect(bot(l)[0]!.body).toContain('> This pull request changes the namespace of `assistants` (`assistants` → `team-a`)');
    expect(sets.job.result.log).toContain('changes the namespace of assistants (assistants → team-a)');
  });

  it('refuses a pull request whose definitions directory is a symbolic link out of the checkout: nothing there is read or written, and the comment says why', async () => {
    const { base, loop: l } = await appliedRepo({ 'assistants/support.yaml': def('Support') });
    // A directory of the runner's, outside the checkout, that happens to hold an aac.yaml.
    const outside = testDir('aac-outside-');
    writeFileSync(join(outside, 'aac.yaml'), 'namespace: the-runners-own\n');
    rmSync(join(l.ws, 'assistants'), { recursive: true });
    symlinkSync(outside, join(l.ws, 'assistants'));
    git(l.ws, 'add', '-A');
    const linked = commit(l.ws, {}, 'the definitions directory, linked away');
    l.github.prFiles[7] = [{ filename: 'assistants' }];
    const job = await actionJob(l, { command: 'plan' }, prEvent(7, linked, linked, base));
    expect(job.result.failed).toBe(true);
    expect(job.result.step('Plan').outcome).toBe('skipped');
    expect(readdirSync(outside)).toEqual(['aac.yaml']);
    expect(readFileSync(join(outside, 'aac.yaml'), 'utf8')).toBe('namespace: the-runners-own\n');
    expect(job.result.log).toContain('::error title=aac plan::not planned: the definitions directory assistants leads out of the checkout');
    const body = bot(l)[0]!.body;
    expect(body).toContain('#### ⛔ aac plan for `assistants` was refused');
    expect(body).toContain('`assistants` is, or lies below, a symbolic link that leads out of the checkout');
    expect(body).not.toContain(outside);

    // A link that stays inside the checkout is planned as its target.
    rmSync(join(l.ws, 'assistants'));
    mkdirSync(join(l.ws, 'defs2'));
    writeFileSync(join(l.ws, 'defs2', 'aac.yaml'), `endpoint: ${l.emu.url}\nnamespace: assistants\n`);
    writeFileSync(join(l.ws, 'defs2', 'support.yaml'), def('Support'));
    symlinkSync('defs2', join(l.ws, 'assistants'));
    git(l.ws, 'add', '-A');
    const inside = commit(l.ws, {}, 'the definitions directory, linked within');
    const ok = await actionJob(l, { command: 'plan' }, prEvent(7, inside, inside, base));
    expect(ok.result.failed, ok.result.log).toBe(false);
    expect(bot(l)[0]!.body, bot(l)[0]!.body).toContain('**No changes.**');
  });

  it("refuses a pull request whose aac.yaml aac still reads as sending the key elsewhere (a YAML merge key, at the top level or in an environment): nothing is planned, no request reaches that endpoint, and the comment says why", async () => {
    const elsewhere = await startEmulator({});
    try {
      loop = await startLoop({ 'assistants/aac.yaml': 'namespace: bots\n', 'assistants/support.yaml': def('Support') });
      const l = loop;
      /** The base branch's commit with this aac.yaml, as the API serves it at that commit. */
      const baseWith = (config: string) => {
        const sha = commit(l.ws, { 'assistants/aac.yaml': config }, 'the base');
        l.github.contents[`${sha}:assistants/aac.yaml`] = config;
        return sha;
      };
      // The base writes no endpoint (the provider's default, the common case): there is nothing to write over the merge.
      const top = await openPullRequest(l, baseWith('namespace: bots\n'), { 'assistants/aac.yaml': `namespace: bots\n<<: { endpoint: "${elsewhere.url}" }\n` });
      const inEnv = await openPullRequest(l, baseWith('environments:\n  dev: { namespace: bots-dev }\n'), {
        'assistants/aac.yaml': `environments:\n  dev: { <<: &evil { endpoint: "${elsewhere.url}" }, namespace: bots-dev }\n`,
      });
      for (const [job, field] of [[top.job, 'endpoint'], [inEnv.job, 'environments.dev.endpoint']] as const) {
        expect(elsewhere.stats().total, field).toBe(0);
        expect(job.result.failed).toBe(true);
        expect(job.result.step('Plan').outcome).toBe('skipped');
        expect(job.result.log).toContain('::error title=aac plan::not planned: where the pull request\'s assistants/aac.yaml sends the key cannot be taken from the base branch');
      }
      // One sticky comment, saying the last push's reason.
      expect(bot(l)).toHaveLength(1);
      const body = bot(l)[0]!.body;
      expect(body).toContain('#### ⛔ aac plan for `assistants` was refused');
      expect(body).toContain(`- \`environments.dev.endpoint\` (assistants/aac.yaml:2:10): ${elsewhere.url} here, none written (the provider's default) on the base branch`);

      // Where the base writes the environment's endpoint, the plan takes it over the merge, and says so.
      const own = await openPullRequest(l, baseWith(`environments:\n  dev: { endpoint: "${l.emu.url}" }\n`), {
        'assistants/aac.yaml': `environments:\n  dev: { <<: { endpoint: "${elsewhere.url}" } }\n`,
      });
      expect(own.job.result.failed, own.job.result.log).toBe(false);
      expect(elsewhere.stats().total).toBe(0);
      expect(l.emu.stats().total).toBeGreaterThan(0);
      expect(bot(l)[0]!.body).toContain('This pull request changes where `assistants/aac.yaml` sends the key (`environments.dev.endpoint`)');
    } finally {
      await elsewhere.close();
    }
  });

  it("plans with the endpoint input over aac.yaml's endpoint, and the log (not the comment) says which it overrode", async () => {
    const { base, loop: l } = await appliedRepo({ 'assistants/support.yaml': def('Support') });
    const other = await startEmulator({});
    try {
      const { job } = await openPullRequest(l, base, { 'assistants/support.yaml': def('Support', 'temperature: 0.5\n') }, { endpoint: other.url });
      expect(job.result.failed, job.result.log).toBe(false);
      expect(other.stats().total).toBeGreaterThan(0);
      const warning = `Warning: OPENAI_BASE_URL (${other.url}) overrides endpoint: ${l.emu.url} (assistants/aac.yaml:1:11)`;
      expect(job.result.log.split('\n').filter((line) => line.startsWith('Warning:'))).toEqual([warning]);
      const body = bot(l)[0]!.body;
      expect(body).toContain(`Target: namespace \`assistants\`, \`openai\` at \`${other.url}\``);
      expect(body).not.toContain('Warning');
    } finally {
      await other.close();
    }
  });

  it('gets a 60-assistant folded plan into the comment with its summary line, the whole plan into the job summary and the artifact, and the apply result beside it', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 60; i++) {
      const prompt = Array.from({ length: 60 }, (_, j) => `Rule ${j} for bot ${i}: answer with care and cite the policy.`).join('\n');
      files[`assistants/bot${String(i).padStart(2, '0')}.yaml`] = `model: gpt-4o-mini\ninstructions: |\n${prompt.replace(/^/gm, '  ')}\n`;
    }
    const { base, loop: l } = await appliedRepo({});
    const { sha, job } = await openPullRequest(l, base, files);
    expect(job.result.failed, job.result.log).toBe(false);
    const body = bot(l)[0]!.body;
    expect(body.length).toBeLessThanOrEqual(65_536);
    expect(body.split('\n')[4]).toBe('**Plan: 60 to create, 0 to modify, 0 to delete, 0 unchanged.**');
    expect(body.match(/<summary>\+ <code>bot\d\d<\/code> — create<\/summary>/g)).toHaveLength(60);
    expect(body).toContain('not shown');
    // The job summary and the artifact have it whole.
    expect(job.summary).not.toContain('not shown');
    expect(job.summary).toContain('Rule 59 for bot 59: answer with care and cite the policy.');
    const zip = join(testDir('aac-artifact-'), 'a.zip');
    writeFileSync(zip, l.github.artifacts[0]!.zip);
    const out = join(zip, '..', 'x');
    execFileSync('unzip', ['-q', zip, '-d', out]);
    expect(readFileSync(join(out, 'plan.md'), 'utf8')).toBe(body.split('\n').slice(4).join('\n').split('\n\n<sub>Merging')[0] + '\n');
    expect(JSON.parse(readFileSync(join(out, 'plan.json'), 'utf8')).summary.create).toBe(60);
    expect(JSON.parse(readFileSync(join(out, 'plan-meta.json'), 'utf8'))).toMatchObject({ commit: sha, head_sha: sha, dir: 'assistants', pull_request: '7', tree: git(l.ws, 'rev-parse', `${sha}:assistants`) });

    // Applied after the merge: the result joins the plan in the comment, which stays within the limit.
    merge(l, sha, sha);
    const apply = await actionJob(l, { command: 'apply' }, pushEvent(sha));
    expect(apply.result.failed, apply.result.log).toBe(false);
    const after = bot(l)[0]!.body;
    expect(after.length).toBeLessThanOrEqual(65_536);
    expect(after.startsWith(body.trimEnd())).toBe(true);
    expect(after).toContain('**Apply complete: 60 created, 0 modified, 0 deleted.**');
  });

  it('gets a 25,000-character Japanese plan whole into the comment (characters, not bytes)', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 13; i++) {
      const prompt = Array.from({ length: 60 }, (_, j) => `丁寧な日本語で回答してください。第${j}条を引用すること。`).join('\n');
      // Each named, so that no two creates are alike (alike ones are one section, which is short).
      files[`assistants/ja${i}.yaml`] = `model: gpt-4o-mini\nname: ボット ${i}\ninstructions: |\n${prompt.replace(/^/gm, '  ')}\n`;
    }
    const { base, loop: l } = await appliedRepo({});
    const { job } = await openPullRequest(l, base, files);
    expect(job.result.failed, job.result.log).toBe(false);
    const body = bot(l)[0]!.body;
    expect(body.length).toBeGreaterThan(25_000);
    expect(Buffer.byteLength(body)).toBeGreaterThan(65_536);
    expect(body.split('\n')[4]).toBe('**Plan: 13 to create, 0 to modify, 0 to delete, 0 unchanged.**');
    expect(body).not.toContain('not shown');
    expect(body).toContain('第59条を引用すること。');
  });
});

describe('the Action: skipped plans and invalid definitions', WHOLE_JOBS, () => {
  it('validates but does not plan when told why (a fork), and says so in the comment', async () => {
    const { base, loop: l } = await appliedRepo({ 'assistants/support.yaml': def('Support') });
    l.emu.resetStats();
    const { job } = await openPullRequest(l, base, { 'assistants/support.yaml': def('Support', 'temperature: 0.5\n') }, { 'skip-plan': 'This pull request comes from a fork.' });
    expect(job.result.failed).toBe(false);
    expect(job.result.step('Plan').outcome).toBe('skipped');
    expect(l.emu.stats().total).toBe(0);
    expect(bot(l)[0]!.body).toContain('#### ⚠️ aac plan for `assistants` did not run\n\nThis pull request comes from a fork.');
  });

  it('annotates invalid definitions, reports them in the comment without workflow commands, and fails', async () => {
    const { base, loop: l } = await appliedRepo({ 'assistants/support.yaml': def('Support') });
    // A field name posing as a marker of the comment and closing the log's fence: aac's message quotes it.
    const { job } = await openPullRequest(l, base, { 'assistants/billing.yaml': 'model: gpt-4o-mini\ntemprature: 0.2\n"<!-- aac-apply --> `````": 1\n' });
    expect(job.result.failed).toBe(true);
    expect(job.result.step('Validate').stdout).toMatch(/^::error file=assistants\/billing\.yaml,line=2,col=1,/m);
    expect(job.result.step('Plan').outcome).toBe('skipped');
    const body = bot(l)[0]!.body;
    expect(body).toContain('`aac validate` found problems in `assistants`');
    expect(body).toContain("unknown field 'temprature'");
    expect(body).not.toMatch(/^::/m);
    expect(body).toContain('\\u003c!-- aac-apply --> `````');
    expect(body.split('\n').filter((line) => line.includes('<!--'))).toEqual([MARKER]);
    // The log's fence is longer than any backtick run in it: the footer is not swallowed by the block.
    expect(topLevel(renderGfm(body)).at(-1)!.html).toContain('<sub>commit');
    expect(job.result.step('Fail on invalid definitions or a failed plan').stdout).toMatch(/^::error title=aac validate::/m);
  });
});

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
    expect(names(l)).toEqual(['Legacy FAQ', 'Support']);
    expect(l.emu.resources().find((a) => a.name === 'Support')!.temperature).toBe(0.5);

    // With the reviewed artifact gone (expired), only the others remain: refused, nothing written.
    l.github.artifacts[0]!.expired = true;
    l.emu.resetStats();
    const again = await actionJob(l, { command: 'apply' }, pushEvent(sha));
    expect(again.result.failed).toBe(true);
    expect(again.result.outputs.refused).toMatch(new RegExp(`^no artifact ${name} of this repository's pull-request runs of ${sha.slice(0, 7)} holds the plan recorded in the comment of pull request #7 \\(sha256 plan-meta\\.json=[0-9a-f]{64} plan\\.json=[0-9a-f]{64}\\)`));
    expect(writes(l)).toBe(0);
    expect(names(l)).toEqual(['Legacy FAQ', 'Support']);
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
    comment.body = comment.body.replace(/ plan-meta\.json=[0-9a-f]{64}/, '');
    const earlier = await actionJob(l, { command: 'show' }, pushEvent(sha));
    expect(earlier.result.failed).toBe(true);
    expect(earlier.result.outputs.refused).toBe(
      `the comment of pull request #7 records no digest of \`plan-meta.json\` for its last commit ${sha.slice(0, 7)}: it was planned by an earlier version of this Action, which recorded the plan's alone. Nothing was applied; run the apply workflow with replan to plan and apply this commit.`,
    );
    expect(writes(l)).toBe(0);
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
    expect(writes(l)).toBe(0);
    expect(names(l)).toEqual(['Legacy FAQ', 'Support']);
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
    expect(writes(l)).toBe(0);
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

  it("trusts no comment by github-actions[bot] when the token is an App's: a plan recorded by another identity is not applied, nor its comment taken over", async () => {
    const { base, loop: l } = await appliedRepo({ 'assistants/support.yaml': def('Support') });
    // The plan job ran with github.token: its comment, with the right digest, is github-actions[bot]'s.
    const { sha, job } = await openPullRequest(l, base, { 'assistants/support.yaml': def('Support', 'temperature: 0.5\n') });
    expect(job.result.failed, job.result.log).toBe(false);
    const recorded = bot(l)[0]!.body;
    merge(l, sha, sha);
    l.emu.resetStats();

    const token = appToken(l);
    const apply = await actionJob(l, { command: 'apply', ...token }, pushEvent(sha));
    expect(apply.result.failed).toBe(true);
    expect(apply.result.outputs.refused).toContain(`the comment of pull request #7 records no plan of \`assistants\` for its last commit ${sha.slice(0, 7)}`);
    expect(apply.result.outputs.refused).toContain(`or it was written by another identity than this run's github-token (\`${APP}\`)`);
    expect(writes(l)).toBe(0);
    expect(l.emu.resources()[0]!.temperature).not.toBe(0.5);
    // github-actions[bot]'s comment is left as it was; the App tells the pull request in a comment of its own.
    expect(bot(l).map((c) => c.body)).toEqual([recorded]);
    expect(commentsBy(l, APP).map((c) => c.body.split('\n')[0])).toEqual(['**aac apply · `assistants`**']);

    // A plan with the App's token writes a comment of its own too.
    const planned = await actionJob(l, { command: 'plan', ...token }, prEvent(7, sha, sha, base));
    expect(planned.result.failed, planned.result.log).toBe(false);
    expect(bot(l).map((c) => c.body)).toEqual([recorded]);
    expect(commentsBy(l, APP).filter((c) => c.body.startsWith(`${MARKER}\n`))).toHaveLength(1);
  });

  it("fails closed when the token's identity cannot be read: no comment is trusted, written or applied, and the log says which input to fix", async () => {
    const { base, loop: l } = await appliedRepo({ 'assistants/support.yaml': def('Support') });
    const { sha } = await openPullRequest(l, base, { 'assistants/support.yaml': def('Support', 'temperature: 0.5\n') });
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
    expect(writes(l)).toBe(0);

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
  });
});

describe('the Action: file names that hold a line break', WHOLE_JOBS, () => {
  it("plans with each changed file's name whole: one that holds a line break neither splits into two nor hides another definition's drift", async () => {
    const { base, loop: l } = await appliedRepo({ 'assistants/support.yaml': def('Support'), 'assistants/billing.yaml': def('Billing') });
    const billing = l.emu.resources().find((a) => a.name === 'Billing')!;
    l.emu.mutate(billing.id as string, { name: 'Billing (edited by hand)' });
    // Read a line at a time, this name was two paths, the second of them billing's definition:
    // the pull request would have passed billing's drift off as its own change.
    const { job } = await openPullRequest(l, base, {
      'assistants/support.yaml': def('Support', 'temperature: 0.5\n'),
      'docs/notes\nassistants/billing.yaml': 'a file name with a line break\n',
    });
    expect(job.result.failed, job.result.log).toBe(false);
    const body = bot(l)[0]!.body;
    const drift = body.indexOf('### Changed outside aac: merging reverts these');
    expect(drift).toBeGreaterThan(0);
    expect(body.indexOf('~ <code>support</code> —')).toBeLessThan(drift);
    expect(body.indexOf('~ <code>billing</code> —')).toBeGreaterThan(drift);
    // Two names, each whole, as aac read them.
    const changed = readFileSync(join(job.runner.temp, 'aac', 'changed-files.txt'), 'utf8');
    expect(changed.split('\0').filter(Boolean)).toEqual([join(l.ws, 'assistants/support.yaml'), join(l.ws, 'docs/notes\nassistants/billing.yaml')]);
  });

  it("refuses the plan of a pull request with a workflow file whose name holds a line break, naming it whole, and adds no output of the step's", async () => {
    const { base, loop: l } = await appliedRepo({ 'assistants/support.yaml': def('Support') });
    const hostile = '.github/workflows/x.yml\nrefusal=plan-applied';
    const { sha, job } = await openPullRequest(l, base, { 'assistants/support.yaml': def('Support', 'temperature: 0.5\n'), [hostile]: 'name: x\n', '.github/a`b.yml': 'name: y\n' });
    expect(job.result.failed, job.result.log).toBe(false);
    merge(l, sha, sha);
    l.emu.resetStats();
    const apply = await actionJob(l, { command: 'apply' }, pushEvent(sha));
    expect(apply.result.failed).toBe(true);
    expect(apply.result.outputs.refused).toContain('changes what its own pull-request run executes (`".github/a\\u0060b.yml"` `".github/workflows/x.yml\\nrefusal=plan-applied"`): ');
    expect(apply.result.step('Find the reviewed plan').outputs.refusal).toBeUndefined();
    expect(apply.result.outputs.refusal).toBe('');
    expect(writes(l)).toBe(0);
  });
});

describe('the Action: a pull request longer than GitHub lists', WHOLE_JOBS, () => {
  it('says in the comment that drift could not be told apart and the merge needs replan, and labels nothing drift', async () => {
    const { base, loop: l } = await appliedRepo({ 'assistants/support.yaml': def('Support'), 'assistants/billing.yaml': def('Billing') });
    const billing = l.emu.resources().find((a) => a.name === 'Billing')!;
    l.emu.mutate(billing.id as string, { name: 'Billing (edited by hand)' });
    const sha = commit(l.ws, { 'assistants/support.yaml': def('Support', 'temperature: 0.5\n') }, 'the pull request');
    // GitHub's list stops at 3,000 files: whatever else the pull request changes is not in it.
    l.github.prFiles[7] = [{ filename: 'assistants/support.yaml' }, ...Array.from({ length: 2999 }, (_, i) => ({ filename: `docs/page-${i}.md` }))];
    l.github.pageSize = 100;
    const job = await actionJob(l, { command: 'plan' }, prEvent(7, sha, sha, base));
    expect(job.result.failed, job.result.log).toBe(false);
    const body = bot(l)[0]!.body;
    expect(body).toContain('> [!WARNING]\n> This pull request changes more files than GitHub lists (3000), so its own changes could not be told apart from drift made outside aac: none is shown as drift. The apply after the merge refuses such a pull request; once it is merged, run the apply workflow with `replan` to plan and apply the merged commit behind the environment\'s approval.');
    expect(body).not.toContain('Changed outside aac');
    expect(body).toContain('~ <code>billing</code> —');

    // One file fewer: the list is whole, and billing is drift again.
    l.github.prFiles[7] = l.github.prFiles[7]!.slice(0, 2999);
    const whole = await actionJob(l, { command: 'plan' }, prEvent(7, sha, sha, base));
    expect(whole.result.failed, whole.result.log).toBe(false);
    expect(bot(l)[0]!.body).not.toContain('more files than GitHub lists');
    expect(bot(l)[0]!.body).toContain('### Changed outside aac: merging reverts these');

    // Merged as GitHub lists it, 3,000 files: the apply refuses, as the comment said it would.
    l.github.prFiles[7] = [...l.github.prFiles[7]!, { filename: 'docs/one-more.md' }];
    merge(l, sha, sha);
    const apply = await actionJob(l, { command: 'apply' }, pushEvent(sha));
    expect(apply.result.failed).toBe(true);
    expect(apply.result.outputs.refused).toContain('pull request #7 changes what its own pull-request run executes (more files than GitHub lists (3000)): ');
  });
});

describe('the Action: the apply result in a full comment', WHOLE_JOBS, () => {
  it('cuts the apply result to the room the comment has left, never the plan', async () => {
    loop = await startLoop({});
    const l = loop;
    const plan = `${MARKER}\n### aac plan · \`assistants\`\n\n**Plan: 0 to create, 1 to modify, 0 to delete, 0 unchanged.**\n${'x'.repeat(63_000)}\n`;
    l.github.comments.push({ id: 5, issue: 7, body: plan, user: { login: ACTIONS_BOT, type: 'Bot' } });
    const step = actionMetadata().runs.steps.find((s) => s.id === 'report-apply')! as { run: string; env: Record<string, string> };
    const runner = new Runner(l.ws, {
      'inputs.github-token': 'write-token',
      'github.repository': 'acme/bots',
      'steps.locate.outputs.pull-request': '7',
      'steps.where.outputs.key': 'assistants',
      'steps.commenter.outputs.login': ACTIONS_BOT,
      'steps.locate.outputs.environment': '',
      'github.sha': 'a'.repeat(40),
      'steps.locate.outcome': 'success',
      'steps.apply.outcome': 'failure',
      'steps.locate.outputs.refused || steps.apply.outputs.refused': '',
      'steps.apply.outputs.refusal': '',
      'steps.apply.outputs.already-applied': '',
      'github.server_url': 'https://github.com',
      'github.run_id': '42',
    });
    runner.addPath(l.bin);
    runner.env.FAKE_GITHUB_API = l.github.url;
    const rows = Array.from({ length: 80 }, (_, i) => `| \`!\` | \`bot${i}\` | | **failed**: ${'the server said no. '.repeat(10)} |`);
    writeFileSync(join(runner.temp, 'aac', 'apply.md'), ['### aac apply', '', '**Apply failed: 0 created, 0 modified, 0 deleted, 80 failed.**', '', ...rows, ''].join('\n'));
    const r = await runner.run(step);
    expect(r.code, r.stderr).toBe(0);
    const sticky = l.github.comments.find((c) => c.id === 5)!.body;
    expect(sticky.length).toBeLessThanOrEqual(65_536);
    expect(sticky.startsWith(plan.trimEnd())).toBe(true);
    expect(sticky).toContain('#### ❌ Apply failed at aaaaaaa');
    expect(sticky.trimEnd().endsWith('…cut: the job summary of the apply run has the whole report.')).toBe(true);
    // A failure also notifies, with a new comment.
    expect(l.github.comments.filter((c) => c.id !== 5).map((c) => c.body.split('\n')[0])).toEqual(['**aac apply · `assistants`**']);
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
