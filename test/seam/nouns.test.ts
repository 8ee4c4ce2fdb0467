// What aac says about the resources it manages uses the backend kind's own nouns (ResourceKind.nouns):
// with an agents backend every report, hint and refusal says agent(s), never assistant(s). Each
// registered backend runs through the real CLI against its emulator dialect over HTTP, and the
// output of every view that counts or names resources must hold no other kind's noun, so a newly
// hard-coded one fails here. A backend added to the registry without a row below fails too.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { kindOfBackend, providerInfo, providerNames } from '../../src/backends/registry.js';
import { runCli } from '../helpers/cli.js';
import { testDir, testEmulator } from '../helpers/each-test.js';

interface Row {
  /** The provider it runs as (the backend's first is enough: the nouns are the backend's). */
  provider: string;
  env(url: string): Record<string, string>;
  /** A definition file of this kind, named `name`. */
  definition(name: string): string;
  /** An unmanaged live resource, as the API would send it. */
  unmanaged: Record<string, unknown>;
  /** An id of the API's shape that no live resource has. */
  missingId: string;
}

const ROWS: Record<string, Row> = {
  assistants: {
    provider: 'openai',
    env: (url) => ({ OPENAI_BASE_URL: url, OPENAI_API_KEY: 'sk-test-nouns' }),
    definition: (name) => `model: gpt-4o\nname: ${name}\n`,
    unmanaged: { model: 'gpt-4o', name: 'hand-made' },
    missingId: 'asst_000000000000000000000000',
  },
  'openai-agents': {
    provider: 'openai-agents',
    env: (url) => ({ OPENAI_BASE_URL: url, OPENAI_API_KEY: 'sk-test-nouns' }),
    definition: (name) => `model: gpt-5\nname: ${name}\ninstructions: You help.\n`,
    unmanaged: { model: 'gpt-5', name: 'hand-made', instructions: 'You help.' },
    missingId: 'agent_000000000000000000000000',
  },
  'foundry-agents': {
    provider: 'foundry-agents',
    env: (url) => ({ AZURE_AI_PROJECT_ENDPOINT: url, AAC_FOUNDRY_TOKEN: 'entra-token' }),
    definition: (name) => `name: ${name}\ndefinition:\n  kind: prompt\n  model: gpt-4o\n  instructions: You help.\n`,
    unmanaged: { name: 'hand-made', definition: { kind: 'prompt', model: 'gpt-4o', instructions: 'You help.' } },
    missingId: 'no-such-agent',
  },
};

/** Every registered backend, by name. */
const BACKENDS = [...new Set(providerNames().map((p) => providerInfo(p)!.backend.name))];
const ALL_NOUNS = BACKENDS.flatMap((b) => Object.values(kindOfBackend(b)!.nouns));

it('every registered backend has a row here', () => {
  expect(Object.keys(ROWS).sort()).toEqual([...BACKENDS].sort());
});

describe.each(BACKENDS)('the %s backend', (backend) => {
  it("reports, hints and refusals use its own nouns and no other kind's", async () => {
    const row = ROWS[backend]!;
    const { one, many } = kindOfBackend(backend)!.nouns;
    const emu = await testEmulator({ provider: row.provider });
    emu.seed([row.unmanaged]);
    const root = testDir('aac-nouns-');
    for (const d of ['defs', 'empty', 'pinned']) mkdirSync(join(root, d));
    writeFileSync(join(root, 'defs', 'one.yaml'), row.definition('bot-one'));
    writeFileSync(join(root, 'pinned', 'two.yaml'), `id: ${row.missingId}\n${row.definition('bot-two')}`);
    const summary = join(root, 'summary.md');
    const env = { ...row.env(emu.url), GITHUB_STEP_SUMMARY: summary };
    const aac = async (...argv: string[]) => {
      const r = await runCli([...argv, '--provider', row.provider], { cwd: root, env });
      return `${r.stdout}\n${r.stderr}`;
    };
    const aborted = new AbortController();
    aborted.abort();

    const out = {
      plan: await aac('plan', '--dir', 'defs', '--out', 'plan.json'),
      apply: await aac('apply', '--yes', '--dir', 'defs'),
      summary: readFileSync(summary, 'utf8'),
      import: await aac('import', '--dir', 'imported'),
      importUnknown: await aac('import', '--dir', 'imported', '--id', row.missingId),
      target: await aac('plan', '--dir', 'defs', '--target', 'nope'),
      prune: await aac('plan', '--dir', 'empty', '--prune'),
      pin: await aac('plan', '--dir', 'pinned'),
      // Started with the interrupt already given: it prints its banner, then stops.
      emulator: (await runCli(['emulator', '--provider', row.provider, '--quiet'], { cwd: root, signal: aborted.signal })).stdout,
    };

    // Each view says what it counts or names in the kind's own words.
    expect(out.plan).toContain(`1 unmanaged ${one} ignored`);
    expect(out.summary).toContain(`| | ${one} | id | result |`);
    expect(out.import).toContain(`Imported 1 ${one} into imported/`);
    expect(out.import).toContain(`1 ${one} is already managed by aac`);
    expect(out.importUnknown).toContain(`no live ${one} has the id '${row.missingId}'`);
    expect(out.target).toContain(`matches no definition and no managed ${one}`);
    expect(out.prune).toContain(`every ${one} of its namespace would be deleted`);
    expect(out.pin).toContain(`remove \`id:\` to create the ${one} instead`);
    expect(out.emulator).toContain(`${many[0]!.toUpperCase()}${many.slice(1)} API emulator (${row.provider}) listening on`);
    // Its banner names the variables this provider's client reads, as the test sets them.
    const pointAt = /^Point aac at it: (.*) aac plan --provider (\S+)$/m.exec(out.emulator);
    expect(pointAt?.[2]).toBe(row.provider);
    expect(pointAt?.[1]!.split(' ').map((pair) => pair.split('=')[0]).sort()).toEqual(Object.keys(row.env('')).sort());
    // And no view says another kind's.
    const foreign = ALL_NOUNS.filter((n) => n !== one && n !== many && !one.includes(n) && !many.includes(n));
    for (const [view, text] of Object.entries(out)) {
      const own = text.replaceAll(many, '').replaceAll(one, '');
      for (const noun of foreign) expect(own.toLowerCase(), `${view} says '${noun}':\n${text}`).not.toContain(noun);
    }
  });
});
