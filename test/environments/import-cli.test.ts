// `aac import --env NAME` against two emulators: an assistant whose key the base lacks goes into
// the base (its id pin into the environment's overlay: an id belongs to one host); one whose key
// the base has becomes an overlay holding only what differs. Each environment then plans only the
// adoption, and nothing once applied.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { beforeEach, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/server.js';
import type { PlanDocument } from '../../src/plan/plan-file.js';
import { runCli } from '../helpers/cli.js';
import { devAndProd, writeFile } from './helpers.js';
import { testDir, testEmulator } from '../helpers/each-test.js';

const KEY = 'sk-test-import-environments-00000000000';
let dev: RunningEmulator;
let prod: RunningEmulator;
let cwd: string;

beforeEach(async () => {
  [dev, prod] = await Promise.all([testEmulator({ apiKey: KEY }), testEmulator({ apiKey: KEY })]);
  cwd = testDir('aac-env-import-');
  mkdirSync(join(cwd, 'assistants'));
  writeFile(cwd, 'assistants/aac.yaml', devAndProd(dev.url, prod.url));
});

const run = (argv: string[]) => runCli(argv, { cwd, env: { OPENAI_API_KEY: KEY, AAC_NAMESPACE: undefined } });
const read = (rel: string) => parse(readFileSync(join(cwd, rel), 'utf8')) as unknown;
const changes = async (env: string) => {
  const r = await run(['plan', '--env', env, '--format', 'json']);
  expect(r.code).toBe(0);
  return (JSON.parse(r.stdout) as PlanDocument).resource_changes.filter((c) => c.actions[0] !== 'no-op').map((c) => [c.key, c.actions[0], c.adopt, c.changed_fields]);
};

describe('aac import --env', () => {
  it('adopts into the base where it lacks the key, and into the overlay (only what differs) where it has it', async () => {
    const [devBilling] = dev.seed([{ model: 'gpt-4o-mini', name: 'Billing', instructions: 'Answer billing questions.', temperature: 0.5, metadata: { team: 'support' } }]);
    const [prodBilling, prodOnly] = prod.seed([
      { model: 'gpt-4o', name: 'Billing', instructions: 'Answer billing questions.', temperature: 0.5, metadata: { team: 'support', tier: 'platinum' } },
      { model: 'gpt-4o', name: 'Escalations' },
    ]);

    const first = await run(['import', '--env', 'dev']);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(read('assistants/billing.yaml')).toEqual({ model: 'gpt-4o-mini', name: 'Billing', instructions: 'Answer billing questions.', metadata: { team: 'support' }, temperature: 0.5 });
    expect(read('assistants/overlays/dev/billing.yaml')).toEqual({ id: devBilling!.id });
    expect(await changes('dev')).toEqual([['billing', 'update', true, []]]);
    expect((await run(['apply', '--env', 'dev', '--yes'])).code).toBe(0);
    expect(await changes('dev')).toEqual([]);

    const second = await run(['import', '--env', 'prod']);
    expect(second.stderr).toBe('');
    expect(second.code).toBe(0);
    expect(second.stdout).toContain("Imported 2 assistants into assistants/ (namespace 'support', environment prod):");
    expect(second.stdout).toContain(`  + assistants/overlays/prod/billing.yaml  ${prodBilling!.id} "Billing"`);
    expect(second.stdout).toContain('Next: run `aac plan --env prod`');
    // Only what differs from the base: the model, the one metadata key, and the pin.
    expect(read('assistants/overlays/prod/billing.yaml')).toEqual({ id: prodBilling!.id, model: 'gpt-4o', metadata: { tier: 'platinum' } });
    expect(read('assistants/escalations.yaml')).toEqual({ model: 'gpt-4o', name: 'Escalations' });
    expect(read('assistants/overlays/prod/escalations.yaml')).toEqual({ id: prodOnly!.id });
    // The base is unchanged by the second import.
    expect(read('assistants/billing.yaml')).toMatchObject({ model: 'gpt-4o-mini' });
    expect(await changes('prod')).toEqual([['billing', 'update', true, []], ['escalations', 'update', true, []]]);
    expect((await run(['apply', '--env', 'prod', '--yes'])).code).toBe(0);
    expect(await changes('prod')).toEqual([]);
    expect(prod.resources().map((a) => [a.name, a.model, a.metadata])).toEqual([
      ['Billing', 'gpt-4o', { team: 'support', tier: 'platinum', 'aac@support': 'billing' }],
      ['Escalations', 'gpt-4o', { 'aac@support': 'escalations' }],
    ]);
    // The assistant only prod had is in the base now: dev would get it on its next apply.
    expect(await changes('dev')).toEqual([['escalations', 'create', false, expect.any(Array)]]);
    expect((await run(['validate'])).code).toBe(0);

    // A second import finds nothing new, and leaves an overlay it did not write alone.
    const again = await run(['import', '--env', 'prod']);
    expect(again.code).toBe(0);
    expect(again.stdout).not.toContain('overlays/prod/billing.yaml');
  });

  it('Next names the plan and apply to run as commands, with the options the import ran with, and they adopt', async () => {
    dev.seed([{ model: 'gpt-4o', name: 'Billing' }, { model: 'gpt-4o', name: 'Refunds' }]);
    // aac.yaml names the namespace already: nothing to record, and nothing left to say in words.
    const imported = await run(['import', '--env', 'dev', '--namespace', 'support', '--name', 'Billing']);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout).toContain('Next: run `aac plan --namespace support --env dev` — it should show only the adoption (adding the marker aac@support) — then `aac apply --yes --namespace support --env dev`.\n');
    const plain = await run(['import', '--env', 'dev', '--name', 'Refunds']);
    expect(plain.stdout).toContain('Next: run `aac plan --env dev` — it should show only the adoption (adding the marker aac@support) — then `aac apply --yes --env dev`.\n');
    const plan = await run(['plan', '--namespace', 'support', '--env', 'dev', '--format', 'json']);
    const doc = JSON.parse(plan.stdout) as PlanDocument;
    expect(doc.resource_changes.map((c) => [c.key, c.actions[0], c.adopt])).toEqual([['billing', 'update', true], ['refunds', 'update', true]]);
  });

  it('lists every file it writes, the overlay holding the pin included: text, --dry-run and JSON', async () => {
    const [billing] = prod.seed([{ model: 'gpt-4o', name: 'Billing' }]);
    const dry = await run(['import', '--env', 'prod', '--dry-run']);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain(`  + assistants/billing.yaml  ${billing!.id} "Billing"\n      id pinned in assistants/overlays/prod/billing.yaml\n`);
    const json = await run(['import', '--env', 'prod', '--dry-run', '--format', 'json']);
    const doc = JSON.parse(json.stdout) as { format_version: string; imported: Array<Record<string, unknown>> };
    expect(doc.format_version).toBe('1.8');
    expect(doc.imported).toEqual([{ id: billing!.id, name: 'Billing', key: 'billing', file: 'assistants/billing.yaml', instructions_file: null, overlay_file: 'assistants/overlays/prod/billing.yaml', name_needed_in: [], kept_live: [], replaces: false, discarded: [] }]);
    expect(existsSync(join(cwd, 'assistants/overlays'))).toBe(false);

    // The base is dev's too: the report says the next plan there creates it, dry run or not.
    const everyEnvironment = "\n! The base definition written is every environment's, not only the 'prod' environment's: the next plan of 'dev' plans it there too.\n";
    expect(dry.stdout).toContain(everyEnvironment);
    const done = await run(['import', '--env', 'prod']);
    expect(done.stdout).toContain('      id pinned in assistants/overlays/prod/billing.yaml\n');
    expect(done.stdout).toContain(everyEnvironment);
    expect(read('assistants/overlays/prod/billing.yaml')).toEqual({ id: billing!.id });
    // An assistant whose key the base has: its file is the overlay, listed once.
    const [devBilling] = dev.seed([{ model: 'gpt-4o-mini', name: 'Billing' }]);
    // Only an overlay written, for a base already there: nothing new for other environments.
    expect((await run(['import', '--env', 'dev', '--dry-run'])).stdout).not.toContain("every environment's");
    const overlay = await run(['import', '--env', 'dev', '--format', 'json']);
    expect((JSON.parse(overlay.stdout) as typeof doc).imported).toEqual([expect.objectContaining({ id: devBilling!.id, file: 'assistants/overlays/dev/billing.yaml', overlay_file: 'assistants/overlays/dev/billing.yaml' })]);
  });

  it('refuses, writing nothing, an overlay that would make its base one validate refuses in that environment', async () => {
    dev.seed([{ model: 'gpt-4o', name: 'Billing', metadata: { team: 'support' } }]);
    // The API's 16 pairs, one of them the base's: the overlay adds 15, and aac keeps one pair for its marker.
    const full = Object.fromEntries([['team', 'support'], ...Array.from({ length: 15 }, (_, i) => [`k${i + 1}`, 'v'])]);
    const [prodBilling] = prod.seed([{ model: 'gpt-4o', name: 'Billing', metadata: full }]);
    expect((await run(['import', '--env', 'dev'])).code).toBe(0);

    const refused = await run(['import', '--env', 'prod']);
    expect(refused.code, refused.stdout + refused.stderr).toBe(1);
    expect(refused.stderr).toContain('refusing to import: the definitions it would write hold what aac cannot plan with; nothing was written:');
    // The merged map stands in the base's file: named there.
    expect(refused.stderr).toMatch(new RegExp(`- ${prodBilling!.id} → assistants/overlays/prod/billing\\.yaml:\\n {6}assistants/billing\\.yaml:\\d+:\\d+: metadata has 16 pairs; at most 15`));
    expect(existsSync(join(cwd, 'assistants', 'overlays', 'prod'))).toBe(false);
    const validated = await run(['validate']);
    expect(validated.code, validated.stdout).toBe(0);
  });

  it("refuses a marker key whose file would lie in an environment's overlay directory, writing nothing: there a run reads overlays, not definitions", async () => {
    writeFile(cwd, 'assistants/billing.yaml', 'model: gpt-4o\nname: Billing\n');
    writeFile(cwd, 'assistants/overlays/prod/billing.yaml', 'model: gpt-4o-mini\n');
    const [taken] = prod.seed([{ model: 'gpt-4o', name: 'Odd', metadata: { 'aac@support': 'overlays/prod/billing' } }]);
    const [free] = dev.seed([{ model: 'gpt-4o', name: 'Odd', metadata: { 'aac@support': 'overlays/dev/odd' } }]);

    // Its file is prod's overlay of 'billing': the key is refused as a path, not as a file to move.
    const overlay = await run(['import', '--env', 'prod', '--force', '--id', taken!.id as string]);
    expect(overlay.code).toBe(1);
    expect(overlay.stderr).toBe(
      `Error: ${taken!.id as string}, named with --id, was not imported: managed by aac as 'overlays/prod/billing', whose file assistants/overlays/prod/billing.yaml lies in assistants/overlays/prod/, the overlay directory of environment 'prod': a run reads no definition there, and no definition has that key\n` +
        "  to keep it, write its definition in a file of another name with `key: overlays/prod/billing` (the next plan manages it by that key); to delete it, `--prune --target overlays/prod/billing` selects that key alone\n",
    );
    expect(readFileSync(join(cwd, 'assistants/overlays/prod/billing.yaml'), 'utf8')).toBe('model: gpt-4o-mini\n');

    // No file there yet: --force would have written a definition every later run reads as an overlay without a base.
    const empty = await run(['import', '--env', 'dev', '--force', '--id', free!.id as string]);
    expect(empty.code).toBe(1);
    expect(empty.stderr).toContain("whose file assistants/overlays/dev/odd.yaml lies in assistants/overlays/dev/, the overlay directory of environment 'dev': a run reads no definition there");
    expect(existsSync(join(cwd, 'assistants/overlays/dev'))).toBe(false);
    const validated = await run(['validate']);
    expect(validated.code, validated.stdout).toBe(0);
  });
});
