// Runs one step of a workflow the way the GitHub runner does: `bash -eo pipefail`, the step's
// `env:` with its expressions resolved from a table, and the runner's files (GITHUB_OUTPUT,
// GITHUB_ENV, GITHUB_PATH, GITHUB_STEP_SUMMARY) read back after the step. Expressions the table
// does not know fail the test, so a renamed input or output cannot slip through.
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { assertBuilt, CLI, processEnv } from '../helpers/child-cli.js';
import { testDir } from '../helpers/each-test.js';

export interface StepResult {
  code: number;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
}

export class Runner {
  readonly temp: string;
  readonly summary: string;
  /** What earlier steps wrote to GITHUB_ENV. */
  readonly env: Record<string, string> = {};
  private readonly paths: string[] = [];

  constructor(
    readonly workspace: string,
    /** A table of the expressions the steps use, or a function that resolves any `${{ … }}`. */
    private readonly expressions: Record<string, string> | ((text: string) => string),
  ) {
    const runner = testDir('aac-runner-');
    this.temp = join(runner, 'temp');
    // The install step, which the tests replace with toolsOnPath(), also makes this.
    mkdirSync(join(this.temp, 'aac'), { recursive: true });
    this.summary = join(runner, 'step-summary.md');
    writeFileSync(this.summary, '');
  }

  addPath(dir: string): void {
    this.paths.unshift(dir);
  }

  private resolve(value: unknown): string {
    const expressions = this.expressions;
    if (typeof expressions === 'function') return expressions(String(value));
    return String(value).replace(/\$\{\{\s*(.+?)\s*\}\}/g, (_, expr: string) => {
      if (!(expr in expressions)) throw new Error(`the test does not know the expression: ${expr}`);
      return expressions[expr]!;
    });
  }

  async run(step: { run: string; env?: Record<string, unknown> }, workingDirectory = '.'): Promise<StepResult> {
    const files = mkdtempSync(join(this.temp, 'step-'));
    const output = join(files, 'output');
    const envFile = join(files, 'env');
    const pathFile = join(files, 'path');
    for (const f of [output, envFile, pathFile]) writeFileSync(f, '');
    const stepEnv = Object.fromEntries(Object.entries(step.env ?? {}).map(([k, v]) => [k, this.resolve(v)]));
    const env = {
      ...processEnv(),
      PATH: [...this.paths, process.env.PATH ?? ''].join(delimiter),
      HOME: process.env.HOME ?? this.temp,
      GITHUB_ACTIONS: 'true',
      GITHUB_WORKSPACE: this.workspace,
      RUNNER_TEMP: this.temp,
      GITHUB_OUTPUT: output,
      GITHUB_ENV: envFile,
      GITHUB_PATH: pathFile,
      GITHUB_STEP_SUMMARY: this.summary,
      ...this.env,
      ...stepEnv,
    };
    const script = join(files, 'script.sh');
    writeFileSync(script, step.run);
    const { code, stdout, stderr } = await new Promise<{ code: number; stdout: string; stderr: string }>((done, fail) => {
      const child = spawn('bash', ['--noprofile', '--norc', '-eo', 'pipefail', script], {
        cwd: resolve(this.workspace, workingDirectory),
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      let err = '';
      child.stdout.on('data', (d) => (out += d));
      child.stderr.on('data', (d) => (err += d));
      child.on('error', fail);
      child.on('close', (c) => done({ code: c ?? 1, stdout: out, stderr: err }));
    });
    Object.assign(this.env, parseCommandFile(readFileSync(envFile, 'utf8')));
    for (const p of readFileSync(pathFile, 'utf8').split('\n').filter(Boolean)) this.addPath(p);
    return { code, stdout, stderr, outputs: parseCommandFile(readFileSync(output, 'utf8')) };
  }

}

/** GITHUB_OUTPUT / GITHUB_ENV: `name=value` lines and `name<<DELIMITER` … `DELIMITER` blocks. */
export function parseCommandFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const body: string[] = [];
      while (++i < lines.length && lines[i] !== heredoc[2]) body.push(lines[i]!);
      out[heredoc[1]!] = body.join('\n');
    } else if (line.includes('=')) {
      out[line.slice(0, line.indexOf('='))] = line.slice(line.indexOf('=') + 1);
    }
  }
  return out;
}

const root = fileURLToPath(new URL('../../', import.meta.url));

export interface WorkflowStep {
  name?: string;
  run: string;
  env?: Record<string, unknown>;
  if?: string;
}

const workflows = new Map<string, any>();

/** The named steps of one job of one of this repository's workflows (each file parsed once a test file). */
export function jobSteps(file: string, job: string): (name: string) => WorkflowStep {
  if (!workflows.has(file)) workflows.set(file, parse(readFileSync(join(root, '.github', 'workflows', file), 'utf8')));
  const steps = workflows.get(file).jobs[job].steps as WorkflowStep[];
  return (name) => {
    const found = steps.find((s) => s.name === name);
    if (!found) throw new Error(`${file} has no step '${name}'`);
    return found;
  };
}

/** The secrets every reusable workflow declares; a test passes '' for the ones it does not use. */
export const WORKFLOW_SECRETS = [
  'OPENAI_API_KEY',
  'AAC_FOUNDRY_TOKEN',
  'AZURE_CLIENT_ID',
  'AZURE_TENANT_ID',
  'AZURE_CLIENT_SECRET',
  'PORTKEY_API_KEY',
  'PORTKEY_VIRTUAL_KEY',
  'ZEROBOT_API_KEY',
];

export function secretExpressions(values: Record<string, string> = {}): Record<string, string> {
  return Object.fromEntries(WORKFLOW_SECRETS.map((s) => [`secrets.${s}`, values[s] ?? '']));
}

let toolsFound = false;

/**
 * A directory with `aac` (package.json's bin, built, as the install step leaves it: that step needs
 * npm and the network) and `gh` (fake-gh.sh, talking to the loopback GitHub in FAKE_GITHUB_API).
 */
export function toolsOnPath(): string {
  assertBuilt();
  // The workflows' scripts use jq, as every GitHub-hosted runner has it.
  // Looked for once a test file: the review-loop tests call this for every test.
  if (!toolsFound) {
    if (spawnSync('jq', ['--version']).status !== 0) throw new Error('jq is missing: the workflow scripts need it (apt-get install jq)');
    toolsFound = true;
  }
  const bin = testDir('aac-bin-');
  writeFileSync(join(bin, 'aac'), `#!/usr/bin/env bash\nexec node ${JSON.stringify(CLI)} "$@"\n`);
  copyFileSync(join(root, 'test/github/fake-gh.sh'), join(bin, 'gh'));
  chmodSync(join(bin, 'aac'), 0o755);
  chmodSync(join(bin, 'gh'), 0o755);
  return bin;
}
