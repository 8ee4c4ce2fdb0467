// `aac migrate --format json`: a document a CI job can gate on — what was written, each loss
// dropped as accepted, each note (a name that changed shape, a setting not carried) located — and,
// when it refuses, the error document every command prints, with each loss as a located diagnostic.
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, expect, test } from 'vitest';
import { runCli, END_TO_END } from '../helpers/cli.js';
import { testDir, testEmulator } from '../helpers/each-test.js';
import { writeFile } from './helpers.js';

const KEY = 'sk-test-migrate-json-000000';
let cwd: string;
const aac = (argv: string[]) => runCli([...argv, '--no-color'], { cwd, env: { AAC_NAMESPACE: undefined, OPENAI_BASE_URL: undefined } });

beforeEach(() => {
  cwd = testDir('aac-migrate-json-');
  mkdirSync(join(cwd, '.git'));
  writeFile(cwd, 'src/aac.yaml', 'namespace: t1\nendpoint: https://x.example/v1\n');
  writeFile(cwd, 'src/a.yaml', 'model: gpt-4o\nname: Billing Support\ntemperature: 0.5\n');
  writeFile(cwd, 'src/b.yaml', 'id: asst_BBBBBBBBBBBBBBBBBBBBBBBB\nmodel: gpt-4o\nname: B\n');
});

test('losses not accepted: the error document, each loss located; nothing written', END_TO_END, async () => {
  const r = await aac(['migrate', '--to', 'openai-agents', '--dir', 'src', '--out', 'out', '--format', 'json']);
  expect(r.code).toBe(1);
  const doc = JSON.parse(r.stdout) as { format_version: string; valid: boolean; diagnostics: Array<Record<string, unknown>> };
  expect(doc.format_version).toBe('1.1');
  // A gate on `valid` (`jq -e .valid`) fails the job.
  expect(doc.valid).toBe(false);
  expect(doc.diagnostics).toEqual([
    { severity: 'error', code: 'migrate-loss', file: 'src/a.yaml', line: 3, column: 1, path: 'temperature', message: "an agent has no temperature, nor any other sampling setting (the Agents API's CreateAgentParams has none): dropped", hint: 'change the source definitions, or run again with --accept-losses to write the definitions without those fields' },
    { severity: 'error', code: 'error', file: null, line: null, column: null, path: '', message: '1 field has no counterpart in openai-agents; nothing was written', hint: 'change the source definitions, or run again with --accept-losses to write the definitions without those fields' },
  ]);
  expect(existsSync(join(cwd, 'out'))).toBe(false);
});

test('written: every file, the losses dropped as accepted, the notes, the commands to run next', END_TO_END, async () => {
  const r = await aac(['migrate', '--to', 'openai-agents', '--dir', 'src', '--out', 'out', '--format', 'json', '--accept-losses']);
  expect(r.code, r.stderr).toBe(0);
  const doc = JSON.parse(r.stdout) as Record<string, unknown> & { written: Array<{ file: string; replaced: boolean }> };
  expect(doc).toEqual({
    format_version: '2.4',
    valid: true,
    error_count: 0,
    provider: 'openai-agents',
    from: { dir: 'src', provider: 'openai' },
    out: 'out',
    written: [{ file: 'out/a.yaml', replaced: false }, { file: 'out/b.yaml', replaced: false }, { file: 'out/aac.yaml', replaced: false }],
    definitions: 2,
    overlays: 0,
    fragments: 0,
    losses: [{ file: 'src/a.yaml', line: 3, column: 1, path: 'temperature', environment: null, why: "an agent has no temperature, nor any other sampling setting (the Agents API's CreateAgentParams has none): dropped" }],
    notes: [
      { kind: 'not-carried', file: 'src/aac.yaml', line: null, column: null, path: null, environment: null, note: expect.stringContaining('its endpoint https://x.example/v1 is not carried over') as unknown },
      { kind: 'not-carried', file: null, line: null, column: null, path: null, environment: null, note: '1 `id:` pin is not carried: each pins an assistant, and each migrated definition makes a new agent' },
    ],
    // The source's endpoint was not carried: the plan alone would go to the provider's default host.
    next: ["set `endpoint:` in out/aac.yaml to the host that serves openai-agents (the source's, https://x.example/v1, was not carried over; without one, the plan goes to https://api.openai.com/v1, the provider's default), then: aac plan --dir out"],
    retire: ['aac apply --prune --allow-empty --dir src'],
    // No key given: the source's live state was not read, and the document says why.
    live: [{ environment: null, read: false, endpoint: null, unread: 'OPENAI_API_KEY is not set', drift: [] }],
  });
  // A gate on `valid` (`jq -e .valid`) passes the job, as validate's document does.
  expect(doc.valid).toBe(true);
  for (const { file } of doc.written) expect(existsSync(join(cwd, file)), file).toBe(true);
});

test("a name that changes shape is a 'changed' note, located", END_TO_END, async () => {
  const r = await aac(['migrate', '--to', 'foundry-agents', '--dir', 'src', '--out', 'out', '--format', 'json']);
  expect(r.code, r.stderr).toBe(0);
  const doc = JSON.parse(r.stdout) as { notes: Array<Record<string, unknown>> };
  expect(doc.notes[0]).toEqual({ kind: 'changed', file: 'src/a.yaml', line: 2, column: 1, path: 'name', environment: null, note: expect.stringContaining("'Billing Support' becomes the agent name 'billing-support'") as unknown });
});

test('with environments, `retire` is one apply per environment, each run as printed', END_TO_END, async () => {
  writeFile(cwd, 'src/aac.yaml', 'namespace: t1\nenvironments:\n  dev: {}\n  prod: { namespace: t1-prod }\n');
  const r = await aac(['migrate', '--to', 'openai-agents', '--dir', 'src', '--out', 'out', '--format', 'json', '--accept-losses']);
  expect(r.code, r.stderr).toBe(0);
  const doc = JSON.parse(r.stdout) as { next: string[]; retire: string[] };
  expect(doc.next).toEqual(['aac plan --dir out --env dev', 'aac plan --dir out --env prod']);
  expect(doc.retire).toEqual(['aac apply --prune --allow-empty --dir src --env dev', 'aac apply --prune --allow-empty --dir src --env prod']);
  // Each as a job runs it once the definitions are removed: every environment's apply is taken
  // (`--yes`, which no printed command holds, as no job has a terminal to ask on).
  rmSync(join(cwd, 'src/a.yaml'));
  rmSync(join(cwd, 'src/b.yaml'));
  const emulator = await testEmulator({ apiKey: KEY });
  for (const command of doc.retire) {
    const [aacWord, ...argv] = command.split(' ');
    expect(aacWord).toBe('aac');
    const retired = await runCli([...argv, '--yes', '--no-color'], { cwd, env: { OPENAI_API_KEY: KEY, OPENAI_BASE_URL: emulator.url, AAC_NAMESPACE: undefined } });
    expect(retired.code, `${command}\n${retired.stderr}`).toBe(0);
  }
});

test('a namespace AAC_NAMESPACE gave is in each `retire` command, which prunes that namespace run anywhere without it', END_TO_END, async () => {
  writeFile(cwd, 'src/aac.yaml', 'namespace: t1\nenvironments:\n  dev: {}\n  prod: { namespace: t1-prod }\n');
  writeFile(cwd, 'src/b.yaml', 'model: gpt-4o\nname: B\n');
  const emulator = await testEmulator({ apiKey: KEY });
  const ours = () => emulator.resources().filter((a) => JSON.stringify(a.metadata ?? {}).includes('ci-team'));
  const env = { OPENAI_API_KEY: KEY, OPENAI_BASE_URL: emulator.url };
  // The source's resources, applied where AAC_NAMESPACE was set (a CI job's): it wins over aac.yaml's.
  for (const e of ['dev', 'prod']) {
    const applied = await runCli(['apply', '--yes', '--no-color', '--dir', 'src', '--env', e], { cwd, env: { ...env, AAC_NAMESPACE: 'ci-team' } });
    expect(applied.code, applied.stderr).toBe(0);
  }
  // One target for both environments (one host, one namespace): the same two.
  expect(ours()).toHaveLength(2);
  const r = await runCli(['migrate', '--to', 'openai-agents', '--dir', 'src', '--out', 'out', '--format', 'json', '--accept-losses', '--no-color'], { cwd, env: { AAC_NAMESPACE: 'ci-team', OPENAI_BASE_URL: undefined } });
  expect(r.code, r.stderr).toBe(0);
  const doc = JSON.parse(r.stdout) as { retire: string[] };
  expect(doc.retire).toEqual(['aac apply --prune --allow-empty --dir src --namespace ci-team --env dev', 'aac apply --prune --allow-empty --dir src --namespace ci-team --env prod']);
  rmSync(join(cwd, 'src/a.yaml'));
  rmSync(join(cwd, 'src/b.yaml'));
  // Run as printed from a shell without the variable: it deletes what the source made, in its namespace.
  for (const command of doc.retire) {
    const [, ...argv] = command.split(' ');
    const retired = await runCli([...argv, '--yes', '--no-color'], { cwd, env: { ...env, AAC_NAMESPACE: undefined } });
    expect(retired.code, `${command}\n${retired.stderr}`).toBe(0);
  }
  expect(ours()).toEqual([]);
});
