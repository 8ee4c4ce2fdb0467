// What the Action and the workflows promise, checked on their parsed structure: thin wrappers of
// the Action at the pinned commit, every action pinned by full SHA, least permissions, Node 22 by
// default, concurrency keyed by definitions directory, and no event text spliced into scripts.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { providerNames } from '../../src/backends/registry.js';
import { actionMetadata } from './action-runner.js';
import { workflowBlocks } from './markdown-blocks.js';
import { repoRoot, runScripts, workflowFiles } from './run-scripts.js';
import { ACTIONS_BOT, startFakeGitHub } from './fake-github.js';
import { jobSteps, Runner, toolsOnPath } from './workflow-runner.js';
import { testDir } from '../helpers/each-test.js';

type Obj = Record<string, any>;

const load = (path: string): Obj => parse(readFileSync(join(repoRoot, path), 'utf8')) as Obj;
const files = workflowFiles();
const docs = workflowBlocks(readFileSync(join(repoRoot, 'README.md'), 'utf8')).map((b) => parse(b.text) as Obj);
const action = load('action.yml');

const plan = load('.github/workflows/aac-plan.yml');
const apply = load('.github/workflows/aac-apply.yml');
const drift = load('.github/workflows/aac-drift.yml');
const reusable = { 'aac-plan.yml': plan, 'aac-apply.yml': apply, 'aac-drift.yml': drift };

function steps(wf: Obj): Obj[] {
  return Object.values(wf.jobs as Obj).flatMap((job: Obj) => (job.steps as Obj[] | undefined) ?? []);
}
const allUses = [
  ...files.flatMap((f) => steps(load(f)).map((s) => ({ where: f, uses: s.uses as string | undefined }))),
  ...(action.runs.steps as Obj[]).map((s) => ({ where: 'action.yml', uses: s.uses as string | undefined })),
  ...docs.flatMap((d, i) => steps(d).map((s) => ({ where: `README block ${i}`, uses: s.uses as string | undefined }))),
].filter((u): u is { where: string; uses: string } => typeof u.uses === 'string');

describe('supply chain', () => {
  it('pins every action by full commit SHA, here, in the Action and in the documented workflows', () => {
    expect(allUses.length).toBeGreaterThan(10);
    for (const { where, uses } of allUses) {
      if (uses.startsWith('./')) continue;
      expect(uses, where).toMatch(/^[\w.-]+\/[\w./-]+@[0-9a-f]{40}$/);
    }
  });

  it('the reusable workflows refuse an aac-ref that is not a full commit SHA, and run the Action checked out at it', () => {
    for (const [file, wf] of Object.entries(reusable)) {
      const s = steps(wf);
      expect(s.find((x) => x.name === 'Check the pin')!.run, file).toContain('^[0-9a-f]{40}$');
      const checkout = s.find((x) => x.with?.path === '.aac-action');
      expect(checkout?.with, file).toMatchObject({ repository: '${{ inputs.aac-repository }}', ref: '${{ inputs.aac-ref }}', 'persist-credentials': false });
      expect(s.filter((x) => x.uses === './.aac-action').length, file).toBeGreaterThan(0);
      // Thin wrappers: no aac command line of their own.
      for (const script of s.map((x) => x.run).filter(Boolean)) expect(script, file).not.toMatch(/(^|[\s;|&(])aac (plan|apply|validate|show)\b/m);
    }
  });

  it('build aac from the Action\'s own checkout; nothing installs it from a registry', () => {
    const scripts = runScripts().map((s) => s.script).join('\n');
    expect(scripts).not.toMatch(/npm (install|i) .*assistants-as-code|npx .*assistants-as-code/);
    expect((action.runs.steps as Obj[])[0]!.run).toContain('node "$GITHUB_ACTION_PATH/scripts/setup.mjs"');
  });

  it("state GitHub's limit on a pull request's files once, for the plan on it and the apply after the merge", () => {
    const scripts = runScripts().map((s) => s.script).join('\n');
    expect(scripts.match(/\b3000\b/g)).toEqual(['3000']);
  });

  it('default to Node 22, and CI tests 20, 22 and 24', () => {
    for (const [file, wf] of Object.entries(reusable)) expect(wf.on.workflow_call.inputs['node-version'].default, file).toBe('22');
    const ci = load('.github/workflows/ci.yml');
    expect(ci.permissions).toEqual({ contents: 'read' });
    expect(ci.jobs.test.strategy.matrix.node).toEqual(['20', '22', '24']);
    expect(steps(ci).map((s) => s.run).filter(Boolean)).toEqual(['npm ci --no-audit --no-fund', 'npm test']);
  });

  it('never splice an expression into a shell script: values reach scripts through env', () => {
    for (const { name, script } of runScripts()) expect(script, name).not.toContain('${{');
  });

  it("take where a pull request's plan sends the key from its base branch's aac.yaml, never from its head", () => {
    const pr = (action.runs.steps as Obj[]).find((s) => s.id === 'pr')!;
    expect(pr.env.BASE_SHA).toBe('${{ github.event.pull_request.base.sha }}');
    expect(pr.run).toContain('contents/$KEY/$name?ref=$BASE_SHA');
  });
});

describe('the reusable workflows', () => {
  it.each(Object.entries(reusable))('%s is only callable (workflow_call) and documents its inputs', (_, wf) => {
    expect(Object.keys(wf.on)).toEqual(['workflow_call']);
    for (const [name, input] of Object.entries(wf.on.workflow_call.inputs as Obj)) {
      expect(input.description, name).toEqual(expect.any(String));
    }
  });

  it('share the same inputs, secrets and checkout steps (copies that must not drift apart)', () => {
    const shared = (wf: Obj) => ({
      secrets: wf.on.workflow_call.secrets,
      inputs: Object.fromEntries(
        ['dir', 'working-directory', 'provider', 'endpoint', 'node-version', 'aac-repository', 'aac-ref', 'submodules'].map((k) => [k, wf.on.workflow_call.inputs[k]]),
      ),
      setup: (Object.values(wf.jobs as Obj)[0] as Obj).steps.slice(0, 4),
    });
    expect(shared(apply)).toEqual(shared(plan));
    expect(shared(drift)).toEqual(shared(plan));
  });

  it('ask for the least permissions, at the top and on each job', () => {
    const expected = {
      'aac-plan.yml': { contents: 'read', 'pull-requests': 'write' },
      'aac-apply.yml': { contents: 'read', 'pull-requests': 'write', actions: 'read' },
      'aac-drift.yml': { contents: 'read', issues: 'write' },
    };
    for (const [file, wf] of Object.entries(reusable)) {
      const want = expected[file as keyof typeof expected];
      expect(wf.permissions, file).toEqual(want);
      for (const job of Object.values(wf.jobs as Obj)) expect(job.permissions, file).toEqual(want);
    }
  });

  it('pass secrets only to the Action step and to the credentials check (which sees only whether one is set)', () => {
    for (const [file, wf] of Object.entries(reusable)) {
      for (const s of steps(wf).filter((x) => JSON.stringify(x.env ?? {}).includes('secrets.'))) {
        if (s.name === 'Check credentials') {
          for (const v of Object.values(s.env as Obj)) if (String(v).includes('secrets.')) expect(String(v)).toMatch(/!= ''/);
        } else {
          expect(s.uses, `${file}: ${s.name}`).toBe('./.aac-action');
        }
      }
    }
  });
});

describe('concurrency', () => {
  const group = (job: Obj) => String(job.concurrency?.group ?? '');
  it('keys every group by repository and definitions directory, so two directories (namespaces) never block each other', () => {
    for (const [file, wf] of Object.entries(reusable)) {
      for (const [name, job] of Object.entries(wf.jobs as Obj)) {
        if (!job.concurrency) continue;
        expect(group(job), `${file}/${name}`).toContain('${{ github.repository }}');
        expect(group(job), `${file}/${name}`).toContain('${{ inputs.working-directory }}/${{ inputs.dir }}');
      }
    }
  });

  it('runs one apply at a time per directory and environment, never cancelled half-way; a newer plan of a pull request cancels the older', () => {
    expect(apply.jobs.apply.concurrency['cancel-in-progress']).toBe(false);
    expect(group(apply.jobs.apply)).toMatch(/^aac-apply-.*-\$\{\{ matrix\.environment \}\}$/);
    expect(plan.jobs.plan.concurrency['cancel-in-progress']).toBe(true);
    expect(group(plan.jobs.plan)).toContain('github.event.pull_request.number');
    // The apply waits for the environment's approval after the reviewed plan was shown.
    expect(apply.jobs.apply.needs).toEqual(['review', 'replan']);
    expect(apply.jobs.review.environment).toBeUndefined();
  });

  it("with replan, makes the fresh plan in the GitHub environment its apply runs in (a key may live only there), in the same order, and the job outside any environment gets no secrets", () => {
    const [review, replan, job] = [apply.jobs.review, apply.jobs.replan, apply.jobs.apply] as Obj[];
    const withSecrets = (j: Obj) => (j.steps as Obj[]).filter((s) => JSON.stringify(s.env ?? {}).includes('secrets.')).map((s) => s.with?.command);
    expect(withSecrets(review!)).toEqual([]);
    expect(withSecrets(replan!)).toEqual(['plan']);
    expect(withSecrets(job!)).toEqual(['apply']);
    expect(replan!.environment).toBe(job!.environment);
    expect(replan!.strategy).toEqual(job!.strategy);
    expect(replan!.needs).toBe('review');
    expect(replan!.if).toBe("inputs.replan && needs.review.outputs.environments != '[]'");
    // The same set-up as the other jobs (the pin checked, the Action checked out at it).
    expect((replan!.steps as Obj[]).slice(0, 4)).toEqual((job!.steps as Obj[]).slice(0, 4));
    // apply runs after the replan jobs all succeeded, or without replan (when they are skipped).
    expect(job!.if).toBe(
      "${{ !cancelled() && needs.review.result == 'success' && needs.review.outputs.environments != '[]' && (!inputs.replan || needs.replan.result == 'success') }}",
    );
  });

  it("README's apply caller carries every re-plan option aac-apply.yml takes, so a re-plan of a reviewed prune plan can prune", () => {
    const caller = docs.find((d) => Object.values((d.jobs ?? {}) as Obj).some((j: Obj) => String(j.uses ?? '').includes('/aac-apply.yml@')))!;
    const job = Object.values(caller.jobs as Obj)[0] as Obj;
    const dispatch = caller.on.workflow_dispatch.inputs as Obj;
    for (const name of ['replan', 'prune', 'allow-empty']) {
      expect(apply.on.workflow_call.inputs[name].type).toBe('boolean');
      expect(dispatch[name], name).toMatchObject({ type: 'boolean', default: false });
      expect(job.with[name], name).toBe(`\${{ inputs.${name} == true }}`);
    }
  });

  it("applies aac.yaml's environments one after another, in its order, each behind the GitHub environment of its name", () => {
    const job = apply.jobs.apply;
    expect(job.strategy).toEqual({ 'max-parallel': 1, 'fail-fast': true, matrix: { environment: '${{ fromJSON(needs.review.outputs.environments) }}' } });
    // Without environments the matrix is [""]: one job, in the environment input's GitHub environment, as before.
    expect(job.environment).toBe('${{ matrix.environment || inputs.environment }}');
    expect(job.if).toContain("needs.review.outputs.environments != '[]'");
    expect(apply.jobs.review.outputs.environments).toBe('${{ steps.matrix.outputs.environments }}');
    const step = (job.steps as Obj[]).find((s) => s.uses === './.aac-action')!;
    expect(step.with).toMatchObject({ command: 'apply', environment: '${{ matrix.environment }}' });
  });
});

describe('choosing the environments to apply, run', () => {
  const choose = steps(apply).find((s) => s.name === 'Choose the environments to apply')!;
  const run = (values: { environments: string; changed: string; environment: string; changes?: string }) => {
    const runner = new Runner(testDir('aac-matrix-'), {
      'steps.show.outputs.environments || steps.replan.outputs.environments': values.environments,
      'steps.show.outputs.changed-environments || steps.replan.outputs.environments': values.changed,
      'inputs.environment': values.environment,
      'steps.show.outputs.changes': values.changes ?? '',
    });
    return runner.run(choose as { run: string; env: Record<string, unknown> });
  };

  it('without environments in aac.yaml: one apply when the plan changes something (or with replan), none when it changes nothing', async () => {
    for (const changes of ['true', '']) {
      const r = await run({ environments: '', changed: '', environment: 'production', changes });
      expect(r.code).toBe(0);
      expect(r.outputs.environments).toBe('[""]');
    }
    // As an unchanged environment: no apply job, so nobody is asked to approve a plan that changes nothing.
    const none = await run({ environments: '', changed: '', environment: 'production', changes: 'false' });
    expect(none.code).toBe(0);
    expect(none.outputs.environments).toBe('[]');
    expect(none.stdout).toContain('Nothing to apply: the reviewed plan changes nothing.');
  });

  it('with environments: those whose plan changes something, in order; none is an empty list (no apply job)', async () => {
    const r = await run({ environments: '["dev","staging","prod"]', changed: '["dev","prod"]', environment: '' });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.outputs.environments!)).toEqual(['dev', 'prod']);
    const none = await run({ environments: '["dev","staging","prod"]', changed: '[]', environment: '' });
    expect(none.outputs.environments).toBe('[]');
  });

  it('refuses a GitHub environment input with environments in aac.yaml (each applies in its own)', async () => {
    const r = await run({ environments: '["dev","prod"]', changed: '["dev"]', environment: 'production' });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('each applies in the GitHub environment of its own name');
    expect(r.outputs.environments).toBeUndefined();
  });
});

describe('triggers', () => {
  it('no workflow, here or in the docs, uses pull_request_target', () => {
    const triggers = (wf: Obj) => (typeof wf.on === 'string' ? [wf.on] : Array.isArray(wf.on) ? wf.on : Object.keys(wf.on));
    for (const file of files) expect(triggers(load(file)), file).not.toContain('pull_request_target');
    for (const d of docs) expect(triggers(d)).not.toContain('pull_request_target');
  });

  it('every documented caller of a reusable workflow grants what that workflow asks for, and pins it by SHA', () => {
    let callers = 0;
    for (const d of docs) {
      for (const job of Object.values(d.jobs as Obj)) {
        const m = /workflows\/(aac-\w+\.yml)@([0-9a-f]{40})$/.exec(job.uses ?? '');
        if (!job.uses?.includes('/aac-')) continue;
        expect(m, job.uses).not.toBeNull();
        callers++;
        expect(job.permissions, m![1]).toEqual(reusable[m![1] as keyof typeof reusable].permissions);
        expect(job.with['aac-ref'], m![1]).toBe(m![2]);
      }
    }
    expect(callers).toBe(3);
  });

  it('the demo plan runs the reusable plan workflow and the Action of this very commit against the emulator', () => {
    const demo = load('.github/workflows/demo-plan.yml');
    expect(Object.keys(demo.on)).toEqual(['pull_request']);
    expect(demo.on.pull_request.paths).toEqual(expect.arrayContaining(['assistants/**', 'action.yml']));
    expect(demo.jobs.plan.uses).toBe('./.github/workflows/aac-plan.yml');
    expect(demo.jobs.plan.with).toMatchObject({ emulator: true, 'aac-ref': '${{ github.sha }}', 'aac-repository': '${{ github.repository }}' });
  });
});

describe('action.yml', () => {
  it('is a composite action whose outputs and steps name only steps it has', () => {
    const meta = actionMetadata();
    const ids = new Set(meta.runs.steps.map((s) => s.id).filter(Boolean));
    const refs = JSON.stringify(meta).match(/steps\.([\w-]+)\./g) ?? [];
    expect(refs.length).toBeGreaterThan(10);
    for (const r of refs) expect(ids, r).toContain(r.slice('steps.'.length, -1));
    expect(Object.keys(meta.outputs)).toEqual(
      expect.arrayContaining(['changes', 'create', 'update', 'delete', 'orphans', 'plan-path', 'comment-url', 'artifact', 'refused']),
    );
  });
});

describe('the pin check, run', () => {
  const check = steps(plan).find((s) => s.name === 'Check the pin')!;
  it.each([
    ['v1', 1],
    ['main', 1],
    ['3f0c0a7', 1],
    ['3F0C0A7D5E8B4C2A9D1E6F7B8A9C0D1E2F3A4B5C', 1],
    ['3f0c0a7d5e8b4c2a9d1e6f7b8a9c0d1e2f3a4b5c', 0],
  ])('aac-ref %s exits %i', async (ref, code) => {
    const runner = new Runner(testDir('aac-pin-'), { 'inputs.aac-ref': ref });
    const r = await runner.run(check as { run: string; env: Record<string, unknown> });
    expect(r.code).toBe(code);
    if (code) expect(r.stdout).toContain(`::error title=aac::aac-ref must be the full 40-character commit SHA you pinned in uses:, not '${ref}'`);
  });
});

describe('the providers they name', () => {
  // Every list of providers is the registry's, so a new backend cannot be left out of one.
  const known = [...providerNames()].sort();
  const named = (text: string) => [...text.matchAll(/[a-z]+(?:-[a-z]+)?/g)].map((m) => m[0]).filter((w) => providerNames().includes(w)).sort();
  const hostList = (description: string) => /^API host: (.+?) \(default/.exec(description)?.[1] ?? '';
  const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
  /** The rows of the first table after `heading`. */
  const table = (heading: string) => readme.split(heading)[1]!.split('\n\n').find((b) => b.startsWith('|'))!.split('\n').slice(2);

  it("are every provider in the provider input's description of the Action and of each workflow", () => {
    expect(named(hostList(action.inputs.provider.description)), 'action.yml').toEqual(known);
    for (const [file, wf] of Object.entries(reusable)) {
      expect(named(hostList(wf.on.workflow_call.inputs.provider.description)), file).toEqual(known);
    }
  });

  it("are every provider in README's Inputs table and its secrets table", () => {
    const row = table('### Inputs').find((r) => r.startsWith('| `provider` |'))!;
    expect(named(row.split('|')[3]!)).toEqual(known);
    expect(table('### 1. Store the credentials').flatMap((r) => named(r.split('|')[1]!)).sort()).toEqual(known);
  });

  it("are every provider in the plan workflow's credentials check, each with its own secrets", async () => {
    const check = steps(plan).find((s) => s.name === 'Check credentials')!;
    const arms = [...String(check.run).matchAll(/^\s+([a-z| -]+)\)/gm)].flatMap((m) => m[1]!.split('|').map((p) => p.trim()));
    expect([...arms].sort()).toEqual(known);
    // foundry-agents signs in as foundry does: a service principal is enough, an OpenAI key is not.
    const run = async (has: Record<string, boolean>) => {
      const runner = new Runner(testDir('aac-creds-'), (text) => text);
      const env = {
        PROVIDER: 'foundry-agents',
        EMULATOR: 'false',
        IS_FORK: 'false',
        ACTOR: 'someone',
        ...Object.fromEntries(['OPENAI', 'FOUNDRY', 'PORTKEY', 'ZEROBOT'].map((h) => [`HAS_${h}`, String(has[h] ?? false)])),
      };
      return runner.run({ run: String(check.run), env });
    };
    expect((await run({ FOUNDRY: true })).outputs.skip).toBeUndefined();
    expect((await run({ OPENAI: true })).outputs.skip).toContain('pass AAC_FOUNDRY_TOKEN, or AZURE_CLIENT_ID');
  });
});

// GitHub keeps one pending job a concurrency group: a merge's apply still waiting when a newer
// merge's apply is queued is cancelled before any of its steps runs, so the Action never reports it.
describe('an apply cancelled before it started', () => {
  const job = apply.jobs.superseded as Obj;
  const SHA = 'c'.repeat(40);

  /**
   * The job's step, with the pull request the review job's Action found (`pr`, '' for none): it asks
   * GitHub for no other. The comments are written by `by`; the Action's are github.token's.
   */
  async function run(comments: string[], pr = '7', by = ACTIONS_BOT) {
    const github = await startFakeGitHub();
    try {
      for (const [i, body] of comments.entries()) github.comments.push({ id: i + 1, issue: 7, body, user: { login: by, type: by.endsWith('[bot]') ? 'Bot' : 'User' } });
      const runner = new Runner(testDir('aac-cancelled-'), {
        'github.token': 'write-token',
        'github.repository': 'acme/bots',
        'github.sha': SHA,
        'needs.review.outputs.key': 'assistants',
        'needs.review.outputs.pull-request': pr,
        'needs.review.outputs.commenter': ACTIONS_BOT,
        'github.server_url': 'https://github.com',
        'github.run_id': '42',
      });
      runner.addPath(toolsOnPath());
      runner.env.FAKE_GITHUB_API = github.url;
      const r = await runner.run(jobSteps('aac-apply.yml', 'superseded')('Say so on the pull request'));
      expect(r.code, r.stdout + r.stderr).toBe(0);
      return github.comments.slice(comments.length).map((c) => c.body);
    } finally {
      await github.close();
    }
  }

  it('runs after the apply job only when that job was cancelled (not on a refusal, a failure or replan)', () => {
    expect(job.needs).toEqual(['review', 'apply']);
    expect(job.if).toBe("${{ always() && !inputs.replan && needs.apply.result == 'cancelled' }}");
    expect(apply.jobs.review.outputs.key).toBe('${{ steps.show.outputs.key }}');
    // The pull request this commit merged is found in one place, the Action's, and handed on.
    expect(apply.jobs.review.outputs['pull-request']).toBe('${{ steps.show.outputs.pull-request }}');
    // And whose comments are trusted: the identity of the token the Action wrote them with.
    expect(apply.jobs.review.outputs.commenter).toBe('${{ steps.show.outputs.commenter }}');
    expect(jobSteps('aac-apply.yml', 'superseded')('Say so on the pull request').run).not.toContain('/pulls');
  });

  it("tells the merged pull request its apply was cancelled, what the newer one does, and how to apply", async () => {
    const told = await run(['<!-- aac-plan:assistants -->\n### aac plan · `assistants`\n\n**Plan: 0 to create, 1 to modify, 0 to delete, 0 unchanged.**\n']);
    expect(told).toHaveLength(1);
    expect(told[0]).toMatch(/^\*\*aac apply · `assistants`\*\*\n\n#### ⏹️ Not applied at ccccccc: the apply was cancelled\n/);
    expect(told[0]).toContain("cancels it when a newer merge's apply is queued");
    expect(told[0]).toContain('run the apply workflow with replan (and prune, if this plan deleted orphans)');
  });

  it('says nothing when the comment already has a result of this commit, or the commit was no merge', async () => {
    const plan = '<!-- aac-plan:assistants@prod -->\n### aac plan\n';
    expect(await run([`${plan}\n<!-- aac-apply -->\n---\n#### ⛔ Not applied at ccccccc\n\nwhy`])).toEqual([]);
    expect(await run([plan], '')).toEqual([]);
    // Another directory's comment with a result is not this one's.
    expect(await run(['<!-- aac-plan:other -->\n#### ✅ Applied at ccccccc\n'])).toHaveLength(1);
    // Nor is a result anyone else wrote.
    expect(await run([`${plan}\n<!-- aac-apply -->\n---\n#### ✅ Applied at ccccccc\n`], '7', 'mallory')).toHaveLength(1);
  });
});

describe("README's list of the Action's outputs", () => {
  it("is every output of action.yml, in its order, and no other", () => {
    const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
    const rows = readme.split("Outputs (in `action.yml`'s order):")[1]!.split('\n\n')[1]!.split('\n').slice(2);
    const named = rows.flatMap((r) => [...r.split('|')[1]!.matchAll(/`([a-z-]+)`/g)].map((m) => m[1]));
    expect(named).toEqual(Object.keys(action.outputs as Obj));
  });
});
