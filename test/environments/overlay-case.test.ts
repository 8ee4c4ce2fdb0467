// The load compares overlay directories with the paths it finds as the definitions directory's
// file system compares names (util/path-case.ts), as import does: where it ignores case (macOS,
// Windows by default), `Overlays/Staging/` is `overlays/staging/`, an undeclared environment's
// overlays, and `Overlays/Prod/` is prod's own; neither is read as definitions. Where it tells case
// apart (Linux, as the test machine's), they are directories of their own. A case-insensitive file
// system is simulated by the fold the load is given; the probe itself is tested in test/util.
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadProjectConfig } from '../../src/config/index.js';
import { loadDefinitions } from '../../src/desired/index.js';
import { EXACT, FOLDED, pathFoldWhenNeeded, type PathFold } from '../../src/util/path-case.js';
import { cleanupTrees, writeTree } from '../desired/helpers.js';

afterAll(cleanupTrees);

async function loaded(fold: PathFold) {
  const root = writeTree({
    'assistants/aac.yaml': 'namespace: s\nenvironments:\n  prod: {}\n',
    'assistants/billing.yaml': 'model: gpt-4o\nname: Billing\n',
    'assistants/Overlays/Prod/billing.yaml': 'temperature: 0.2\n',
    'assistants/Overlays/Staging/faq.yaml': 'model: gpt-4o\nname: FAQ in staging\n',
  });
  const dir = join(root, 'assistants');
  const config = await loadProjectConfig(dir, { cwd: root });
  const r = await loadDefinitions(dir, { cwd: root, provider: 'openai', environments: config.environments, environment: 'prod', fold });
  return { keys: r.definitions.map((d) => d.key).sort(), codes: r.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.code} ${d.location.file}`) };
}

describe('overlay directories spelt in another case', () => {
  it('where the file system ignores case: the undeclared one is refused at its directory, the declared one is not read as definitions', async () => {
    const r = await loaded(FOLDED);
    expect(r.keys).toEqual(['billing']);
    // Named as its environment's overlay directory is (overlays/<name>), which is that directory there.
    expect(r.codes).toEqual(['undeclared-overlays assistants/overlays/Staging']);
  });

  it('where it tells case apart: directories of their own, read as definitions', async () => {
    const r = await loaded(EXACT);
    expect(r.keys).toEqual(['Overlays/Staging/faq', 'billing']);
    // Prod's overlay, read as a definition, is a broken one: what a directory of its own holds is read as written.
    expect(r.codes).toContain('missing-field assistants/Overlays/Prod/billing.yaml');
    expect(r.codes.filter((c) => c.startsWith('undeclared-overlays'))).toEqual([]);
  });

  it('the load probes only when a path holding upper case is folded', () => {
    const listed: string[] = [];
    const fold = pathFoldWhenNeeded('/p/defs', {
      readdirSync: (d) => (listed.push(d), ['Bot.yaml']),
      lstatSync: () => ({ dev: 1, ino: 1 }),
    });
    expect(fold('overlays/prod/a.yaml')).toBe('overlays/prod/a.yaml');
    expect(listed).toEqual([]);
    expect(fold('Overlays/Prod/a.yaml')).toBe('overlays/prod/a.yaml');
    expect(fold('Overlays/X')).toBe('overlays/x');
    expect(listed).toEqual(['/p/defs']);
  });
});
