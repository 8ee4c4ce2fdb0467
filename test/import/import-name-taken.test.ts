// `aac import` on a kind addressed by name (foundry-agents) never writes a definition whose name
// this directory already gives, nor two whose names differ only in case: validate refuses two
// definitions of one name address, so such an import left a directory that plans nothing. On the
// foundry-agents emulator.
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { testDir, testEmulator } from '../helpers/each-test.js';

const agent = (name: string, i: number) => ({ name, created_at: 1_700_000_000 + i, definition: { kind: 'prompt', model: 'gpt-4o', instructions: 'Hi' } });

interface Report { imported: Array<{ id: string; file: string }>; skipped: Array<{ id: string; reason: string; file: string; message: string }> }

describe('import on a kind addressed by name', () => {
  test('two live agents whose names differ only in case: the older is imported, the other skipped, and the directory validates', async () => {
    const emulator = await testEmulator({ provider: 'foundry-agents' });
    emulator.seed([agent('Desk', 0), agent('desk', 1)] as never);
    const cwd = testDir('aac-import-name-case-');
    const env = { AZURE_AI_PROJECT_ENDPOINT: emulator.url, AAC_FOUNDRY_TOKEN: 'entra-token' };

    const run = await runCli(['import', '--provider', 'foundry-agents', '--namespace', 'imp', '--dir', 'defs', '--format', 'json'], { cwd, env });
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as Report;
    expect(report.imported.map((a) => a.id)).toEqual(['Desk']);
    expect(report.skipped).toEqual([expect.objectContaining({ id: 'desk', reason: 'duplicate', file: 'defs/desk.yaml' })]);
    expect(report.skipped[0]!.message).toContain("differs only in case from 'Desk' in defs/desk.yaml");

    const validate = await runCli(['validate', '--dir', 'defs'], { cwd, env });
    expect(validate.code, validate.stdout + validate.stderr).toBe(0);
  });

  test('a definition without an id that already gives the live name: skipped as defined, with the pin that adopts it', async () => {
    const emulator = await testEmulator({ provider: 'foundry-agents' });
    emulator.seed([agent('faq', 0)] as never);
    const cwd = testDir('aac-import-name-defined-');
    mkdirSync(join(cwd, 'defs'));
    writeFileSync(join(cwd, 'defs', 'aac.yaml'), 'namespace: imp\nprovider: foundry-agents\n');
    writeFileSync(join(cwd, 'defs', 'mine.yaml'), 'name: faq\ndefinition:\n  kind: prompt\n  model: gpt-4o\n  instructions: Mine\n');
    // aac.yaml's namespace: the tests' AAC_NAMESPACE would contradict it, which import refuses.
    const env = { AZURE_AI_PROJECT_ENDPOINT: emulator.url, AAC_FOUNDRY_TOKEN: 'entra-token', AAC_NAMESPACE: undefined };

    const byId = await runCli(['import', '--dir', 'defs', '--id', 'faq'], { cwd, env });
    expect(byId.code).toBe(1);
    expect(byId.stderr).toContain("faq, named with --id, was not imported: already defined by its name 'faq' in defs/mine.yaml");
    expect(byId.stderr).toContain('to adopt it, add `id: faq` to defs/mine.yaml');
    expect(readdirSync(join(cwd, 'defs')).sort()).toEqual(['aac.yaml', 'mine.yaml']);

    const all = await runCli(['import', '--dir', 'defs', '--format', 'json'], { cwd, env });
    expect(all.code, all.stderr).toBe(0);
    expect((JSON.parse(all.stdout) as Report).skipped).toEqual([expect.objectContaining({ id: 'faq', reason: 'defined', file: 'defs/mine.yaml' })]);
    expect(readdirSync(join(cwd, 'defs')).sort()).toEqual(['aac.yaml', 'mine.yaml']);
  });
});
