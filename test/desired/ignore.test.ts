// Files that are not definitions (issue 19): `_`-prefixed shared fragments and `.aacignore`
// patterns are skipped by validate and plan, and everything else still loads.
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { cleanupTrees, load, writeTree } from './helpers.js';

afterEach(cleanupTrees);

const keys = (r: { definitions: Array<{ key: string }> }) => r.definitions.map((a) => a.key).sort();

describe('not definitions', () => {
  it('skips _-prefixed files and directories (shared fragments)', async () => {
    const r = await load({
      'assistants/bot.yaml': 'model: m\n',
      'assistants/_shared.yaml': 'type: object\n',
      'assistants/_schemas/order.yaml': 'type: object\nproperties: {}\n',
      'assistants/team/_draft.yml': 'not: a definition\n',
      'assistants/team/ok.yaml': 'model: m\n',
    });
    expect(r.diagnostics).toEqual([]);
    expect(keys(r)).toEqual(['bot', 'team/ok']);
  });

  it('skips what .aacignore names: names at any depth, anchored paths, dir-only, ** and comments', async () => {
    const r = await load({
      'assistants/.aacignore': '# shared schemas\nschemas/\n/team/legacy-*.yaml\n**/fixtures/**\n*.draft.yaml\n',
      'assistants/schemas/order.yaml': 'type: object\n',
      'assistants/team/schemas/x.yaml': 'type: object\n',
      'assistants/team/legacy-a.yaml': 'x: 1\n',
      'assistants/other/team/legacy-b.yaml': 'model: m\n',
      'assistants/a/fixtures/b/c.yaml': 'x: 1\n',
      'assistants/new.draft.yaml': 'x: 1\n',
      'assistants/team/ok.yaml': 'model: m\n',
    });
    expect(r.diagnostics).toEqual([]);
    expect(keys(r)).toEqual(['other/team/legacy-b', 'team/ok']);
  });

  it('validate counts only definitions', async () => {
    const root = writeTree({ 'assistants/bot.yaml': 'model: m\n', 'assistants/_fragment.yaml': 'type: object\n' });
    const r = await runCli(['validate'], { cwd: root });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('1 definition valid.\n');
  });
});
