// The reusable plan workflow's own shell steps, run in order as the runner would, against the
// CLI built in dist/ (its bundled emulator started by the workflow) and a loopback stand-in for
// GitHub's comments API: the sticky comment, the fork case and invalid definitions end to end.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { READ_ONLY_TOKEN, startFakeGitHub } from './fake-github.js';
import { jobSteps, Runner, secretExpressions, toolsOnPath } from './workflow-runner.js';

const step = jobSteps('aac-plan.yml', 'plan');

const GOOD = 'model: gpt-4o-mini\nname: Support\ninstructions: Be brief.\n';
const BAD = 'model: gpt-4o-mini\nname: Billing\ntemprature: 0.2\n';
const MARKER = '<!-- aac-plan:assistants -->';

// `aac` on PATH, as the workflow's install step leaves it (that step needs npm and the network).
let bin: string;
beforeAll(() => {
  bin = toolsOnPath();
});

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});


function expressions(over: Record<string, string>): Record<string, string> {
  const credsEnv = step('Check credentials').env as Record<string, string>;
  const unwrap = (v: string) => v.replace(/^\$\{\{\s*|\s*\}\}$/g, '');
  return {
    'inputs.dir': 'assistants',
    'inputs.working-directory': '.',
    'inputs.provider': '',
    'inputs.endpoint': '',
    'inputs.emulator': 'true',
    [unwrap(credsEnv.IS_FORK!)]: 'false',
    ...Object.fromEntries(['HAS_OPENAI', 'HAS_FOUNDRY', 'HAS_PORTKEY', 'HAS_ZEROBOT'].map((k) => [unwrap(credsEnv[k]!), 'false'])),
    ...secretExpressions(),
    'github.event.pull_request.head.sha || github.sha': 'abc1234def5678',
    'github.server_url': 'https://github.com',
    'github.repository': 'acme/bots',
    'github.run_id': '42',
    'github.token': 'write-token',
    'github.event.pull_request.number': '7',
    'github.actor': 'octocat',
    ...over,
  };
}

async function project(files: Record<string, string>) {
  const ws = mkdtempSync(join(tmpdir(), 'aac-repo-'));
  mkdirSync(join(ws, 'assistants'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(ws, 'assistants', name), text);
  const github = await startFakeGitHub();
  cleanups.push(() => github.close());
  return { ws, github };
}

/** The steps after installing, in order, with each `if:` decided as the runner would. */
async function planJob(runner: Runner, exprs: Record<string, string>, emulator: boolean) {
  if (emulator) {
    const started = await runner.run(step('Start the bundled emulator'));
    expect(started.code, started.stdout + started.stderr).toBe(0);
    cleanups.push(() => {
      try {
        process.kill(Number(runner.env.AAC_EMULATOR_PID));
      } catch {
        // already gone
      }
    });
  }
  const creds = await runner.run(step('Check credentials'));
  exprs['steps.creds.outcome'] = creds.code === 0 ? 'success' : 'failure';
  exprs['steps.creds.outputs.reason'] = creds.outputs.reason ?? '';
  const validate = await runner.run(step('Validate'));
  exprs['steps.validate.outcome'] = validate.code === 0 ? 'success' : 'failure';
  let plan;
  if (validate.code === 0 && creds.outputs.available === 'true') {
    plan = await runner.run(step('Plan'));
    exprs['steps.plan.outcome'] = plan.code === 0 ? 'success' : 'failure';
  } else {
    exprs['steps.plan.outcome'] = 'skipped';
  }
  const report = await runner.run(step('Write the report'));
  expect(report.code, report.stderr).toBe(0);
  exprs['steps.report.outputs.key'] = report.outputs.key!;
  const comment = await runner.run(step('Comment on the pull request'));
  return { creds, validate, plan, report: readFileSync(join(runner.temp, 'aac', 'report.md'), 'utf8'), comment };
}

describe('aac-plan.yml, step by step', () => {
  it('plans against the emulator and keeps ONE comment per directory, edited in place on every push', async () => {
    const { ws, github } = await project({ 'support.yaml': GOOD });
    // Other people's comments, one quoting the marker, fill the first page.
    github.comments.push(
      { id: 1, issue: 7, body: 'LGTM', user: { login: 'alice', type: 'User' } },
      { id: 2, issue: 7, body: `${MARKER}\nquoted by a person`, user: { login: 'bob', type: 'User' } },
      { id: 3, issue: 7, body: `${MARKER}\nanother app`, user: { login: 'other-app[bot]', type: 'Bot' } },
    );
    const exprs = expressions({});
    const runner = new Runner(ws, exprs);
    runner.addPath(bin);
    runner.env.FAKE_GITHUB_API = github.url;

    const first = await planJob(runner, exprs, true);
    expect(first.creds.outputs.available).toBe('true');
    expect(first.plan?.code, first.plan?.stderr).toBe(0);
    expect(first.plan?.outputs.changes).toBe('true');
    expect(first.report).toMatch(/^\*\*Plan: 1 to create, 0 to modify, 0 to delete/);
    expect(first.report).toContain('commit abc1234 · [run log](https://github.com/acme/bots/actions/runs/42)');
    expect(first.comment.code, first.comment.stderr).toBe(0);
    const bots = () => github.comments.filter((c) => c.user.login === 'github-actions[bot]');
    expect(bots()).toHaveLength(1);
    expect(bots()[0]!.body.startsWith(`${MARKER}\n**Plan: 1 to create`)).toBe(true);
    // aac wrote the plan to the job summary once; the workflow did not add a second copy.
    expect(readFileSync(runner.summary, 'utf8').match(/\*\*Plan:/g)).toHaveLength(1);

    // The next push adds a definition: the same comment now shows two creates.
    writeFileSync(join(ws, 'assistants', 'billing.yaml'), GOOD.replace('Support', 'Billing'));
    const second = await planJob(runner, exprs, false);
    expect(second.comment.code, second.comment.stderr).toBe(0);
    expect(bots()).toHaveLength(1);
    expect(bots()[0]!.body).toContain('**Plan: 2 to create');
    expect(github.writes).toEqual([
      'POST /repos/acme/bots/issues/7/comments',
      `PATCH /repos/acme/bots/issues/comments/${bots()[0]!.id}`,
    ]);
    expect(github.comments.find((c) => c.id === 2)!.body).toBe(`${MARKER}\nquoted by a person`);
  });

  it('on a fork (no secrets, read-only token): validates, skips the plan and says why, without failing', async () => {
    const { ws, github } = await project({ 'support.yaml': GOOD });
    const isFork = (step('Check credentials').env as Record<string, string>).IS_FORK!.replace(/^\$\{\{\s*|\s*\}\}$/g, '');
    const exprs = expressions({ 'inputs.emulator': 'false', [isFork]: 'true', 'github.token': READ_ONLY_TOKEN });
    const runner = new Runner(ws, exprs);
    runner.addPath(bin);
    runner.env.FAKE_GITHUB_API = github.url;

    const job = await planJob(runner, exprs, false);
    expect(job.creds.code).toBe(0);
    expect(job.creds.outputs.available).toBe('false');
    expect(job.creds.stdout).toMatch(/^::warning title=aac plan skipped::This pull request comes from a fork/m);
    expect(job.validate.code, job.validate.stdout + job.validate.stderr).toBe(0);
    expect(job.plan).toBeUndefined();
    expect(job.report).toContain('did not run');
    expect(job.report).toContain('comes from a fork');
    expect(readFileSync(runner.summary, 'utf8')).toContain('comes from a fork');
    // The comment cannot be written with a fork's token: a warning, not a failure.
    expect(job.comment.code).toBe(0);
    expect(job.comment.stdout).toContain('::warning title=aac plan::could not write the pull-request comment');
    expect(github.comments).toEqual([]);
  });

  it('tells Dependabot pull requests where their secrets go', async () => {
    const { ws } = await project({ 'support.yaml': GOOD });
    const runner = new Runner(ws, expressions({ 'inputs.emulator': 'false', 'inputs.provider': 'openai', 'github.actor': 'dependabot[bot]' }));
    const creds = await runner.run(step('Check credentials'));
    expect(creds.code).toBe(0);
    expect(creds.outputs.available).toBe('false');
    expect(creds.outputs.reason).toContain('add OPENAI_API_KEY as a Dependabot secret');
  });

  it('annotates invalid definitions, reports them in the comment without workflow commands, and fails the check', async () => {
    const { ws, github } = await project({ 'support.yaml': GOOD, 'billing.yaml': BAD });
    const exprs = expressions({});
    const runner = new Runner(ws, exprs);
    runner.addPath(bin);
    runner.env.FAKE_GITHUB_API = github.url;

    const job = await planJob(runner, exprs, true);
    expect(job.validate.code).toBe(1);
    expect(job.validate.stdout).toMatch(/^::error file=assistants\/billing\.yaml,line=3,col=1,/m);
    expect(job.plan).toBeUndefined();
    expect(job.report).toContain('`aac validate` found problems in `assistants`');
    expect(job.report).toContain("unknown field 'temprature'");
    expect(job.report).not.toMatch(/^::/m);
    expect(github.comments.map((c) => c.body.split('\n')[0])).toEqual([MARKER]);

    const fail = await runner.run(step('Fail on invalid definitions or a failed plan'));
    expect(fail.code).toBe(1);
    expect(fail.stdout).toMatch(/^::error title=aac validate::/m);
  });
});
