// The Action's review loop (action.test.ts): what a pull request's aac.yaml may change of its plan.
// A new directory's aac.yaml is not taken until it is merged; the provider and endpoint are the
// base branch's; a change of namespace is said atop the comment.
import { readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startEmulator } from '../../src/emulator/index.js';
import { runCli } from '../helpers/cli.js';
import { ACTIONS_BOT } from './fake-github.js';
import { actionJob, appliedRepo, bot, commentsBy, commit, def, git, KEY, merge, openPullRequest, prEvent, pushEvent, startLoop, WHOLE_JOBS } from './review-loop.js';

describe("the Action: the pull request's aac.yaml", WHOLE_JOBS, () => {
  it("a migration's new directory: its first pull request is not planned where its new aac.yaml says, and the comment says so beside what validation found; once that aac.yaml is merged, the definitions are planned and applied on the new provider", async () => {
    const placeholder = 'http://placeholder.invalid/v1';
    const loop = await startLoop({ 'assistants/aac.yaml': `namespace: team\nendpoint: ${placeholder}\n`, 'assistants/bot.yaml': def('Bot') });
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
});
