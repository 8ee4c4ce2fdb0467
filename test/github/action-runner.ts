// Runs this repository's Action (action.yml, a composite action) the way the runner does: its
// inputs with their defaults, each step's `if:` evaluated (success() by default), `env:` and
// `with:` expressions resolved, continue-on-error, steps' outputs and outcomes, and the Action's
// outputs at the end. `run:` steps run in bash through Runner; a `uses:` step runs the test's
// stand-in for that action (artifact upload), and fails the test when there is none.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { condition, interpolate, type Context, type Value } from './expressions.js';
import { repoRoot } from './run-scripts.js';
import { Runner } from './workflow-runner.js';

interface ActionStep {
  name?: string;
  id?: string;
  if?: string;
  run?: string;
  uses?: string;
  shell?: string;
  env?: Record<string, string>;
  with?: Record<string, string>;
  'working-directory'?: string;
  'continue-on-error'?: boolean;
}

interface ActionMetadata {
  inputs: Record<string, { default?: string }>;
  outputs: Record<string, { value: string }>;
  runs: { steps: ActionStep[] };
}

export interface StepRecord {
  name: string;
  outcome: 'success' | 'failure' | 'skipped';
  outputs: Record<string, string>;
  stdout: string;
  stderr: string;
}

export interface ActionResult {
  /** Every step by its name, in order. */
  steps: StepRecord[];
  step(name: string): StepRecord;
  outputs: Record<string, string>;
  /** Whether the Action failed (a step failed without continue-on-error). */
  failed: boolean;
  /** Everything the steps printed, in order, each step under its name and outcome (for failure messages). */
  log: string;
}

/** What a `uses:` step of the Action does in the test, by the action's name (`actions/upload-artifact`). */
export type UsesHandler = (inputs: Record<string, string>) => Promise<void> | void;

export interface ActionRunOptions {
  runner: Runner;
  inputs: Record<string, string>;
  /** `github` context values by path without `github.` (`sha`, `event.pull_request.number`, …). */
  github: Record<string, string>;
  /** The calling step's `env:` (credentials). */
  env?: Record<string, string>;
  uses?: Record<string, UsesHandler>;
  /** Steps that are not run, as if they had succeeded (the set-up, which the test did itself). */
  skip?: string[];
  actionPath?: string;
}

let metadata: ActionMetadata | undefined;

/**
 * action.yml, parsed once a test file: each job of a review-loop test reads it, and its ~1,000
 * lines took 30–200 ms to parse each time. Read-only: a test that changed it would change it for
 * every job after.
 */
export function actionMetadata(): ActionMetadata {
  metadata ??= parse(readFileSync(join(repoRoot, 'action.yml'), 'utf8')) as ActionMetadata;
  return metadata;
}

export async function runAction(opts: ActionRunOptions): Promise<ActionResult> {
  const action = actionMetadata();
  const ids = new Set(action.runs.steps.map((s) => s.id).filter(Boolean));
  const byId = new Map<string, StepRecord>();
  const records: StepRecord[] = [];
  let succeeded = true;
  const inputs: Record<string, string> = {};
  const lookup = (path: string): Value | undefined => {
    const [head, ...rest] = path.split('.');
    const key = rest.join('.');
    switch (head) {
      case 'inputs':
        return inputs[key];
      case 'github':
        return opts.github[key];
      case 'runner':
        return key === 'temp' ? opts.runner.temp : undefined;
      case 'env':
        return opts.runner.env[key] ?? '';
      case 'steps': {
        const [id, kind, name] = rest;
        if (!id || !ids.has(id)) return undefined;
        const rec = byId.get(id);
        if (kind === 'outputs' && name) return rec?.outputs[name] ?? '';
        if (kind === 'outcome' || kind === 'conclusion') return rec?.outcome ?? '';
        return undefined;
      }
      default:
        return undefined;
    }
  };
  const ctx: Context = {
    lookup,
    get succeeded() {
      return succeeded;
    },
  };
  for (const [name, def] of Object.entries(action.inputs)) {
    inputs[name] = name in opts.inputs ? opts.inputs[name]! : interpolate(def.default ?? '', ctx);
  }
  for (const name of Object.keys(opts.inputs)) {
    if (!(name in action.inputs)) throw new Error(`action.yml has no input '${name}'`);
  }

  let log = '';
  for (const step of action.runs.steps) {
    const name = step.name ?? step.id ?? step.uses ?? '?';
    let rec: StepRecord;
    if (!condition(step.if, ctx)) {
      rec = { name, outcome: 'skipped', outputs: {}, stdout: '', stderr: '' };
    } else if (opts.skip?.includes(name)) {
      rec = { name, outcome: 'success', outputs: {}, stdout: '', stderr: '' };
    } else if (step.uses) {
      const handler = Object.entries(opts.uses ?? {}).find(([n]) => step.uses!.startsWith(`${n}@`))?.[1];
      if (!handler) throw new Error(`the test has no stand-in for ${step.uses}`);
      const withValues = Object.fromEntries(Object.entries(step.with ?? {}).map(([k, v]) => [k, interpolate(String(v), ctx)]));
      await handler(withValues);
      rec = { name, outcome: 'success', outputs: {}, stdout: '', stderr: '' };
    } else {
      if (step.shell !== 'bash') throw new Error(`step '${name}' of a composite action needs shell: bash`);
      const env = {
        GITHUB_ACTION_PATH: opts.actionPath ?? repoRoot,
        ...opts.env,
        ...Object.fromEntries(Object.entries(step.env ?? {}).map(([k, v]) => [k, interpolate(String(v), ctx)])),
      };
      const cwd = step['working-directory'] ? interpolate(step['working-directory'], ctx) : '.';
      const r = await opts.runner.run({ run: step.run!, env }, cwd);
      rec = { name, outcome: r.code === 0 ? 'success' : 'failure', outputs: r.outputs, stdout: r.stdout, stderr: r.stderr };
      log += `--- ${name}: ${r.code === 0 ? 'success' : `failure (exit ${r.code})`}\n${r.stdout}${r.stderr}`;
      if (r.code !== 0 && !step['continue-on-error']) succeeded = false;
    }
    records.push(rec);
    if (step.id) byId.set(step.id, rec);
  }
  const outputs = Object.fromEntries(Object.entries(action.outputs).map(([k, o]) => [k, interpolate(o.value, ctx)]));
  return {
    steps: records,
    step: (name) => {
      const found = records.find((r) => r.name === name);
      if (!found) throw new Error(`action.yml has no step '${name}'`);
      return found;
    },
    outputs,
    failed: !succeeded,
    log,
  };
}
