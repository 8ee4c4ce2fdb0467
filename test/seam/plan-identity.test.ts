// The seam moved the Assistants API behind a resource kind without changing what aac does: the JSON
// plan of the examples and of the test fixtures, made through the real CLI against the emulator,
// is byte-identical to the document the code made before the move (stored in fixtures/). Each
// scenario is a project directory and an emulator state file (fixed ids and fingerprints); only
// `created_at` and the emulator's port are pinned.
//
// To make the fixtures again (only for a change that is meant to alter plans, and say so in the
// commit): AAC_WRITE_PLAN_FIXTURES=1 npx vitest run test/seam/plan-identity.test.ts; with
// AAC_WRITE_PLAN_FIXTURES=plans only the plan documents are made again from the stored states
// (a change to what a plan says, not to the scenarios), so their diff shows just that change.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { credentialOf, envFor, VIRTUAL_KEY } from '../backends/helpers.js';
import { runCli } from '../helpers/cli.js';
import { DRIFTS, FOUNDRY_SAFE, RICH } from '../plan/project.js';

type Provider = 'openai' | 'foundry' | 'portkey' | 'zerobot';
const FIXTURES = join(import.meta.dirname, 'fixtures');
const WRITE = process.env.AAC_WRITE_PLAN_FIXTURES === '1';
const WRITE_PLANS = WRITE || process.env.AAC_WRITE_PLAN_FIXTURES === 'plans';
const EXAMPLES = join(import.meta.dirname, '..', '..', 'assistants');

interface Scenario {
  name: string;
  provider: Provider;
  /** Extra plan flags. */
  flags: string[];
  /** Writes the project (fixture generation only). */
  project(dir: string): void;
  /** Brings the emulator to the scenario's live state (fixture generation only). */
  live(emu: RunningEmulator, cli: (...argv: string[]) => Promise<unknown>, dir: string): Promise<void>;
}

function writeDefinitions(dir: string, defs: Record<string, unknown>): void {
  for (const [key, spec] of Object.entries(defs)) {
    const file = join(dir, 'assistants', `${key}.yaml`);
    mkdirSync(join(file, '..'), { recursive: true });
    writeFileSync(file, stringify(spec, { lineWidth: 0 }));
  }
}

const byKey = (emu: RunningEmulator, key: string) =>
  emu.resources().find((a) => Object.values((a.metadata ?? {}) as Record<string, string>).some((v) => v === key || v.endsWith(`/${key}`) || v.endsWith(`:${key}`)))!;

const SCENARIOS: Scenario[] = [
  {
    name: 'examples-create',
    provider: 'openai',
    flags: [],
    project: (dir) => cpSync(EXAMPLES, join(dir, 'assistants'), { recursive: true }),
    live: async () => undefined,
  },
  {
    name: 'examples-drift',
    provider: 'openai',
    flags: ['--prune'],
    project: (dir) => cpSync(EXAMPLES, join(dir, 'assistants'), { recursive: true }),
    async live(emu, cli, dir) {
      await cli('apply', '--yes');
      const analyst = emu.resources().find((a) => a.name === 'Data Analyst' || String(a.name ?? '').includes('nalyst'))!;
      emu.mutate(analyst.id as string, { temperature: 1.4, instructions: `${String(analyst.instructions)}\nAlways answer in French.` });
      emu.seed([{ model: 'gpt-4o', name: 'Made by hand' }]);
      // A definition removed after apply: its assistant is an orphan (deleted with --prune).
      rmSync(join(dir, 'assistants', 'hr', 'benefits.yaml'));
    },
  },
  ...(['openai', 'foundry', 'portkey', 'zerobot'] as const).map((provider): Scenario => {
    const base = provider === 'foundry' ? FOUNDRY_SAFE : RICH;
    const fields = Object.keys(DRIFTS).filter((f) => f in base);
    return {
      name: `drift-every-field-${provider}`,
      provider,
      flags: [],
      project: (dir) =>
        writeDefinitions(dir, {
          unchanged: base,
          ...Object.fromEntries(fields.map((f) => [`drift/${f}`, base])),
          'edited/name': base,
          'adopt/pinned': { model: 'gpt-4o', name: 'Pinned' },
          'renamed/new': { ...base, moved_from: ['renamed/old'] },
        }),
      async live(emu, cli, dir) {
        writeDefinitions(dir, { 'renamed/old': base });
        rmSync(join(dir, 'assistants', 'renamed', 'new.yaml'));
        rmSync(join(dir, 'assistants', 'adopt', 'pinned.yaml'));
        await cli('apply', '--yes');
        for (const f of fields) emu.mutate(byKey(emu, `drift/${f}`).id as string, DRIFTS[f]!(`drift/${f}`));
        const [pinned] = emu.seed([{ model: 'gpt-4o', name: 'Pinned by hand', temperature: 0.5 }]);
        writeDefinitions(dir, {
          'edited/name': { ...base, name: 'Edited in the file' },
          'adopt/pinned': { model: 'gpt-4o', name: 'Pinned', id: pinned!.id },
          'renamed/new': { ...base, moved_from: ['renamed/old'] },
        });
        rmSync(join(dir, 'assistants', 'renamed', 'old.yaml'));
      },
    };
  }),
];

/** The plan document with what legitimately varies between runs pinned. */
function pinned(json: string): string {
  return json
    .replace(/"created_at": "[^"]+"/, '"created_at": "2026-01-01T00:00:00.000Z"')
    .replace(/http:\/\/127\.0\.0\.1:\d+/g, 'http://127.0.0.1:0');
}

/** The plan in each format: the JSON document, and the text and markdown views of the same plan. */
async function plansOf(s: Scenario, project: string, state: string): Promise<Record<string, string>> {
  const emu = await startEmulator({ provider: s.provider, apiKey: credentialOf(s.provider), virtualKey: VIRTUAL_KEY, statePath: state, seed: 7 });
  try {
    const out: Record<string, string> = {};
    for (const [file, format] of [['plan.json', 'json'], ['plan.txt', 'text'], ['plan.md', 'markdown']] as const) {
      const run = await runCli(['plan', '--format', format, '--no-color', '--provider', s.provider, ...s.flags], { cwd: project, env: envFor(s.provider, emu.url) });
      expect(run.code, run.stderr).toBe(0);
      out[file] = pinned(run.stdout);
    }
    return out;
  } finally {
    await emu.close();
  }
}

describe('the JSON plan is byte-identical to the one the code made before the seam', () => {
  it.each(SCENARIOS.map((s) => [s.name, s] as const))('%s', async (name, s) => {
    const home = join(FIXTURES, name);
    const work = mkdtempSync(join(tmpdir(), 'aac-identity-'));
    try {
      if (WRITE) {
        rmSync(home, { recursive: true, force: true });
        mkdirSync(join(work, 'project', 'assistants'), { recursive: true });
        s.project(join(work, 'project'));
        const state = join(work, 'state.json');
        const emu = await startEmulator({ provider: s.provider, apiKey: credentialOf(s.provider), virtualKey: VIRTUAL_KEY, statePath: state, seed: 7 });
        try {
          const env = envFor(s.provider, emu.url);
          await s.live(emu, (...argv) => runCli([...argv, '--provider', s.provider], { cwd: join(work, 'project'), env }), join(work, 'project'));
        } finally {
          await emu.close();
        }
        mkdirSync(home, { recursive: true });
        cpSync(join(work, 'project'), join(home, 'project'), { recursive: true });
        if (existsSync(state)) cpSync(state, join(home, 'state.json'));
        else writeFileSync(join(home, 'state.json'), `${JSON.stringify({ format: 'aac-emulator-state', version: 1, assistants: [], vector_stores: [] }, null, 2)}\n`);
      }
      cpSync(join(home, 'project'), join(work, 'run'), { recursive: true });
      cpSync(join(home, 'state.json'), join(work, 'run-state.json'));
      const plans = await plansOf(s, join(work, 'run'), join(work, 'run-state.json'));
      for (const [file, text] of Object.entries(plans)) {
        if (WRITE_PLANS) writeFileSync(join(home, file), text);
        expect(text, file).toBe(readFileSync(join(home, file), 'utf8'));
      }
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });

  it('covers every scenario stored', () => {
    expect(readdirSync(FIXTURES).sort()).toEqual(SCENARIOS.map((s) => s.name).sort());
  });
});
