// Values that must never show as a difference, end to end over HTTP against the emulator: two
// checkouts of one commit (CRLF and a BOM on Windows, LF on Linux), and values a definition leaves
// to the server, whatever the server resolved them to.
// Its applies run with -lock=false: they count the writes apply makes for the definitions, and
// the lock's own create and delete (on by default) are tested in test/lock.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { API_KEY, harness, writeCount, type Harness } from '../apply/helpers.js';
import { emulator, envFor } from '../backends/helpers.js';
import { runCli } from '../helpers/cli.js';
import { testDir } from '../helpers/each-test.js';

let h: Harness | undefined;
// A bare emulator and a directory of definitions, for runs that import or pick their provider.
let emu: RunningEmulator | undefined;
let dir: string | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
  await emu?.close();
  emu = undefined;
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

const PROMPT = 'You answer billing questions.\n\nAlways cite the invoice number.\n';
const DEFINITION = 'model: gpt-4o\nname: Billing\ninstructions_file: ../prompts/billing.md\ndescription: |\n  Two lines\n  of description.\n';

/** Writes the definition and its prompt with the given line break and, optionally, a BOM. */
function checkout(root: string, eol: string, bom: boolean): void {
  const text = (s: string) => (bom ? '\uFEFF' : '') + s.replace(/\n/g, eol);
  mkdirSync(join(root, 'prompts'), { recursive: true });
  writeFileSync(join(root, 'prompts', 'billing.md'), text(PROMPT));
  writeFileSync(join(root, 'assistants', 'billing.yaml'), text(DEFINITION));
}

describe('one text rule for every file aac reads', () => {
  it('a Windows checkout (CRLF, BOM) and a Linux one (LF) of the same commit plan no changes against each other', async () => {
    h = await harness();
    checkout(h.ws.root, '\n', false);
    expect((await h.cli(['apply', '-lock=false', '--yes'])).code).toBe(0);
    expect(h.emu.resources()[0]!.instructions).toBe(PROMPT);
    for (const [eol, bom] of [['\r\n', true], ['\r\n', false], ['\r', false], ['\n', true]] as const) {
      checkout(h.ws.root, eol, bom);
      const plan = await h.cli(['plan', '--detailed-exitcode']);
      expect(plan.stdout + plan.stderr, JSON.stringify({ eol, bom })).toContain("No changes in namespace 'test'.");
      expect(plan.code).toBe(0);
    }
    // And the other way round: applied from the Windows checkout, the stored text is LF, no BOM.
    h.emu.mutate(h.emu.resources()[0]!.id as string, { instructions: 'edited by hand' });
    checkout(h.ws.root, '\r\n', true);
    expect((await h.cli(['apply', '-lock=false', '--yes'])).code).toBe(0);
    expect(h.emu.resources()[0]!.instructions).toBe(PROMPT);
    expect(h.emu.resources()[0]!.description).toBe('Two lines\nof description.\n');
  });

  it('aac.yaml with CRLF and a BOM reads as the same config', async () => {
    h = await harness();
    writeFileSync(join(h.ws.root, 'assistants', 'aac.yaml'), '\uFEFFprovider: openai\r\noptions:\r\n  concurrency: 2\r\n');
    checkout(h.ws.root, '\r\n', true);
    const r = await h.cli(['validate']);
    expect(r.stdout + r.stderr).not.toMatch(/error|warning/i);
    expect(r.code).toBe(0);
  });
});

describe('values left to the server', () => {
  const SEARCH = { model: 'gpt-4o', name: 'Search', tools: [{ type: 'code_interpreter' }, { type: 'file_search', file_search: { ranking_options: { ranker: 'auto', score_threshold: 0.4 } } }] };
  // Foundry's schema takes any ranker name and its newer spec lists `default-2024-11-15`; OpenAI's
  // lists only `auto` and `default_2024_08_21`.
  const HOSTS = [
    { provider: 'openai', ranker: 'default_2024_08_21' },
    { provider: 'openai', ranker: 'auto' },
    { provider: 'foundry', ranker: 'default-2024-11-15' },
  ] as const;
  const start = async (provider: 'openai' | 'foundry', defs: Record<string, Record<string, unknown>>) => {
    const harnessed = await harness(defs, { provider });
    const env = provider === 'foundry' ? { AAC_FOUNDRY_TOKEN: API_KEY, AZURE_AI_PROJECT_ENDPOINT: harnessed.emu.url } : {};
    return { ...harnessed, cli: (argv: string[]) => harnessed.cli([...argv, '--provider', provider], { env }) };
  };

  it('a host that resolves `auto` (or no ranker) to any ranker shows no diff and gets no write', async () => {
    for (const { provider, ranker } of HOSTS) {
      for (const fileSearch of [SEARCH.tools[1]!, { type: 'file_search' }]) {
        h = await start(provider, { search: { ...SEARCH, tools: [SEARCH.tools[0], fileSearch] } });
        expect((await h.cli(['apply', '-lock=false', '--yes'])).code).toBe(0);
        const threshold = 'file_search' in fileSearch ? 0.4 : 0;
        // What a host that picks its own ranker stores.
        const resolved = { ranking_options: { ranker, score_threshold: threshold } };
        h.emu.mutate(h.emu.resources()[0]!.id as string, { tools: [{ type: 'code_interpreter' }, { type: 'file_search', file_search: resolved }] });
        const plan = await h.cli(['plan', '--detailed-exitcode']);
        expect(plan.stdout + plan.stderr, `${provider} ${ranker}`).toContain("No changes in namespace 'test'.");
        expect(plan.code).toBe(0);
        const writes = writeCount(h.emu);
        expect((await h.cli(['apply', '-lock=false', '--yes'])).code).toBe(0);
        expect(writeCount(h.emu)).toBe(writes);
        await h.close();
        h = undefined;
      }
    }
  });

  it('a ranker or a result count the definition names is still compared, and sent', async () => {
    const named = { type: 'file_search', file_search: { max_num_results: 5, ranking_options: { ranker: 'default_2024_08_21', score_threshold: 0.4 } } };
    h = await start('foundry', { search: { ...SEARCH, tools: [named] } });
    const first = await h.cli(['apply', '-lock=false', '--yes']);
    expect(first.code, first.stdout + first.stderr).toBe(0);
    h.emu.mutate(h.emu.resources()[0]!.id as string, { tools: [{ type: 'file_search', file_search: { max_num_results: 20, ranking_options: { ranker: 'default-2024-11-15', score_threshold: 0.4 } } }] });
    const plan = await h.cli(['plan', '--detailed-exitcode']);
    expect(plan.code).toBe(2);
    expect(plan.stdout).toContain('~ file_search.max_num_results: 20 → 5');
    expect(plan.stdout).toContain('~ file_search.ranking_options.ranker: "default-2024-11-15" → "default_2024_08_21"');
    expect((await h.cli(['apply', '-lock=false', '--yes'])).code).toBe(0);
    expect(h.emu.resources()[0]!.tools).toMatchObject([named]);
  });
});

describe('a file_search max_num_results, which the API echoes when sent and never fills in', () => {
  const HOSTS = ['openai', 'foundry', 'portkey', 'zerobot'] as const;
  const tool = (fileSearch?: Record<string, unknown>) => ({ type: 'file_search', ...(fileSearch ? { file_search: fileSearch } : {}) });

  it.each(HOSTS)('%s: import keeps a sent one, drift in it shows, and removing it plans an update', async (provider) => {
    emu = await emulator(provider);
    dir = testDir('aac-max-results-');
    const cli = (argv: string[]) => runCli([...argv, '--dir', 'imported', '--provider', provider], { cwd: dir, env: envFor(provider, emu!.url) });
    const [id] = emu.seed([{ model: 'gpt-4o', name: 'Hand Made', tools: [tool({ max_num_results: 5 })] }]).map((a) => a.id as string);

    const imported = await cli(['import']);
    expect(imported.code, imported.stdout + imported.stderr).toBe(0);
    const file = join(dir, 'imported', 'hand-made.yaml');
    expect(parse(readFileSync(file, 'utf8')).tools).toEqual([tool({ max_num_results: 5 })]);
    expect((await cli(['apply', '-lock=false', '--yes'])).code).toBe(0);

    emu.mutate(id!, { tools: [tool({ max_num_results: 50 })] });
    const drift = await cli(['plan', '--detailed-exitcode']);
    expect(drift.code, drift.stdout + drift.stderr).toBe(2);
    expect(drift.stdout).toContain('~ file_search.max_num_results: 50 → 5');
    expect((await cli(['apply', '-lock=false', '--yes'])).code).toBe(0);
    expect(emu.resources()[0]!.tools).toMatchObject([tool({ max_num_results: 5 })]);

    writeFileSync(file, readFileSync(file, 'utf8').replace(/\n\s*file_search:\s*\n\s*max_num_results: 5/, ''));
    expect(parse(readFileSync(file, 'utf8')).tools).toEqual([tool()]);
    const removed = await cli(['plan', '--detailed-exitcode']);
    expect(removed.code, removed.stdout + removed.stderr).toBe(2);
    expect(removed.stdout).toContain('- file_search.max_num_results = 5');
    expect((await cli(['apply', '-lock=false', '--yes'])).code).toBe(0);
    const live = emu.resources()[0]!.tools as Array<Record<string, Record<string, unknown> | undefined>>;
    expect(live[0]!.file_search?.max_num_results).toBeUndefined();
    expect((await cli(['plan', '--detailed-exitcode'])).code).toBe(0);
  });
});

describe("a file_search ranker, as each host's spec allows", () => {
  const dated = { type: 'file_search', file_search: { ranking_options: { ranker: 'default-2024-11-15', score_threshold: 0.2 } } };

  it("foundry (any ranker its host names): import writes Foundry's own ranker, the plan is clean, and a change to it is planned and sent", async () => {
    emu = await emulator('foundry');
    dir = testDir('aac-ranker-');
    const cli = (argv: string[]) => runCli([...argv, '--dir', 'classic', '--provider', 'foundry'], { cwd: dir, env: envFor('foundry', emu!.url) });
    emu.seed([{ model: 'gpt-4o', name: 'Hand Classic', tools: [dated] }]);
    const imported = await cli(['import']);
    expect(imported.code, imported.stdout + imported.stderr).toBe(0);
    const file = join(dir, 'classic', 'hand-classic.yaml');
    expect(parse(readFileSync(file, 'utf8')).tools).toEqual([dated]);
    expect((await cli(['apply', '-lock=false', '--yes'])).code).toBe(0);
    expect((await cli(['plan', '--detailed-exitcode'])).code).toBe(0);
    writeFileSync(file, readFileSync(file, 'utf8').replace('default-2024-11-15', 'default-2025-01-01'));
    const plan = await cli(['plan', '--detailed-exitcode']);
    expect(plan.code, plan.stdout + plan.stderr).toBe(2);
    expect(plan.stdout).toContain('~ file_search.ranking_options.ranker: "default-2024-11-15" → "default-2025-01-01"');
    expect((await cli(['apply', '-lock=false', '--yes'])).code).toBe(0);
    expect(emu.resources()[0]!.tools).toMatchObject([{ file_search: { ranking_options: { ranker: 'default-2025-01-01' } } }]);
  });

  it.each(['openai', 'portkey', 'zerobot'] as const)("%s (OpenAI's enum): Foundry's ranker is refused at its place, naming the provider that takes it", async (provider) => {
    dir = testDir('aac-ranker-');
    mkdirSync(join(dir, 'defs'));
    writeFileSync(join(dir, 'defs', 'a.yaml'), 'model: gpt-4o\ntools:\n  - type: file_search\n    file_search:\n      ranking_options: { ranker: default-2024-11-15, score_threshold: 0.2 }\n');
    const r = await runCli(['validate', '--dir', 'defs', '--provider', provider], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout + r.stderr).toContain(`a.yaml:5:34: error: ranker 'default-2024-11-15' is not one provider ${provider} takes: auto, default_2024_08_21 (openai-openapi FileSearchRanker); --provider foundry takes it`);
    writeFileSync(join(dir, 'defs', 'a.yaml'), readFileSync(join(dir, 'defs', 'a.yaml'), 'utf8').replace('default-2024-11-15', 'default_2024_08_21'));
    expect((await runCli(['validate', '--dir', 'defs', '--provider', provider], { cwd: dir })).code).toBe(0);
  });
});

describe('a field the host does not have', () => {
  it('Foundry classic (no `strict`): a plan shows no strict the host would never hold, and one it echoes is not a change', async () => {
    const fn = { type: 'function', function: { name: 'lookup', parameters: { type: 'object', properties: {} } } };
    const format = { type: 'json_schema', json_schema: { name: 'answer', schema: { type: 'object' } } };
    const harnessed = await harness({ tools: { model: 'gpt-4o', name: 'Tools', tools: [fn], response_format: format } }, { provider: 'foundry' });
    h = harnessed;
    const env = { AAC_FOUNDRY_TOKEN: API_KEY, AZURE_AI_PROJECT_ENDPOINT: harnessed.emu.url };
    const cli = (argv: string[]) => harnessed.cli([...argv, '--provider', 'foundry'], { env });
    const create = await cli(['plan']);
    expect(create.stdout).toContain('+ parameters:');
    expect(create.stdout).not.toContain('strict');
    expect((await cli(['apply', '-lock=false', '--yes'])).code).toBe(0);
    expect(JSON.stringify(harnessed.emu.resources()[0])).not.toContain('strict');
    // A host that echoed OpenAI's default anyway: not a field aac governs there.
    harnessed.emu.mutate(harnessed.emu.resources()[0]!.id as string, {
      tools: [{ ...fn, function: { ...fn.function, strict: false } }],
      response_format: { ...format, json_schema: { ...format.json_schema, strict: false } },
    });
    const plan = await cli(['plan', '--detailed-exitcode']);
    expect(plan.stdout + plan.stderr).toContain("No changes in namespace 'test'.");
    expect(plan.code).toBe(0);
  });
});

describe('a null written inside a JSON document of the user is a value, not an unset member', () => {
  // A host that echoes its optional members as null has them folded away; a `default: null` inside
  // a function's parameters, an OpenAPI spec or a response schema is the author's, and sent as such.
  const schema = (withNull: boolean) => ({ type: 'object', properties: { unit: { type: ['string', 'null'], ...(withNull ? { default: null } : {}) } } });
  const CASES = [
    {
      provider: 'foundry',
      env: (url: string) => ({ AAC_FOUNDRY_TOKEN: API_KEY, AZURE_AI_PROJECT_ENDPOINT: url }),
      def: (withNull: boolean) => ({
        model: 'gpt-4o',
        tools: [{ type: 'openapi', openapi: { name: 'weather', auth: { type: 'anonymous' }, spec: { openapi: '3.0.0', info: { title: 'w', version: '1' }, paths: {}, components: { schemas: { Unit: schema(withNull) } } } } }],
      }),
    },
    {
      provider: 'foundry-agents',
      env: (url: string) => ({ AAC_FOUNDRY_TOKEN: API_KEY, AZURE_AI_PROJECT_ENDPOINT: url }),
      def: (withNull: boolean) => ({
        name: 'weather',
        definition: {
          kind: 'prompt', model: 'gpt-4o',
          tools: [{ type: 'function', name: 'lookup', parameters: schema(withNull) }],
          text: { format: { type: 'json_schema', name: 'answer', schema: schema(withNull) } },
        },
      }),
    },
  ] as const;

  for (const { provider, env, def } of CASES) {
    it(`${provider}: adding or removing it is planned, sent, and then clean`, async () => {
      h = await harness({ a: def(false) }, { provider });
      const cli = (argv: string[]) => h!.cli([...argv, '--provider', provider], { env: env(h!.emu.url) });
      const first = await cli(['apply', '-lock=false', '--yes']);
      expect(first.code, first.stdout + first.stderr).toBe(0);
      for (const withNull of [true, false]) {
        h.ws.write('a', def(withNull));
        const plan = await cli(['plan', '--detailed-exitcode']);
        expect(plan.code, `${withNull}: ${plan.stdout}${plan.stderr}`).toBe(2);
        expect(plan.stdout).toContain('default');
        const applied = await cli(['apply', '-lock=false', '--yes']);
        expect(applied.code, applied.stdout + applied.stderr).toBe(0);
        expect(JSON.stringify(h.emu.resources()[0]).includes('"default":null'), String(withNull)).toBe(withNull);
        const clean = await cli(['plan', '--detailed-exitcode']);
        expect(clean.code, clean.stdout).toBe(0);
      }
    });
  }
});
