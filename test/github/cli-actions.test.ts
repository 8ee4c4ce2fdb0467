// The CLI as a GitHub Actions job sees it: GITHUB_ACTIONS=true, a job-summary file, the emulator
// on loopback standing in for the API.
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { runCli } from '../helpers/cli.js';
import { testDir, testEmulator } from '../helpers/each-test.js';

const KEY = 'sk-test-github-5ecret-1111111111111111';

/** A repository checkout with definitions in `<sub>/assistants/`. */
function workspace(files: Record<string, string>, sub = ''): { root: string; cwd: string; summary: string } {
  const root = testDir('aac-gha-');
  const cwd = join(root, sub);
  for (const [name, text] of Object.entries(files)) {
    const file = join(cwd, 'assistants', name);
    mkdirSync(join(file, '..'), { recursive: true });
    writeFileSync(file, text);
  }
  const summary = join(root, 'step-summary.md');
  writeFileSync(summary, '');
  return { root, cwd, summary };
}

const GOOD = 'model: gpt-4o-mini\nname: Support\ninstructions: Be brief.\n';
// The unknown field is on line 3, column 1.
const BAD = 'model: gpt-4o-mini\nname: Billing\ntemprature: 0.2\n';

function actionsEnv(ws: { root: string; summary: string }, extra: Record<string, string> = {}): Record<string, string> {
  return { GITHUB_ACTIONS: 'true', GITHUB_WORKSPACE: ws.root, GITHUB_STEP_SUMMARY: ws.summary, ...extra };
}

describe('aac validate in GitHub Actions', () => {
  it('writes each problem as an ::error annotation with file, line and column, and exits 1', async () => {
    const ws = workspace({ 'support.yaml': GOOD, 'billing.yaml': BAD });
    const r = await runCli(['validate'], { cwd: ws.cwd, env: actionsEnv(ws) });
    expect(r.code).toBe(1);
    const annotations = r.stderr.split('\n').filter((l) => l.startsWith('::'));
    expect(annotations).toHaveLength(1);
    expect(annotations[0]).toMatch(/^::error file=assistants\/billing\.yaml,line=3,col=1,title=[^:]+::.*temprature/);
    // A multi-line message stays one workflow command.
    expect(annotations[0]).not.toContain('\r');
  });

  it('gives paths relative to the repository when run in a subdirectory of it', async () => {
    const ws = workspace({ 'billing.yaml': BAD }, 'infra');
    const r = await runCli(['validate'], { cwd: ws.cwd, env: actionsEnv(ws) });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^::error file=infra\/assistants\/billing\.yaml,line=3,col=1,/m);
  });

  it('writes no workflow commands outside GitHub Actions', async () => {
    const ws = workspace({ 'billing.yaml': BAD });
    const r = await runCli(['validate'], { cwd: ws.cwd, env: {} });
    expect(r.code).toBe(1);
    expect(r.stdout + r.stderr).not.toMatch(/^::/m);
    expect(r.stdout + r.stderr).toContain('temprature');
  });

  it('exits 0 with no annotations for valid definitions', async () => {
    const ws = workspace({ 'support.yaml': GOOD });
    const r = await runCli(['validate'], { cwd: ws.cwd, env: actionsEnv(ws) });
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(/^::/m);
  });
});

describe('aac plan in GitHub Actions', () => {
  async function emulator(): Promise<RunningEmulator> {
    return testEmulator({ apiKey: KEY });
  }

  it('appends the markdown plan to the job summary, without colour, and exits 2 with --detailed-exitcode', async () => {
    const emu = await emulator();
    const ws = workspace({ 'support.yaml': GOOD });
    const env = actionsEnv(ws, { OPENAI_BASE_URL: emu.url, OPENAI_API_KEY: KEY });
    // A terminal would get colour; GitHub Actions must not, whatever the runner claims.
    const r = await runCli(['plan', '--detailed-exitcode'], { cwd: ws.cwd, env, tty: true });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('Plan: 1 to create, 0 to modify, 0 to delete');
    expect(r.stdout).not.toMatch(/\x1b\[/);

    const summary = readFileSync(ws.summary, 'utf8');
    // The summary line first, then a collapsible section per assistant.
    expect(summary.trimStart()).toMatch(/^[^\n]*1 to create/);
    expect(summary).toContain('<details');
    expect(summary).toContain('support');
    expect(summary).not.toContain(KEY);
    expect(r.stdout + r.stderr).not.toContain(KEY);
  });

  it('the markdown the plan workflow posts is the same plan the summary gets', async () => {
    const emu = await emulator();
    const ws = workspace({ 'support.yaml': GOOD });
    const env = actionsEnv(ws, { OPENAI_BASE_URL: emu.url, OPENAI_API_KEY: KEY });
    const r = await runCli(['plan', '--format', 'markdown', '--detailed-exitcode'], { cwd: ws.cwd, env });
    expect(r.code).toBe(2);
    // The workflow drops workflow-command lines (here the pause around the plan) from the comment.
    const posted = r.stdout.split('\n').filter((l) => !l.startsWith('::')).join('\n');
    expect(readFileSync(ws.summary, 'utf8').trim()).toBe(posted.trim());
  });

  it('exits 0 and says there is nothing to do once applied (the drift workflow closes its issue then)', async () => {
    const emu = await emulator();
    const ws = workspace({ 'support.yaml': GOOD });
    const env = actionsEnv(ws, { OPENAI_BASE_URL: emu.url, OPENAI_API_KEY: KEY });
    const applied = await runCli(['apply', '--yes'], { cwd: ws.cwd, env });
    expect(applied.code).toBe(0);
    const r = await runCli(['plan', '--format', 'markdown', '--detailed-exitcode'], { cwd: ws.cwd, env });
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain(KEY);
  });

  it('annotates invalid definitions and writes no plan to the summary', async () => {
    const emu = await emulator();
    const ws = workspace({ 'billing.yaml': BAD });
    const env = actionsEnv(ws, { OPENAI_BASE_URL: emu.url, OPENAI_API_KEY: KEY });
    const r = await runCli(['plan', '--format', 'markdown'], { cwd: ws.cwd, env });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^::error file=assistants\/billing\.yaml,line=3,col=1,/m);
    expect(existsSync(ws.summary) ? readFileSync(ws.summary, 'utf8') : '').toBe('');
    // The listing runs while the definitions load: reads may have gone out, never a write.
    expect(Object.keys(emu.stats().byRoute).every((route) => route.startsWith('GET '))).toBe(true);
  });
});
