// `aac import` never adopts, restores or rewrites what another namespace manages: selected by
// --name or --id it is skipped as that namespace's, left alone, and never offered for --force (a
// file pinned to it would only break the next plan). Every registered backend, through the real
// CLI against its emulator dialect over loopback HTTP. A backend added to the registry without a
// row below fails the first test.
import { existsSync, mkdirSync, rmSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { kindForProvider, providerInfo, providerNames } from '../../src/backends/registry.js';
import { runCli } from '../helpers/cli.js';
import { testDir, testEmulator } from '../helpers/each-test.js';

interface Row {
  provider: string;
  env(url: string): Record<string, string>;
  /** An unmanaged live resource whose name starts with `caf`, as the API would send it. */
  unmanaged: Record<string, unknown>;
  /** The key import makes from that name. */
  key: string;
  /** A definition of that key's kind (for the directory of the other namespace). */
  definition: string;
}

const ROWS: Record<string, Row> = {
  assistants: {
    provider: 'openai',
    env: (url) => ({ OPENAI_BASE_URL: url, OPENAI_API_KEY: 'sk-test-foreign' }),
    unmanaged: { model: 'gpt-4o', name: 'Café Bot' },
    key: 'cafe-bot',
    definition: 'model: gpt-4o\nname: Café Bot\n',
  },
  'openai-agents': {
    provider: 'openai-agents',
    env: (url) => ({ OPENAI_BASE_URL: url, OPENAI_API_KEY: 'sk-test-foreign' }),
    unmanaged: { model: 'gpt-5', name: 'Café Bot', instructions: 'You help.' },
    key: 'cafe-bot',
    definition: 'model: gpt-5\nname: Café Bot\ninstructions: You help.\n',
  },
  'foundry-agents': {
    provider: 'foundry-agents',
    env: (url) => ({ AZURE_AI_PROJECT_ENDPOINT: url, AAC_FOUNDRY_TOKEN: 'entra-token' }),
    // Foundry addresses an agent by its name: letters, digits and inner hyphens.
    unmanaged: { name: 'cafe-bot', definition: { kind: 'prompt', model: 'gpt-4o', instructions: 'You help.' } },
    key: 'cafe-bot',
    definition: 'name: cafe-bot\ndefinition:\n  kind: prompt\n  model: gpt-4o\n  instructions: You help.\n',
  },
};

const BACKENDS = [...new Set(providerNames().map((p) => providerInfo(p)!.backend.name))];

it('every registered backend has a row here', () => {
  expect(Object.keys(ROWS).sort()).toEqual([...BACKENDS].sort());
});

describe.each(BACKENDS)('the %s backend', (backend) => {
  it("import into another namespace leaves team-imp's resource alone, with or without --force, by --name, --id or key", async () => {
    const row = ROWS[backend]!;
    const emu = await testEmulator({ provider: row.provider });
    const [seeded] = emu.seed([row.unmanaged]);
    const id = seeded!.id as string;
    const cwd = testDir('aac-import-foreign-');
    const aac = (...argv: string[]) => runCli([...argv, '--provider', row.provider], { cwd, env: { ...row.env(emu.url), AAC_NAMESPACE: undefined } });

    expect((await aac('import', '--dir', 'team-imp', '--namespace', 'team-imp')).code).toBe(0);
    const applied = await aac('apply', '--yes', '--dir', 'team-imp');
    expect(applied.code, applied.stderr).toBe(0);
    const marked = JSON.stringify(emu.resources()[0]);
    expect(marked).toContain(`"aac@team-imp":"${row.key}"`);

    for (const select of [['--name', 'caf*'], ['--id', id]]) {
      for (const force of [[], ['--force']]) {
        const run = await aac('import', '--dir', 'imp3', '--namespace', 'imp3', ...select, ...force);
        // Named by --id, it is a request not carried out: exit 1, with the owner's way to hand it over.
        const byId = select[0] === '--id';
        expect(run.code, run.stderr).toBe(byId ? 1 : 0);
        expect(run.stdout).toContain(`managed by the namespace 'team-imp' (aac@team-imp=${row.key}); left alone`);
        if (byId) {
          expect(run.stderr).toContain(`Error: ${id}, named with --id, was not imported: another namespace manages it (see Skipped above)\n`);
          expect(run.stderr).toContain(`to hand it over, 'team-imp' removes its definition and applies without --prune (the ${kindForProvider(row.provider).nouns.one} stays live, still marked), `);
          // A versioned agent's metadata has no update: the owner writes a new version without the marker.
          expect(run.stderr).toContain(backend === 'foundry-agents'
            ? "then writes a new version of it whose metadata lacks the key `aac@team-imp` on the host (in its portal, or by the API's create of a version: there is no update of a version's metadata), its older versions keeping the key, as no aac command removes a marker"
            : "then removes the key `aac@team-imp` from its metadata on the host (in its dashboard, or by the API's update of metadata), as no aac command removes a marker");
        } else expect(run.stderr).toBe('');
        expect(run.stdout + run.stderr).not.toContain('--force');
        expect(existsSync(join(cwd, 'imp3'))).toBe(false);
      }
    }

    // A definition here with the same key, or one pinned to it, is not rewritten from it either.
    // (One at a time: where the name addresses the resource, two files with it are refused as such.)
    const files = () => readdirSync(join(cwd, 'imp3')).map((f) => [f, readFileSync(join(cwd, 'imp3', f), 'utf8')]);
    mkdirSync(join(cwd, 'imp3'));
    for (const [file, text, said] of [
      [`${row.key}.yaml`, row.definition, `left alone`],
      ['pinned.yaml', `id: ${id}\n${row.definition}`, 'imp3/pinned.yaml pins it, which the plan refuses: remove its `id:`'],
    ] as const) {
      rmSync(join(cwd, 'imp3'), { recursive: true });
      mkdirSync(join(cwd, 'imp3'));
      writeFileSync(join(cwd, 'imp3', file), text);
      const before = files();
      const forced = await aac('import', '--dir', 'imp3', '--namespace', 'imp3', '--id', id, '--force', '--format', 'json');
      expect(forced.code, forced.stderr).toBe(1);
      const doc = JSON.parse(forced.stdout) as { imported: unknown[]; skipped: Array<{ reason: string; message: string }> };
      expect(doc.imported).toEqual([]);
      expect(doc.skipped).toMatchObject([{ reason: 'foreign', refused: true }]);
      expect(doc.skipped[0]!.message).toContain(said);
      expect(files()).toEqual(before);
      expect(JSON.stringify(emu.resources()[0])).toBe(marked);
    }

    // Without a selection, the summary says whose the managed resources are.
    const { one } = kindForProvider(row.provider).nouns;
    const all = await aac('import', '--dir', 'other', '--namespace', 'other', '--format', 'text');
    expect(all.stdout).toContain(`1 ${one} is already managed by aac and was left alone: 1 by the namespace 'team-imp'.`);
    const own = await aac('import', '--dir', 'team-imp');
    expect(own.stdout).toContain(`1 ${one} is already managed by aac and was left alone: 1 by this namespace 'team-imp'.`);
  });
});
