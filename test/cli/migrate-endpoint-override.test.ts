// `aac migrate` reads the live state behind a directory as `aac plan --dir DIR` would in the same
// shell, so an endpoint variable that overrides that directory's `endpoint:` is said as that plan
// says it: once on stderr, for the source and, with --verify, for --out. An OpenAI-protocol
// migration on two hosts (the Assistants and the Agents API) verifies with each directory's own
// `endpoint:` and the variable unset. Emulators of both APIs on loopback.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, expect, test } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { API_KEY, workspace } from '../apply/helpers.js';
import { runCli, END_TO_END } from '../helpers/cli.js';

const open: Array<{ close(): unknown }> = [];
afterEach(async () => {
  for (const o of open.splice(0)) await o.close();
});

async function emulator(provider: string): Promise<RunningEmulator> {
  const emu = await startEmulator({ provider, apiKey: API_KEY });
  open.push(emu);
  return emu;
}

const warnings = (stderr: string) => stderr.split('\n').filter((l) => l.startsWith('Warning:'));

test('migrate --verify says OPENAI_BASE_URL overrides the endpoint: of --out/aac.yaml; unset, each directory is read at its own', END_TO_END, async () => {
  const [assistants, agents] = [await emulator('openai'), await emulator('openai-agents')];
  const w = workspace();
  open.push({ close: () => w.cleanup() });
  const base = { OPENAI_API_KEY: API_KEY, AAC_NAMESPACE: undefined };
  writeFileSync(join(w.root, 'assistants', 'aac.yaml'), 'namespace: team-a\n');
  w.write('faq', { model: 'gpt-4o', name: 'FAQ', instructions: 'Answer from the FAQ.' });
  const onAssistants = { ...base, OPENAI_BASE_URL: assistants.url };
  expect((await runCli(['apply', '--yes'], { cwd: w.root, env: onAssistants })).code).toBe(0);
  const migrated = await runCli(['migrate', '--to', 'openai-agents', '--out', 'agents'], { cwd: w.root, env: onAssistants });
  expect(migrated.code, migrated.stderr).toBe(0);
  // The agents' host written in agents/aac.yaml, and applied there.
  const agentsConfig = join(w.root, 'agents', 'aac.yaml');
  writeFileSync(agentsConfig, `${readFileSync(agentsConfig, 'utf8')}endpoint: ${agents.url}\n`);
  const line = readFileSync(agentsConfig, 'utf8').split('\n').length - 1;
  const applied = await runCli(['apply', '--dir', 'agents', '--yes'], { cwd: w.root, env: { ...base, OPENAI_BASE_URL: undefined } });
  expect(applied.code, applied.stderr).toBe(0);

  // The variable, left set for the assistants, wins over agents/aac.yaml's endpoint: said as a plan says it.
  const verify = ['migrate', '--to', 'openai-agents', '--out', 'agents', '--verify'];
  const overridden = await runCli(verify, { cwd: w.root, env: onAssistants });
  expect(overridden.code).toBe(1);
  expect(warnings(overridden.stderr)).toEqual([`Warning: OPENAI_BASE_URL (${assistants.url}) overrides endpoint: ${agents.url} (agents/aac.yaml:${line}:11)`]);
  const plan = await runCli(['plan', '--dir', 'agents'], { cwd: w.root, env: onAssistants });
  expect(warnings(plan.stderr)).toEqual(warnings(overridden.stderr));
  expect(overridden.stderr).toContain('the variable wins; unset OPENAI_BASE_URL to use the endpoint in agents/aac.yaml, or make the two the same');

  // As README says: each directory's endpoint: in its aac.yaml, the variable unset.
  writeFileSync(join(w.root, 'assistants', 'aac.yaml'), `namespace: team-a\nendpoint: ${assistants.url}\n`);
  const verified = await runCli(verify, { cwd: w.root, env: { ...base, OPENAI_BASE_URL: undefined } });
  expect(verified.code, verified.stderr).toBe(0);
  expect(warnings(verified.stderr)).toEqual([]);
  expect(verified.stdout).toContain(`The live agents of agents/ match the definitions (read at ${agents.url})`);
  expect(verified.stdout).toContain(`The live assistants of assistants/ match the definitions (read at ${assistants.url})`);
}, 120_000);

test('the source read says it too, once however many environments inherit the top level endpoint:', END_TO_END, async () => {
  const assistants = await emulator('openai');
  const w = workspace();
  open.push({ close: () => w.cleanup() });
  const written = 'https://assistants.example.com/v1';
  writeFileSync(join(w.root, 'assistants', 'aac.yaml'), `namespace: team-a\nendpoint: ${written}\nenvironments:\n  dev:\n    namespace: team-a-dev\n  prod: {}\n`);
  w.write('faq', { model: 'gpt-4o', name: 'FAQ', instructions: 'Answer from the FAQ.' });
  const env = { OPENAI_API_KEY: API_KEY, AAC_NAMESPACE: undefined, OPENAI_BASE_URL: assistants.url };
  for (const name of ['dev', 'prod']) expect((await runCli(['apply', '--yes', '--env', name], { cwd: w.root, env })).code).toBe(0);
  const migrated = await runCli(['migrate', '--to', 'openai-agents', '--out', 'agents'], { cwd: w.root, env });
  expect(migrated.code, migrated.stderr).toBe(0);
  expect(warnings(migrated.stderr)).toEqual([`Warning: OPENAI_BASE_URL (${assistants.url}) overrides endpoint: ${written} (assistants/aac.yaml:2:11)`]);
}, 120_000);
