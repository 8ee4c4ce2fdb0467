// A namespace that holds a credential the run holds is part of what names every resource (the
// marker's metadata key on the host), as a definition's file name is: refused before any request,
// wherever it comes from — --namespace, AAC_NAMESPACE, aac.yaml's namespace:, an environment's
// namespace: — naming where and the variable, never the value, in text and JSON, and no plan file
// is written. A message that quotes a namespace (the override warning) redacts it as errors do.
// The CLI in-process against an emulator on loopback.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { writeFile } from '../environments/helpers.js';
import { runCli, type CliResult } from '../helpers/cli.js';
import { testDir, testEmulator } from '../helpers/each-test.js';

const KEY = 'sk-test-namespace-key-0123456789';
let emu: RunningEmulator;
let cwd: string;

const aac = (argv: string[], env: Record<string, string | undefined> = {}) => runCli(argv, { cwd, env: { OPENAI_API_KEY: KEY, OPENAI_BASE_URL: emu.url, AAC_NAMESPACE: undefined, ...env } });
const everything = (r: CliResult) => r.stdout + r.stderr;

beforeEach(async () => {
  emu = await testEmulator({ apiKey: KEY });
  cwd = testDir('aac-credential-namespace-');
  writeFile(cwd, 'a/aac.yaml', 'namespace: sec\n');
  writeFile(cwd, 'a/ok.yaml', 'model: gpt-4o\nname: n\n');
});

/** Runs plan (text, JSON, --out) and apply under `env` with `extra` flags: each refused with `said`, before any request, the key nowhere. */
async function refusedEverywhere(extra: string[], env: Record<string, string>, said: string[]): Promise<void> {
  for (const argv of [['plan'], ['plan', '--format', 'json'], ['plan', '--out', 'p.json'], ['apply', '--yes']]) {
    const run = await aac([...argv, '--dir', 'a', ...extra], env);
    const what = [...argv, ...extra].join(' ');
    expect(run.code, what).toBe(1);
    expect(everything(run), what).not.toContain(KEY);
    for (const text of said) expect(everything(run), what).toContain(text);
  }
  expect(existsSync(join(cwd, 'p.json'))).toBe(false);
  expect(emu.stats().total).toBe(0);
  expect(emu.resources()).toEqual([]);
}

const WHY = 'the namespace is part of what names every one of the assistants';

describe('a namespace that holds a credential of the run', () => {
  it('from --namespace: refused before any request, naming the flag and OPENAI_API_KEY', async () => {
    await refusedEverywhere(['--namespace', KEY], {}, [`--namespace holds the value of OPENAI_API_KEY: ${WHY}`, 'pass a namespace that is no credential']);
  });

  it('from AAC_NAMESPACE: refused alike, the variable named as the cause', async () => {
    await refusedEverywhere([], { AAC_NAMESPACE: KEY }, [`AAC_NAMESPACE holds the value of OPENAI_API_KEY: ${WHY}`, 'set AAC_NAMESPACE to a namespace that is no credential']);
  });

  it("from aac.yaml's namespace: a located error at the value", async () => {
    writeFile(cwd, 'a/aac.yaml', `# team\nnamespace: ${KEY}\n`);
    await refusedEverywhere([], {}, [`a/aac.yaml:2:12: namespace: holds the value of OPENAI_API_KEY: ${WHY}`, 'write a namespace that is no credential']);
    const json = await aac(['plan', '--dir', 'a', '--format', 'json']);
    const doc = JSON.parse(json.stdout) as { diagnostics: Array<{ code: string; file: string; line: number; column: number; path: string }> };
    expect(doc.diagnostics.map((d) => [d.code, d.file, d.line, d.column, d.path])).toEqual([['credential-in-namespace', 'a/aac.yaml', 2, 12, 'namespace']]);
  });

  it("from the chosen environment's namespace: located at that environment's entry", async () => {
    writeFile(cwd, 'a/aac.yaml', `namespace: sec\nenvironments:\n  dev: {}\n  prod:\n    namespace: ${KEY}\n`);
    await refusedEverywhere(['--env', 'prod'], {}, [`a/aac.yaml:5:16: environments.prod.namespace: holds the value of OPENAI_API_KEY: ${WHY}`]);
    // Another environment's run is not refused for it.
    const dev = await aac(['plan', '--dir', 'a', '--env', 'dev']);
    expect(dev.code, dev.stderr).toBe(0);
    expect(everything(dev)).not.toContain(KEY);
  });

  it("from another environment's namespace on the run's host (foundry-agents, where names are shared): refused before any request, at that entry", async () => {
    const foundry = await testEmulator({ provider: 'foundry-agents' });
    const token = 'entra-token-of-the-namespace-test';
    writeFile(cwd, 'f/aac.yaml', `provider: foundry-agents\nenvironments:\n  dev: { namespace: bots-dev }\n  prod:\n    namespace: ${token}\n`);
    writeFile(cwd, 'f/helper.yaml', 'name: helper\ndefinition: { kind: prompt, model: gpt-4o }\n');
    const env = { AZURE_AI_PROJECT_ENDPOINT: foundry.url, AAC_FOUNDRY_TOKEN: token };
    // Each of these reads prod's namespace to tell whose an agent's name is (plan, apply, import).
    for (const argv of [['plan'], ['plan', '--format', 'json'], ['apply', '--yes'], ['import', '--dry-run']]) {
      const run = await aac([...argv, '--dir', 'f', '--env', 'dev'], env);
      const what = argv.join(' ');
      expect(run.code, what).toBe(1);
      expect(everything(run), what).not.toContain(token);
      if (argv[1] !== '--format') expect(run.stderr, what).toContain(`f/aac.yaml:5:16: environments.prod.namespace: holds the value of AAC_FOUNDRY_TOKEN: the namespace is part of what names every one of the agents`);
    }
    expect(foundry.stats().total).toBe(0);
    expect(foundry.resources()).toEqual([]);
  });

  it('with a credential in a definition\'s name too: both refused in one run, before any request, in text and JSON', async () => {
    writeFile(cwd, 'a/aac.yaml', `# team\nnamespace: ${KEY}\n`);
    writeFile(cwd, `a/${KEY}.yaml`, 'model: gpt-4o\n');
    for (const argv of [['plan'], ['apply', '--yes'], ['plan', '--format', 'json']]) {
      const run = await aac([...argv, '--dir', 'a']);
      const what = argv.join(' ');
      expect(run.code, what).toBe(1);
      expect(everything(run), what).not.toContain(KEY);
      expect(everything(run), what).toContain(`a/aac.yaml:2:12: namespace: holds the value of OPENAI_API_KEY: ${WHY}`);
      expect(everything(run), what).toContain('a/[redacted].yaml: its file name and key hold the value of OPENAI_API_KEY');
      expect(everything(run), what).toContain('write a namespace that is no credential');
      expect(everything(run), what).toContain('rename the file');
    }
    const json = await aac(['plan', '--dir', 'a', '--format', 'json']);
    const doc = JSON.parse(json.stdout) as { diagnostics: Array<{ code: string; file: string | null; line: number | null }> };
    // Each located: the namespace at its place, the definition at its file's top.
    expect(doc.diagnostics.filter((d) => d.file !== null).map((d) => [d.code, d.file, d.line])).toEqual([['credential-in-namespace', 'a/aac.yaml', 2], ['credential-value', 'a/[redacted].yaml', 1]]);
    expect(emu.stats().total).toBe(0);
  });

  it('the override warning quotes a namespace written in aac.yaml redacted, and the run writes only its own', async () => {
    writeFile(cwd, 'a/aac.yaml', `namespace: ${KEY}\n`);
    const run = await aac(['apply', '--dir', 'a', '--yes'], { AAC_NAMESPACE: 'team-a' });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain('Warning: AAC_NAMESPACE (team-a) overrides namespace: [redacted] (a/aac.yaml:1:12)');
    expect(everything(run)).not.toContain(KEY);
    expect(JSON.stringify(emu.resources())).not.toContain(KEY);
    expect(readFileSync(join(cwd, 'a/aac.yaml'), 'utf8')).toContain(KEY);
  });
});
