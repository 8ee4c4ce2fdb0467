// The reusable drift workflow's own shell steps against the emulator (the live API) and a
// loopback stand-in for GitHub's issues API: ONE issue opened on drift, updated while drift
// lasts, closed once it is gone.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { runCli } from '../helpers/cli.js';
import { startFakeGitHub, type FakeGitHub } from './fake-github.js';
import { jobSteps, Runner, secretExpressions, toolsOnPath } from './workflow-runner.js';

const step = jobSteps('aac-drift.yml', 'drift');

const KEY = 'sk-test-drift-5ecret-2222222222222222';
const MARKER = '<!-- aac-drift:assistants -->';

let bin: string;
beforeAll(() => {
  bin = toolsOnPath();
});

let emu: RunningEmulator | undefined;
let github: FakeGitHub | undefined;
afterEach(async () => {
  await emu?.close();
  await github?.close();
});

async function driftJob(ws: string, exprs: Record<string, string>) {
  const runner = new Runner(ws, exprs);
  runner.addPath(bin);
  runner.env.FAKE_GITHUB_API = github!.url;
  const plan = await runner.run(step('Plan'));
  expect(plan.code, plan.stderr).toBe(0);
  exprs['steps.plan.outputs.drift'] = plan.outputs.drift!;
  const issue = await runner.run(step('Open, update or close the drift issue'));
  expect(issue.code, issue.stderr).toBe(0);
  return { drift: plan.outputs.drift, log: issue.stdout, summary: readFileSync(runner.summary, 'utf8') };
}

describe('aac-drift.yml, step by step', () => {
  it('opens one issue on drift, updates it while drift lasts, and closes it when drift is gone', async () => {
    emu = await startEmulator({ apiKey: KEY });
    github = await startFakeGitHub();
    // Unrelated issues with the same label fill the first page: the marker, not the label alone, decides.
    github.issues.push(
      { number: 1, title: 'something else', body: 'not ours', state: 'open', labels: [{ name: 'aac-drift' }] },
      { number: 2, title: 'a pull request', body: MARKER, state: 'open', labels: [{ name: 'aac-drift' }], pull_request: {} },
    );
    const ws = mkdtempSync(join(tmpdir(), 'aac-repo-'));
    mkdirSync(join(ws, 'assistants'));
    writeFileSync(join(ws, 'assistants', 'support.yaml'), 'model: gpt-4o-mini\nname: Support\n');
    const exprs: Record<string, string> = {
      'inputs.dir': 'assistants',
      'inputs.working-directory': '.',
      'inputs.provider': '',
      'inputs.endpoint': emu.url,
      'inputs.label': 'aac-drift',
      ...secretExpressions({ OPENAI_API_KEY: KEY }),
      'github.token': 'write-token',
      'github.repository': 'acme/bots',
      'github.server_url': 'https://github.com',
      'github.run_id': '42',
    };
    const ours = () => github!.issues.filter((i) => i.body.startsWith(MARKER) && !i.pull_request);

    const first = await driftJob(ws, exprs);
    expect(first.drift).toBe('true');
    expect(ours()).toHaveLength(1);
    expect(ours()[0]).toMatchObject({ number: 3, state: 'open', title: 'Drift: live assistants differ from assistants', labels: [{ name: 'aac-drift' }] });
    expect(ours()[0]!.body).toContain('**Plan: 1 to create');
    expect(github.labels).toEqual(['aac-drift']);
    expect(first.summary).toContain('**Plan: 1 to create');
    expect(first.summary + first.log + ours()[0]!.body).not.toContain(KEY);

    writeFileSync(join(ws, 'assistants', 'billing.yaml'), 'model: gpt-4o-mini\nname: Billing\n');
    const second = await driftJob(ws, exprs);
    expect(second.log).toContain('updated drift issue #3');
    expect(ours()).toHaveLength(1);
    expect(ours()[0]!.body).toContain('**Plan: 2 to create');

    const applied = await runCli(['apply', '--yes'], { cwd: ws, env: { OPENAI_BASE_URL: emu.url, OPENAI_API_KEY: KEY } });
    expect(applied.code, applied.stderr).toBe(0);
    const third = await driftJob(ws, exprs);
    expect(third.drift).toBe('false');
    expect(third.log).toContain('closed drift issue #3');
    expect(ours()[0]).toMatchObject({ state: 'closed', state_reason: 'completed' });
    expect(github.comments.map((c) => [c.issue, c.body.startsWith('No drift any more')])).toEqual([[3, true]]);

    const fourth = await driftJob(ws, exprs);
    expect(fourth.log).toContain('no drift in assistants');
    // Other issues were never written to.
    expect(github.writes.filter((w) => /\/issues\/(1|2)\b/.test(w))).toEqual([]);
    expect(github.issues.find((i) => i.number === 1)!.state).toBe('open');
  });
});
