// An environment's overlay files are read by the definitions' rules and keyed by their path.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../src/desired/repo-root.js';
import { loadOverlays } from '../../src/environments/load-overlays.js';
import { testDir } from '../helpers/each-test.js';

describe('loadOverlays', () => {
  it('keys overlays by their path, skips _-prefixed files, locates parse errors; a missing directory is no overlays', async () => {
    const root = testDir('aac-overlays-');
    mkdirSync(join(root, '.git'));
    const files: Record<string, string> = {
      'assistants/overlays/prod/support/billing.yaml': 'temperature: 0.1\n',
      'assistants/overlays/prod/hr/benefits.yml': 'name: HR\n',
      'assistants/overlays/prod/_notes.yaml': 'not: an overlay\n',
      'assistants/overlays/prod/bad.yaml': 'a: [\n',
    };
    for (const [rel, text] of Object.entries(files)) {
      mkdirSync(dirname(join(root, rel)), { recursive: true });
      writeFileSync(join(root, rel), text);
    }
    const dir = join(root, 'assistants');
    const env = { name: 'prod', overlays: 'overlays/prod', values: new Map(), valuesAt: '' };
    const r = await loadOverlays(dir, env, repoRoot(dir), root);
    expect(r.overlays.map((o) => [o.key, o.doc.value, o.doc.fileOf([])])).toEqual([
      ['hr/benefits', { name: 'HR' }, join(dir, 'overlays/prod/hr/benefits.yml')],
      ['support/billing', { temperature: 0.1 }, join(dir, 'overlays/prod/support/billing.yaml')],
    ]);
    expect(r.diagnostics.map((d) => [d.code, d.location.file])).toEqual([['yaml-syntax', 'assistants/overlays/prod/bad.yaml']]);
    expect(r.unusable).toEqual(['bad']);
    expect(await loadOverlays(dir, { ...env, overlays: 'overlays/dev' }, repoRoot(dir), root)).toEqual({ overlays: [], diagnostics: [], unusable: [] });
  });
});
