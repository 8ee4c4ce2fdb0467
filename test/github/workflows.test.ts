// What the workflows promise, checked on their parsed structure: triggers, least permissions,
// one apply at a time, the sticky-comment marker, and no event text spliced into scripts.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { workflowBlocks } from './markdown-blocks.js';

type Obj = Record<string, any>;

const root = fileURLToPath(new URL('../../', import.meta.url));
const dir = join(root, '.github', 'workflows');
const load = (file: string): Obj => parse(readFileSync(join(dir, file), 'utf8')) as Obj;
const files = readdirSync(dir).filter((f) => /\.ya?ml$/.test(f));
const docs = workflowBlocks(readFileSync(join(root, 'README.md'), 'utf8')).map((b) => parse(b.text) as Obj);

const plan = load('aac-plan.yml');
const apply = load('aac-apply.yml');
const drift = load('aac-drift.yml');
const reusable = { 'aac-plan.yml': plan, 'aac-apply.yml': apply, 'aac-drift.yml': drift };

function steps(wf: Obj): Obj[] {
  return Object.values(wf.jobs as Obj).flatMap((job: Obj) => (job.steps as Obj[] | undefined) ?? []);
}
function runScripts(wf: Obj): string[] {
  return steps(wf)
    .map((s) => s.run)
    .filter((r): r is string => typeof r === 'string');
}
function step(wf: Obj, name: string): Obj {
  const found = steps(wf).find((s) => s.name === name);
  if (!found) throw new Error(`no step '${name}'`);
  return found;
}

describe('the reusable workflows', () => {
  it.each(Object.entries(reusable))('%s is only callable (workflow_call) and documents its inputs', (_, wf) => {
    expect(Object.keys(wf.on)).toEqual(['workflow_call']);
    for (const [name, input] of Object.entries(wf.on.workflow_call.inputs as Obj)) {
      expect(input.description, name).toEqual(expect.any(String));
    }
    for (const name of ['dir', 'working-directory', 'provider', 'node-version', 'aac-version']) {
      expect(wf.on.workflow_call.inputs).toHaveProperty([name]);
    }
  });

  it('ask for the least permissions, at the top and on each job', () => {
    const expected = {
      'aac-plan.yml': { contents: 'read', 'pull-requests': 'write' },
      'aac-apply.yml': { contents: 'read' },
      'aac-drift.yml': { contents: 'read', issues: 'write' },
    };
    for (const [file, wf] of Object.entries(reusable)) {
      expect(wf.permissions, file).toEqual(expected[file as keyof typeof expected]);
      for (const job of Object.values(wf.jobs as Obj)) expect(job.permissions, file).toEqual(expected[file as keyof typeof expected]);
    }
  });

  it('share the same inputs, secrets and install steps (copies that must not drift apart)', () => {
    const shared = (wf: Obj) => ({
      secrets: wf.on.workflow_call.secrets,
      inputs: Object.fromEntries(
        ['dir', 'working-directory', 'provider', 'endpoint', 'node-version', 'aac-version'].map((k) => [k, wf.on.workflow_call.inputs[k]]),
      ),
      setup: steps(wf).slice(0, 3),
    });
    expect(shared(apply)).toEqual(shared(plan));
    expect(shared(drift)).toEqual(shared(plan));
    expect(step(plan, 'Install aac').run).toContain('npm install --global');
  });

  it('never splice an expression into a shell script: values reach scripts through env', () => {
    for (const file of files) {
      for (const script of runScripts(load(file))) expect(script, file).not.toContain('${{');
    }
  });

  it('have shell scripts that bash can parse', () => {
    for (const [file, wf] of Object.entries(reusable)) {
      for (const script of runScripts(wf)) {
        const r = spawnSync('bash', ['-n'], { input: script, encoding: 'utf8' });
        expect(r.stderr, `${file}:\n${script}`).toBe('');
        expect(r.status).toBe(0);
      }
    }
  });
});

describe('aac-plan.yml', () => {
  const job = plan.jobs.plan as Obj;

  it('posts ONE sticky comment found by a hidden marker, through gh api', () => {
    const comment = step(plan, 'Comment on the pull request');
    expect(comment.run).toContain('marker="<!-- aac-plan:$KEY -->"');
    expect(comment.run).toMatch(/gh api --paginate "repos\/\$REPO\/issues\/\$PR\/comments"/);
    expect(comment.run).toContain('--method "$method"');
    expect(comment.run).toContain('startswith($m)');
    expect(comment.run).toContain('select(.user.login == "github-actions[bot]"');
    expect(comment.if).toContain("github.event_name == 'pull_request'");
    expect(comment.env.GH_TOKEN).toBe('${{ github.token }}');
  });

  it('validates first, plans in markdown with the detailed exit code, and fails on invalid definitions', () => {
    expect(step(plan, 'Validate').run).toContain('aac validate');
    const p = step(plan, 'Plan');
    expect(p.run).toMatch(/aac plan .*--format markdown --detailed-exitcode/);
    expect(p.if).toContain("steps.validate.outcome == 'success'");
    expect(step(plan, 'Fail on invalid definitions or a failed plan').if).toContain("steps.validate.outcome == 'failure'");
  });

  it('detects a fork (no secrets) and says so instead of failing on a missing key', () => {
    const creds = step(plan, 'Check credentials');
    expect(creds.env.IS_FORK).toContain('github.event.pull_request.head.repo.full_name != github.repository');
    expect(creds.run).toContain('comes from a fork');
    expect(step(plan, 'Plan').if).toContain("steps.creds.outputs.available == 'true'");
    expect(step(plan, 'Write the report').run).toContain('$REASON');
  });

  it('passes secrets only to the step that calls the API', () => {
    const withSecrets = steps(plan).filter((s) => JSON.stringify(s.env ?? {}).includes('${{ secrets.'));
    expect(withSecrets.map((s) => s.name).sort()).toEqual(['Check credentials', 'Plan']);
    // The credentials check sees only whether a secret is set, never its value.
    for (const v of Object.values(step(plan, 'Check credentials').env as Obj)) {
      if (String(v).includes('secrets.')) expect(String(v)).toMatch(/!= ''/);
    }
  });

  it('cancels a superseded plan of the same pull request', () => {
    expect(job.concurrency['cancel-in-progress']).toBe(true);
    expect(job.concurrency.group).toContain('github.event.pull_request.number');
  });
});

describe('aac-apply.yml', () => {
  const job = apply.jobs.apply as Obj;

  it('runs one apply at a time and never cancels one in progress', () => {
    expect(job.concurrency.group).toContain('inputs.dir');
    expect(job.concurrency['cancel-in-progress']).toBe(false);
  });

  it('runs in the optional environment and applies with --yes', () => {
    expect(job.environment).toBe('${{ inputs.environment }}');
    expect(apply.on.workflow_call.inputs.environment.default).toBe('');
    expect(step(apply, 'Apply').run).toMatch(/aac apply "\$\{args\[@\]\}" --yes/);
    expect(step(apply, 'Apply').run).toContain('GITHUB_STEP_SUMMARY'); // the log, when aac stopped before its own report
  });
});

describe('aac-drift.yml', () => {
  it('opens, updates or closes ONE issue found by label and a hidden marker', () => {
    expect(step(drift, 'Plan').run).toContain('--detailed-exitcode');
    const issue = step(drift, 'Open, update or close the drift issue').run as string;
    expect(issue).toContain('marker="<!-- aac-drift:$where -->"');
    expect(issue).toContain('gh api --paginate "repos/$REPO/issues?state=open&labels=$label_q&per_page=100"');
    expect(issue).toContain('startswith($m)');
    expect(issue).toContain('gh api --method PATCH "repos/$REPO/issues/$number"');
    expect(issue).toContain('gh api --method POST "repos/$REPO/issues"');
    expect(issue).toContain('state: "closed"');
  });
});

describe('triggers', () => {
  it('no workflow, here or in the docs, uses pull_request_target', () => {
    const triggers = (wf: Obj) => (typeof wf.on === 'string' ? [wf.on] : Array.isArray(wf.on) ? wf.on : Object.keys(wf.on));
    for (const file of files) expect(triggers(load(file)), file).not.toContain('pull_request_target');
    for (const d of docs) expect(triggers(d)).not.toContain('pull_request_target');
  });

  it('the documented plan caller runs on pull_request with the least permissions', () => {
    const caller = docs.find((d) => JSON.stringify(d.jobs).includes('aac-plan.yml'))!;
    expect(Object.keys(caller.on)).toEqual(['pull_request']);
    expect(caller.permissions).toEqual({ contents: 'read' });
    expect(caller.jobs.plan.permissions).toEqual({ contents: 'read', 'pull-requests': 'write' });
    expect(caller.jobs.plan.uses).toBe('your-org/assistants-as-code/.github/workflows/aac-plan.yml@v1');
  });

  it('every documented caller of a reusable workflow grants what that workflow asks for', () => {
    for (const d of docs) {
      for (const job of Object.values(d.jobs as Obj)) {
        const m = /workflows\/(aac-\w+\.yml)@/.exec(job.uses ?? '');
        if (m) expect(job.permissions, m[1]).toEqual(reusable[m[1] as keyof typeof reusable].permissions);
      }
    }
  });

  it('the demo plan runs the reusable plan workflow against the emulator on pull requests touching assistants/', () => {
    const demo = load('demo-plan.yml');
    expect(Object.keys(demo.on)).toEqual(['pull_request']);
    expect(demo.on.pull_request.paths).toContain('assistants/**');
    expect(demo.jobs.plan.uses).toBe('./.github/workflows/aac-plan.yml');
    expect(demo.jobs.plan.with).toMatchObject({ emulator: true, 'aac-version': 'project' });
    expect(step(plan, 'Start the bundled emulator').run).toContain('aac emulator --port 0');
  });

  it("CI tests every supported Node.js and lints the workflows", () => {
    const ci = load('ci.yml');
    expect(ci.permissions).toEqual({ contents: 'read' });
    expect(ci.jobs.test.strategy.matrix.node).toEqual(['20', '22', '24']);
    expect(runScripts({ jobs: { test: ci.jobs.test } })).toEqual([
      'npm ci --no-audit --no-fund',
      'npm run typecheck',
      'npm run build',
      'npm test',
    ]);
    expect(runScripts({ jobs: { lint: ci.jobs.actionlint } }).join('\n')).toContain('test/github/actionlint.test.ts');
  });
});
