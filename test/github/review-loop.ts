// The pieces of a review-loop test: a git repository with definitions, the loopback GitHub, the
// emulator as the API, and the Action run as the pull-request job or the merge job.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { runAction, type ActionResult } from './action-runner.js';
import { ACTIONS_BOT, startFakeGitHub, type FakeGitHub, type WorkflowRun } from './fake-github.js';
import { jobSteps, Runner, toolsOnPath, type StepResult } from './workflow-runner.js';
import { expect } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { afterTest, testDir, testEmulator } from '../helpers/each-test.js';

export const KEY = 'sk-test-review-loop-5ecret-7777777777';
export const REPO = 'acme/bots';

export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com' },
  }).trim();
}

/** Writes files (path → text, relative to the repository) and commits them; returns the commit. */
export function commit(ws: string, files: Record<string, string | null>, message = 'change'): string {
  const removed = Object.keys(files).filter((path) => files[path] === null);
  const written = Object.keys(files).filter((path) => files[path] !== null);
  for (const path of written) {
    mkdirSync(dirname(join(ws, path)), { recursive: true });
    writeFileSync(join(ws, path), files[path]!);
  }
  // One git process for all the files of a kind: a test commits up to 60 files at once.
  if (removed.length > 0) git(ws, 'rm', '-q', '--', ...removed);
  if (written.length > 0) git(ws, 'add', '--', ...written);
  git(ws, 'commit', '-q', '--allow-empty', '-m', message);
  return git(ws, 'rev-parse', 'HEAD');
}

export interface Loop {
  ws: string;
  github: FakeGitHub;
  emu: RunningEmulator;
  bin: string;
}

/** A repository of `files` (path → text, committed on main), the loopback GitHub over it and the emulator taking KEY: all gone after the test. */
export async function startLoop(files: Record<string, string>): Promise<Loop> {
  const ws = testDir('aac-repo-');
  git(ws, 'init', '-q', '-b', 'main');
  commit(ws, files, 'initial');
  const github = await startFakeGitHub(ws);
  afterTest(() => github.close());
  const emu = await testEmulator({ apiKey: KEY });
  return { ws, github, emu, bin: toolsOnPath() };
}

/** A definition of `name` on gpt-4o-mini, with `extra` (YAML lines) after. */
export const def = (name: string, extra = '') => `model: gpt-4o-mini\nname: ${name}\n${extra}`;

/**
 * startLoop's repository with its definitions `files` applied, in the namespace the Action's runs
 * derive from the checkout (no AAC_NAMESPACE): `base`, the tip of main, points aac.yaml at the
 * emulator, and GitHub serves that aac.yaml; the emulator's stats start afresh.
 */
export async function appliedRepo(files: Record<string, string>): Promise<{ base: string; loop: Loop }> {
  const placeholder = 'http://placeholder.invalid/v1';
  const loop = await startLoop({ 'assistants/aac.yaml': `endpoint: ${placeholder}\n`, ...files });
  const config = `endpoint: ${loop.emu.url}\n`;
  const base = commit(loop.ws, { 'assistants/aac.yaml': config }, 'point at the API');
  const applied = await runCli(['apply', '--yes'], { cwd: loop.ws, env: { OPENAI_API_KEY: KEY, AAC_NAMESPACE: undefined } });
  expect(applied.code, applied.stderr).toBe(0);
  loop.github.contents[`${base}:assistants/aac.yaml`] = config;
  loop.github.branches.main = base;
  loop.emu.resetStats();
  return { base, loop };
}

/** The names of the emulator's live assistants, sorted. */
export const liveNames = (l: Loop) => l.emu.resources().map((a) => `${a.name}`).sort();

/** One file of a zip archive (an artifact), as bytes. */
export function unzipped(zip: Buffer, path: string): Buffer {
  const file = join(testDir('aac-zip-'), 'a.zip');
  writeFileSync(file, zip);
  return execFileSync('unzip', ['-p', file, path]);
}

/** The marker line that opens the sticky comment of the directory `assistants`. */
export const PLAN_MARKER = '<!-- aac-plan:assistants -->';

/** The pull request's change as a commit (#7, on `base`), and the plan job on it. */
export async function openPullRequest(l: Loop, base: string, files: Record<string, string | null>, inputs: Record<string, string> = {}): Promise<{ sha: string; job: Job }> {
  const sha = commit(l.ws, files, 'the pull request');
  l.github.prFiles[7] = Object.keys(files).map((filename) => ({ filename }));
  const job = await actionJob(l, { command: 'plan', ...inputs }, prEvent(7, sha, sha, base));
  return { sha, job };
}

let nextArtifact = 1;
let nextRun = 1000;

/**
 * The workflow run of a job with this `github` context, as the artifacts it uploads name it: a
 * pull request's run has the pull request's head commit and branch, and the fork's repository
 * (id 2) when `event.pull_request.head.repo.full_name` names another than this one (id 1).
 */
export function runOf(github: Record<string, string>): WorkflowRun {
  const headRepo = github['event.pull_request.head.repo.full_name'];
  return {
    id: nextRun++,
    event: github.event_name!,
    head_sha: github['event.pull_request.head.sha'] || github.sha!,
    head_branch: github.head_ref || github.ref_name!,
    repository_id: 1,
    head_repository_id: headRepo && headRepo !== REPO ? 2 : 1,
  };
}

/** Stores `zip` as an artifact uploaded by `run`, the newest of its name. */
export function storeArtifact(github: FakeGitHub, name: string, zip: Buffer, run: WorkflowRun): void {
  github.artifacts.push({
    id: nextArtifact++,
    name,
    expired: false,
    created_at: new Date(Date.now() + nextArtifact).toISOString(),
    workflow_run: run,
    zip,
  });
}

/** The stand-in for actions/upload-artifact: the directory's files and directories, zipped, stored by name on the fake GitHub. */
function uploadArtifact(github: FakeGitHub, run: WorkflowRun) {
  return (inputs: Record<string, string>) => {
    const dir = inputs.path!;
    const zip = join(testDir('aac-artifact-'), 'a.zip');
    // Paths relative to the uploaded directory, as upload-artifact keeps them (a directory an environment).
    execFileSync('zip', ['-q', '-r', zip, '.'], { cwd: dir });
    storeArtifact(github, inputs.name!, readFileSync(zip), run);
  };
}

/**
 * The timeout of a test that runs the Action's jobs as the runner does: each job is a dozen shell
 * steps, git, jq and several CLI processes one after another, and a test runs a few jobs: up to
 * ~50 s on an idle 2-core machine, and over 120 s for the environments' tests under a load of 8.
 */
export const WHOLE_JOBS = { timeout: 300_000 };

export interface Job {
  result: ActionResult;
  runner: Runner;
  summary: string;
}

/** The Action as one job of a workflow run: a fresh runner, `aac` and `gh` on PATH. */
export async function actionJob(
  loop: Loop,
  inputs: Record<string, string>,
  github: Record<string, string>,
  env: Record<string, string> = { OPENAI_API_KEY: KEY },
): Promise<Job> {
  // The job's checkout: the commit the event is about.
  git(loop.ws, 'checkout', '-q', '--detach', github.sha!);
  const runner = new Runner(loop.ws, (text) => text);
  runner.addPath(loop.bin);
  runner.env.FAKE_GITHUB_API = loop.github.url;
  const context = { repository: REPO, server_url: 'https://github.com', run_id: '42', token: 'write-token', ...github };
  const result = await runAction({
    runner,
    inputs,
    github: context,
    env,
    uses: { 'actions/upload-artifact': uploadArtifact(loop.github, runOf(context)) },
    skip: ['Set up aac'],
  });
  return { result, runner, summary: readFileSync(runner.summary, 'utf8') };
}

/** Ends the emulators a job's `emulator: true` started in the background (a runner ends them with the job). */
export function stopJobEmulators(job: Job): void {
  let pids = '';
  try {
    pids = readFileSync(join(job.runner.temp, 'aac', 'emulator.pids'), 'utf8');
  } catch {
    return;
  }
  for (const pid of pids.split('\n').filter(Boolean)) {
    try {
      process.kill(Number(pid));
    } catch {
      // already gone
    }
  }
}

/** The branch of pull request #7. */
export const HEAD_BRANCH = 'feature';

/** The `github` context of a pull request's run on its merge commit `sha`. */
export function prEvent(number: number, sha: string, head: string, base: string): Record<string, string> {
  return {
    event_name: 'pull_request',
    sha,
    ref_name: `${number}/merge`,
    ref_type: 'branch',
    'event.pull_request.number': String(number),
    'event.pull_request.head.sha': head,
    'event.pull_request.head.repo.full_name': REPO,
    'event.pull_request.base.sha': base,
    head_ref: HEAD_BRANCH,
  };
}

/** The `github` context of a push to main. */
export function pushEvent(sha: string): Record<string, string> {
  return {
    event_name: 'push',
    sha,
    ref_name: 'main',
    ref_type: 'branch',
    'event.pull_request.number': '',
    'event.pull_request.head.sha': '',
    'event.pull_request.head.repo.full_name': '',
    'event.pull_request.base.sha': '',
    head_ref: '',
  };
}

/** Pull request #7 merged as commit `sha` (the tip of main), its last commit `head`. */
export function merge(l: Loop, sha: string, head: string): void {
  l.github.commitPulls[sha] = [{ number: 7, merged_at: '2026-11-30T12:00:00Z', merge_commit_sha: sha, head: { sha: head, ref: HEAD_BRANCH } }];
  l.github.branches.main = sha;
}

/** The comments `login` wrote, oldest first. */
export const commentsBy = (l: Loop, login: string) => l.github.comments.filter((c) => c.user.login === login);

/** The comments the workflows wrote with `github.token`, oldest first. */
export const bot = (l: Loop) => commentsBy(l, ACTIONS_BOT);

/** The writes (every request but a GET) an API has had since its stats were last reset. */
export const writesTo = (emu: RunningEmulator) =>
  Object.entries(emu.stats().byRoute).filter(([route]) => !route.startsWith('GET')).reduce((n, [, c]) => n + c, 0);

/** aac-drift.yml's own issue step, run after `job`, the Action's plan as that workflow runs it. */
export async function driftIssueStep(l: Loop, job: Job, environments = ''): Promise<StepResult> {
  const runner = new Runner(l.ws, {
    'github.token': 'write-token',
    'github.repository': REPO,
    'github.server_url': 'https://github.com',
    'github.run_id': '42',
    'steps.aac.outputs.changes': job.result.outputs.changes!,
    'steps.aac.outputs.orphans': job.result.outputs.orphans!,
    'steps.aac.outputs.plan-path': job.result.outputs['plan-path']!,
    'steps.aac.outputs.environments': job.result.outputs.environments!,
    'inputs.dir': 'assistants',
    'inputs.working-directory': '.',
    'inputs.label': 'aac-drift',
    'inputs.environments': environments,
  });
  runner.addPath(l.bin);
  runner.env.FAKE_GITHUB_API = l.github.url;
  return runner.run(jobSteps('aac-drift.yml', 'drift')('Open, reopen, comment on or close the drift issue'));
}
