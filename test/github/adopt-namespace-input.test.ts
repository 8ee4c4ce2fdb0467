// The Action's `adopt-namespace` input: a pull request that changes the namespace is planned with
// `aac plan --adopt-namespace OLD` when given it, its caution says so (and, without it, names the
// input that takes the old namespace's assistants over), the caution heads the job summary as it
// heads the comment, and the merge applies exactly the adopts reviewed. The value reaches aac as
// one word, whatever it holds.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { repoRoot } from './run-scripts.js';
import { shellWord } from '../../src/util/shell-word.js';
import { actionJob, appliedRepo, bot, def, merge, openPullRequest, pushEvent, WHOLE_JOBS, type Loop } from './review-loop.js';

/** A repository whose one definition is applied in the default namespace (`assistants`, its path), then a pull request that renames the namespace. */
async function renamingPullRequest(inputs: Record<string, string>) {
  const { base, loop: l } = await appliedRepo({ 'assistants/support.yaml': def('Support') });
  const { sha, job } = await openPullRequest(l, base, { 'assistants/aac.yaml': `endpoint: ${l.emu.url}\nnamespace: renamed\n` }, inputs);
  return { l, sha, job };
}

/** The namespaces whose marker the live assistants carry (aac@<namespace> in their metadata). */
const namespaces = (l: Loop) => l.emu.resources().map((a) => Object.keys((a.metadata as Record<string, string> | null) ?? {}).filter((k) => k.startsWith('aac@')).join(','));

describe('the Action\'s adopt-namespace input', WHOLE_JOBS, () => {
  it('plans the pull request that renames the namespace as adopts, says so in the caution atop the comment and the job summary, and the merge applies those adopts', async () => {
    const { l, sha, job } = await renamingPullRequest({ 'adopt-namespace': 'assistants' });
    expect(job.result.failed, job.result.log).toBe(false);
    expect(job.result.outputs).toMatchObject({ create: '0', update: '1' });
    const body = bot(l)[0]!.body;
    expect(body).toContain('> This pull request changes the namespace of `assistants` (`assistants` → `renamed`): the namespace decides which live assistants the directory owns. This plan takes over those of the namespace the `adopt-namespace` input names that a definition has the key of');
    expect(body).toContain('Planned with `--adopt-namespace assistants`.');
    expect(body).toContain('~ <code>support</code> — adopt: take over from the namespace <code>assistants</code>');
    expect(body.indexOf('[!CAUTION]')).toBeLessThan(body.indexOf('**Plan: 0 to create, 1 to modify'));
    // The job summary: the caution first, then the plan aac wrote there.
    expect(job.summary.indexOf('> [!CAUTION]')).toBe(0);
    expect(job.summary).toContain('This plan takes over those of the namespace the `adopt-namespace` input names');
    expect(job.summary.indexOf('[!CAUTION]')).toBeLessThan(job.summary.indexOf('**Plan: 0 to create, 1 to modify'));

    // The merge: the reviewed plan is applied as it was made, its adopt included (no input at apply).
    merge(l, sha, sha);
    const apply = await actionJob(l, { command: 'apply' }, pushEvent(sha));
    expect(apply.result.failed, apply.result.log).toBe(false);
    expect(apply.summary).toContain('Apply complete: 0 created, 1 modified, 0 deleted.');
    // The one assistant, taken over: the new namespace's marker, no copy created (the two creates
    // are the locks of both namespaces, which the apply holds, and removed).
    expect(namespaces(l)).toEqual(['aac@renamed']);
    expect(l.emu.stats().byRoute).toMatchObject({ 'POST /assistants': 2, 'DELETE /assistants/{id}': 2 });
  });

  it('without it: the caution names the input that takes them over, and heads the job summary of a successful plan too', async () => {
    const { l, job } = await renamingPullRequest({});
    expect(job.result.failed, job.result.log).toBe(false);
    expect(job.result.outputs).toMatchObject({ create: '1', update: '0' });
    const said = 'give this pull request\'s plan the `adopt-namespace` input (the old namespace), and the merge applies its adopts as reviewed';
    expect(bot(l)[0]!.body).toContain(said);
    expect(job.summary.indexOf('> [!CAUTION]')).toBe(0);
    expect(job.summary).toContain(said);
    expect(job.summary.indexOf('[!CAUTION]')).toBeLessThan(job.summary.indexOf('**Plan: 1 to create'));
    // Once, although the report step writes the job summary too.
    expect(job.summary.split('[!CAUTION]')).toHaveLength(2);
  });

  it.each([
    ['a command substitution', '$(touch pwned)'],
    ['a flag of its own', '--prune'],
  ])('reaches aac as one word, which aac refuses as no namespace: %s', async (_, value) => {
    const { l, job } = await renamingPullRequest({ 'adopt-namespace': value });
    expect(job.result.step('Plan').outcome).toBe('failure');
    expect(job.result.log).toContain(`Error: --adopt-namespace ${shellWord(value)} is not a namespace`);
    expect(existsSync(join(l.ws, 'assistants', 'pwned'))).toBe(false);
    expect(existsSync(join(l.ws, 'pwned'))).toBe(false);
    // Nothing was planned, so nothing reached the API but validation's reading.
    expect(l.emu.stats().byRoute['POST /assistants'] ?? 0).toBe(0);
  });

  it('is passed on by the reusable workflows to each step that plans: the pull request\'s, and the re-plan after a merge', () => {
    const workflow = (name: string) => parse(readFileSync(join(repoRoot, '.github', 'workflows', name), 'utf8')) as { on: { workflow_call: { inputs: Record<string, { type: string }> } }; jobs: Record<string, { steps?: Array<{ uses?: string; with?: Record<string, string> }> }> };
    // aac-apply.yml's review job runs the Action with command plan only to validate (skip-plan): its replan job plans.
    const planning = { 'aac-plan.yml': undefined, 'aac-apply.yml': 'replan' } as const;
    for (const [name, only] of Object.entries(planning)) {
      const { on, jobs } = workflow(name);
      expect(on.workflow_call.inputs['adopt-namespace']?.type, name).toBe('string');
      const steps = Object.entries(jobs).filter(([job]) => only === undefined || job === only).flatMap(([, j]) => j.steps ?? []).filter((s) => s.uses === './.aac-action' && s.with?.command === 'plan');
      expect(steps.length, name).toBeGreaterThan(0);
      for (const step of steps) expect(step.with?.['adopt-namespace'], name).toBe('${{ inputs.adopt-namespace }}');
    }
  });
});
