// The pieces of a review-loop test with environments (issue 20): one definition set, three
// environments on three emulators (all gone after the test), the comment's sections, and
// aac-apply.yml's steps around the Action.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { expect } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { runCli } from '../helpers/cli.js';
import { testEmulator } from '../helpers/each-test.js';
import { commit, KEY, startLoop, type Loop } from './review-loop.js';
import { interpolate, type Value } from './expressions.js';
import { repoRoot } from './run-scripts.js';
import { jobSteps, Runner } from './workflow-runner.js';

/** The environments aac.yaml declares, in its order. */
export const ENVS = ['dev', 'staging', 'prod'] as const;
export type Env = (typeof ENVS)[number];

/** The value of the variable chat_model in each environment. */
export const MODELS: Record<Env, string> = { dev: 'gpt-4o-mini', staging: 'gpt-4o', prod: 'gpt-4o' };
/** aac.yaml declaring ENVS, each at its endpoint in `urls` with its MODELS value. */
const aacYaml = (urls: Record<Env, string>) =>
  [
    'provider: openai',
    'variables:',
    '  chat_model: { type: string }',
    'environments:',
    ...ENVS.map((e) => `  ${e}: { endpoint: "${urls[e]}", values: { chat_model: ${MODELS[e]} } }`),
    '',
  ].join('\n');
/** A definition of `name` on the environment's chat_model, with `extra` (YAML lines) after. */
export const def = (name: string, extra = '') => `model: \${var.chat_model}\nname: ${name}\n${extra}`;

/** A repository whose definitions are applied in every environment, each on its own emulator; `base`, the tip of main, points aac.yaml at them, and the emulators' stats start afresh. */
export async function appliedEnvironments(files: Record<string, string>) {
  const placeholder = 'http://placeholder.invalid/v1';
  const loop = await startLoop({ 'assistants/aac.yaml': aacYaml({ dev: placeholder, staging: `${placeholder}/s`, prod: `${placeholder}/p` }), ...files });
  const emus: Record<Env, RunningEmulator> = { dev: loop.emu, staging: await testEmulator({ apiKey: KEY }), prod: await testEmulator({ apiKey: KEY }) };
  const config = aacYaml({ dev: emus.dev.url, staging: emus.staging.url, prod: emus.prod.url });
  const base = commit(loop.ws, { 'assistants/aac.yaml': config }, 'point at the APIs');
  for (const env of ENVS) {
    const applied = await runCli(['apply', '--env', env, '--yes'], { cwd: loop.ws, env: { OPENAI_API_KEY: KEY, AAC_NAMESPACE: undefined } });
    expect(applied.code, applied.stderr).toBe(0);
  }
  loop.github.contents[`${base}:assistants/aac.yaml`] = config;
  loop.github.branches.main = base;
  for (const e of Object.values(emus)) e.resetStats();
  return { base, l: loop, emus };
}

/** Each environment's section of the comment, by name: from its marker line to the next (or the end marker's). */
export function sections(body: string): Record<string, string> {
  const [inside] = body.split('\n<!-- aac-env-end -->\n');
  return Object.fromEntries(
    inside!
      .split('\n<!-- aac-env:')
      .slice(1)
      .map((s) => [s.slice(0, s.indexOf(' -->')), s]),
  );
}

/** .github/workflows/aac-apply.yml, parsed. */
export const applyWorkflow = parse(readFileSync(join(repoRoot, '.github/workflows/aac-apply.yml'), 'utf8')) as Record<string, any>;
/** A step of a job of aac-apply.yml, by name. */
export const jobStep = (job: string, name: string) => {
  const found = (applyWorkflow.jobs[job].steps as Array<Record<string, any>>).find((s) => s.name === name);
  if (!found) throw new Error(`aac-apply.yml's ${job} job has no step '${name}'`);
  return found;
};
/** A step of aac-apply.yml that runs the Action. */
export const actionStep = (job: string, name: string) => {
  const step = jobStep(job, name);
  expect(step.uses).toBe('./.aac-action');
  return step;
};
/** A step's `with:` or `env:`, its expressions resolved from `values` (one it does not know fails the test). */
export function resolved(map: Record<string, unknown> | undefined, values: Record<string, Value>): Record<string, string> {
  const ctx = {
    lookup: (path: string) => (path in values ? values[path] : undefined),
    succeeded: true,
  };
  return Object.fromEntries(Object.entries(map ?? {}).map(([k, v]) => [k, interpolate(String(v), ctx)]));
}

/** aac-apply.yml's matrix step, run with the outputs of the review job's Action step that ran (`show`, or with replan `replan`). */
export async function chooseEnvironments(ws: string, outputs: Record<string, string>, ran: 'show' | 'replan' = 'show'): Promise<string[]> {
  const step = jobSteps('aac-apply.yml', 'review')('Choose the environments to apply');
  const values: Record<string, Value> = { 'inputs.environment': '', 'steps.show.outputs.changes': ran === 'show' ? (outputs.changes ?? '') : '' };
  for (const id of ['show', 'replan']) {
    for (const name of ['environments', 'changed-environments']) values[`steps.${id}.outputs.${name}`] = id === ran ? (outputs[name] ?? '') : '';
  }
  const r = await new Runner(ws, (text) => text).run({ run: step.run, env: resolved(step.env, values) });
  expect(r.code, r.stdout + r.stderr).toBe(0);
  return JSON.parse(r.outputs.environments!) as string[];
}

/** The exit code of `aac plan --env env --detailed-exitcode` in the loop's repository: 0 when the environment has no changes. */
export const planCode = async (l: Loop, env: Env) =>
  (await runCli(['plan', '--env', env, '--detailed-exitcode'], { cwd: l.ws, env: { OPENAI_API_KEY: KEY, AAC_NAMESPACE: undefined } })).code;

