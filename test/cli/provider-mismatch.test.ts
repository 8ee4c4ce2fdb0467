// A provider that does not match the server's API (an emulator started with another --provider, a
// host of another API): the error names the route that was not found or refused and where the
// provider is chosen, and never the key.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { cleanupTrees, writeTree } from '../desired/helpers.js';
import { runCli } from '../helpers/cli.js';

const KEY = 'sk-mismatch-5ecret-0123456789';
const HINT = '(another provider is chosen with --provider or `provider:` in aac.yaml)';
let emulators: RunningEmulator[] = [];
afterEach(async () => {
  await Promise.all(emulators.map((e) => e.close()));
  emulators = [];
  cleanupTrees();
});

async function emulator(provider: string): Promise<RunningEmulator> {
  const emu = await startEmulator({ provider, apiKey: KEY });
  emulators.push(emu);
  return emu;
}

describe('a provider that does not match the server', () => {
  it('--provider openai-agents against an Assistants server: the route it has not, and --provider', async () => {
    const emu = await emulator('openai');
    const root = writeTree({ 'assistants/a.yaml': 'model: gpt-5\n' });
    const env = { OPENAI_BASE_URL: emu.url, OPENAI_API_KEY: KEY };
    const plan = await runCli(['plan', '--provider', 'openai-agents'], { cwd: root, env });
    expect(plan.code).toBe(1);
    expect(plan.stderr).toContain(
      `Error: listing agents: ${emu.url}/agents answered 404 (Invalid URL (GET /v1/agents)); check the endpoint (set by OPENAI_BASE_URL); ` +
        `the server may serve another API than that of the provider openai-agents: it has no route GET /v1/agents, which that API has ${HINT}`,
    );
    // apply's first write (its lock's create) says the same of its route.
    const apply = await runCli(['apply', '--provider', 'openai-agents', '--yes'], { cwd: root, env });
    expect(apply.code).toBe(1);
    expect(apply.stderr).toContain(`it has no route POST /v1/agents, which that API has ${HINT}`);
    for (const r of [plan, apply]) expect(r.stdout + r.stderr).not.toContain(KEY);
    expect(emu.resources()).toEqual([]);
  });

  it('an Assistants provider against the Agents API, and provider: in aac.yaml the same', async () => {
    const emu = await emulator('openai-agents');
    const root = writeTree({ 'assistants/a.yaml': 'model: gpt-4o\n', 'assistants/aac.yaml': 'provider: openai\n' });
    const r = await runCli(['plan'], { cwd: root, env: { OPENAI_BASE_URL: emu.url, OPENAI_API_KEY: KEY } });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`the server may serve another API than that of the provider openai: it has no route GET /v1/assistants, which that API has ${HINT}`);
    expect(r.stdout + r.stderr).not.toContain(KEY);
  });

  it('a list request another API refuses (a header, a query parameter it needs) gets the hint too, without the query', async () => {
    const foundry = await emulator('foundry-agents');
    const root = writeTree({ 'assistants/a.yaml': 'model: gpt-5\n' });
    const r = await runCli(['plan', '--provider', 'openai-agents'], { cwd: root, env: { OPENAI_BASE_URL: `${foundry.url}?code=QUERY-5ecret-99`, OPENAI_API_KEY: KEY } });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("Missing required query parameter: 'api-version'");
    expect(r.stderr).toContain(`the server may serve another API than that of the provider openai-agents: it refused GET ${new URL(foundry.url).pathname}/agents, a request that API takes ${HINT}`);
    for (const secret of [KEY, 'QUERY-5ecret-99']) expect(r.stdout + r.stderr).not.toContain(secret);
  });
});

describe('definitions of another kind than the provider takes are one error, not one per file', () => {
  const agents = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`fa/a${i}.yaml`, `name: agent-${i}\ndefinition:\n  kind: prompt\n  model: gpt-5\n  instructions: Hi.\n`]));

  it('--provider foundry over aac.yaml\'s foundry-agents: the provider, the kind the files are, and dropping --provider; json keeps each file', async () => {
    const root = writeTree({ 'fa/aac.yaml': 'provider: foundry-agents\nnamespace: fa\n', ...agents(5) });
    for (const command of ['plan', 'validate']) {
      const r = await runCli([command, '--dir', 'fa', '--provider', 'foundry'], { cwd: root, env: {} });
      expect(r.code, command).toBe(1);
      const out = r.stdout + r.stderr;
      expect(out).toContain("--provider foundry (over aac.yaml's provider: foundry-agents (fa/aac.yaml:1:11)) takes assistant definitions, but all 5 definition files in fa/ are definitions for foundry-agents (they write 'definition' at the top level, which assistant definitions do not have)");
      expect(out).toContain("drop --provider: aac.yaml's provider: foundry-agents reads them");
      expect(out).not.toContain("unknown field 'definition'");
      expect(out).not.toContain('fa/a3.yaml');
    }
    const json = await runCli(['validate', '--dir', 'fa', '--provider', 'foundry', '--format', 'json'], { cwd: root, env: {} });
    expect(JSON.parse(json.stdout).diagnostics.filter((d: { message: string }) => d.message === "unknown field 'definition' in the definition")).toHaveLength(5);
  });

  it("Assistants definitions under aac.yaml's foundry-agents: the providers that take them, and migrate; an openai-agents file is told apart", async () => {
    const root = writeTree({
      'as/aac.yaml': 'provider: foundry-agents\nnamespace: as\n',
      'as/a.yaml': 'model: gpt-4o\nname: A\ninstructions: Hi.\n',
      'as/b.yaml': 'model: gpt-4o\nname: B\n',
      'oa/o.yaml': 'model: gpt-5\nname: O\nreasoning: {effort: low}\n',
    });
    const r = await runCli(['plan', '--dir', 'as'], { cwd: root, env: {} });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("Error: aac.yaml's provider: foundry-agents (as/aac.yaml:1:11) takes foundry-agents definitions, but all 2 definition files in as/ are definitions for openai, foundry, portkey, zerobot or openai-agents (they write 'instructions' and 'model' at the top level, which foundry-agents definitions do not have); nothing was changed");
    expect(r.stderr).toContain("set aac.yaml's provider: to openai, foundry, portkey, zerobot or openai-agents; or to move them to foundry-agents, convert them with `aac migrate --to foundry-agents --dir as --out DIR`");
    const o = await runCli(['validate', '--dir', 'oa', '--provider', 'foundry-agents'], { cwd: root, env: {} });
    expect(o.stdout).toContain("error: --provider foundry-agents takes foundry-agents definitions, but the definition file oa/o.yaml is one for openai-agents (it writes 'model' and 'reasoning' at the top level, which foundry-agents definitions do not have)");
    expect(o.stdout).toContain('hint: run with `--provider openai-agents`\n');
  });

  it('a directory where one file is of the provider\'s kind keeps each file\'s errors', async () => {
    const root = writeTree({ 'fa/aac.yaml': 'provider: foundry\nnamespace: fa\n', ...agents(2), 'fa/ok.yaml': 'model: gpt-4o\nname: Ok\n' });
    const r = await runCli(['validate', '--dir', 'fa'], { cwd: root, env: {} });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("fa/a0.yaml:2:1: error: unknown field 'definition' in the definition");
    expect(r.stdout).not.toContain('definitions for foundry-agents');
  });

  it("an agent among files both kinds read, under a --provider over aac.yaml's openai-agents: drop the flag, not move the file to a directory of the provider this one has", async () => {
    const root = writeTree({
      'ag/aac.yaml': 'provider: openai-agents\nnamespace: ag\n',
      'ag/a.yaml': 'model: gpt-5\nname: A\n',
      'ag/b.yaml': 'model: gpt-5\nname: B\n',
      'ag/c.yaml': 'model: gpt-5\nname: C\n',
      'ag/d.yaml': 'model: gpt-5\nname: D\nreasoning: {effort: low}\n',
    });
    const DROP = "hint: 'reasoning' is a field of openai-agents definitions, not of assistant ones: this file looks like one of theirs; drop --provider: aac.yaml's provider: openai-agents (ag/aac.yaml:1:11) reads it\n";
    const r = await runCli(['validate', '--dir', 'ag', '--provider', 'openai', '--no-color'], { cwd: root, env: {} });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`ag/d.yaml:3:1: error: unknown field 'reasoning' in the definition [reasoning]\n  ${DROP}`);
    // a.yaml to c.yaml are agents as much as assistants: not counted as the flag's kind.
    expect(r.stdout).not.toContain('move it to a definitions directory');
    expect(r.stdout).not.toContain('are assistant ones');
    // Half the files of that kind: the same way out, not `pass --provider openai-agents instead`.
    writeFileSync(join(root, 'ag/c.yaml'), 'model: gpt-5\nname: C\nreasoning: {effort: high}\n');
    const half = await runCli(['validate', '--dir', 'ag', '--provider', 'openai', '--no-color'], { cwd: root, env: {} });
    expect(half.stdout).toContain(`ag/c.yaml:3:1: error: unknown field 'reasoning' in the definition [reasoning]\n  ${DROP}`);
    expect(half.stdout).not.toContain('instead');
    // The way out holds.
    expect((await runCli(['validate', '--dir', 'ag'], { cwd: root, env: {} })).code).toBe(0);
  });

  it('files told apart by no field, under a --provider over aac.yaml\'s: each file\'s errors, and the flag named as the override', async () => {
    // Assistants definitions under --provider openai-agents: temperature and a nested function tool
    // are errors with their own hints, which tell no kind, so no one error says the flag is at fault.
    const root = writeTree({
      'as/aac.yaml': 'provider: openai\nnamespace: as\n',
      'as/a.yaml': 'model: gpt-4o\ntemperature: 0.2\n',
      'as/b.yaml': 'model: gpt-4o\ntools:\n  - type: function\n    function: { name: f, parameters: { type: object } }\n  - type: code_interpreter\n',
    });
    const NOTE = "--provider openai-agents overrides aac.yaml's provider: openai (as/aac.yaml:1:11): if these are openai definitions, drop --provider";
    const plan = await runCli(['plan', '--dir', 'as', '--provider', 'openai-agents'], { cwd: root, env: { OPENAI_API_KEY: KEY } });
    expect(plan.code).toBe(1);
    expect(plan.stderr).toContain(`checks without credentials); ${NOTE}\n`);
    const validate = await runCli(['validate', '--dir', 'as', '--provider', 'openai-agents'], { cwd: root, env: {} });
    expect(validate.code).toBe(1);
    expect(validate.stdout).toContain(`fix the errors above.\nNote: ${NOTE}.\n`);
    // This directory is the Assistants one aac.yaml says: migrate reads it, into a directory of the user's.
    expect(validate.stdout).toContain('run `aac migrate --to openai-agents --dir as --out DIR`');
    expect(validate.stdout).not.toContain('--out as');
    // The way out holds; and without the flag, or with the flag aac.yaml names, nothing is said of it.
    expect((await runCli(['validate', '--dir', 'as'], { cwd: root, env: {} })).code).toBe(0);
    writeFileSync(join(root, 'as/c.yaml'), 'model: gpt-4o\ntemprature: 1\n');
    for (const flags of [[], ['--provider', 'openai']]) {
      const r = await runCli(['validate', '--dir', 'as', ...flags], { cwd: root, env: {} });
      expect(r.code).toBe(1);
      expect(r.stdout).not.toContain('overrides');
    }
  });
});
