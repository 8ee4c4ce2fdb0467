// The Action's review loop (action.test.ts): what a pull request holds. A definitions directory
// linked out of the checkout, an aac.yaml that would still send the key elsewhere, the endpoint
// input, a fork's plan skipped, invalid definitions, file names that hold a line break, and more
// files than GitHub lists.
import { mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startEmulator } from '../../src/emulator/index.js';
import { renderGfm, topLevel } from '../helpers/gfm.js';
import { testDir } from '../helpers/each-test.js';
import { actionJob, appliedRepo, bot, commit, def, git, merge, openPullRequest, PLAN_MARKER, prEvent, pushEvent, startLoop, WHOLE_JOBS, writesTo } from './review-loop.js';

describe('the Action: what the pull request holds', WHOLE_JOBS, () => {
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
      const loop = await startLoop({ 'assistants/aac.yaml': 'namespace: bots\n', 'assistants/support.yaml': def('Support') });
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
    expect(body.split('\n').filter((line) => line.includes('<!--'))).toEqual([PLAN_MARKER]);
    // The log's fence is longer than any backtick run in it: the footer is not swallowed by the block.
    expect(topLevel(renderGfm(body)).at(-1)!.html).toContain('<sub>commit');
    expect(job.result.step('Fail on invalid definitions or a failed plan').stdout).toMatch(/^::error title=aac validate::/m);
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
    expect(writesTo(l.emu)).toBe(0);
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
