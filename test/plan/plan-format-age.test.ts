// A plan file of another format than this aac writes is applied only when each part apply compares
// means what it means now. One of an earlier format whose definition fingerprints or compared
// fields changed since is refused with that one reason — never as "changed since the plan was
// made", which sends its reader looking for an edit that did not happen — and one of a later MINOR
// is refused naming both versions (show still draws it). Files crafted from a plan made now, over
// the emulator on loopback; nothing is sent for a refused one.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { encodeMarker } from '../../src/model/marker.js';
import { runCli } from '../helpers/cli.js';
import { makeProject } from './project.js';

const KEY = 'sk-test-plan-format-age-0000000';
let emu: RunningEmulator | undefined;
afterEach(async () => {
  await emu?.close();
  emu = undefined;
});

type Doc = Record<string, unknown> & { resource_changes: Array<Record<string, unknown>> };

async function planned(spec: Record<string, unknown>, seed: Array<Record<string, unknown>> = []): Promise<{ cwd: string; env: Record<string, string>; doc: Doc; write(doc: Doc): void }> {
  emu = await startEmulator({ apiKey: KEY });
  emu.seed(seed);
  const env = { OPENAI_BASE_URL: emu.url, OPENAI_API_KEY: KEY };
  const cwd = makeProject({ ok: spec as never });
  const made = await runCli(['plan', '--out', 'p.json'], { cwd, env });
  expect(made.code, made.stderr).toBe(0);
  const doc = JSON.parse(readFileSync(join(cwd, 'p.json'), 'utf8')) as Doc;
  return { cwd, env, doc, write: (d) => writeFileSync(join(cwd, 'p.json'), JSON.stringify(d, null, 2)) };
}

const SPEC = { model: 'gpt-4o', name: 'n' };

describe('a plan file of an earlier format', () => {
  it('before the definition fingerprints were hashed as now (1.8): refused with that one reason, before any request', async () => {
    const p = await planned(SPEC);
    p.write({ ...p.doc, format_version: '1.8' });
    const before = emu!.stats().total;
    for (const format of ['text', 'json']) {
      const run = await runCli(['apply', 'p.json', '--yes', '--format', format], { cwd: p.cwd, env: p.env });
      expect(run.code).toBe(1);
      expect(run.stderr).toContain('Error: p.json was made by an earlier aac (plan format 1.8), whose definition fingerprints, defaulted_fields, likely_moved_from, likely_unmarked, moved_from_elsewhere and live_elsewhere this aac cannot check; nothing was applied\n  make the plan again with `aac plan --out p.json`, review it, and apply that\n');
      expect(run.stderr).not.toContain('since the plan was made');
      if (format === 'json') expect(JSON.stringify(JSON.parse(run.stdout))).toContain('"code":"plan-stale"');
    }
    expect(emu!.stats().total).toBe(before);
    expect(emu!.resources()).toEqual([]);
    expect((await runCli(['show', 'p.json'], { cwd: p.cwd, env: p.env })).code).toBe(0);
  });

  it('before live_elsewhere (1.15, the field dropped): refused naming it, not as a note the live state changed', async () => {
    // Another namespace's resource of the same key: the plan made now notes it (live_elsewhere).
    const p = await planned(SPEC, [{ ...SPEC, metadata: encodeMarker({ namespace: 'other', key: 'ok' }) }]);
    expect(p.doc.resource_changes[0]!.live_elsewhere).toBeDefined();
    const { live_elsewhere: _dropped, ...change } = p.doc.resource_changes[0]!;
    const { endpoint_from: _e, adopt_namespace: _a, ...top } = p.doc;
    p.write({ ...top, format_version: '1.15', resource_changes: [change] });
    const run = await runCli(['apply', 'p.json', '--yes'], { cwd: p.cwd, env: p.env });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('Error: p.json was made by an earlier aac (plan format 1.15), whose live_elsewhere this aac cannot check; nothing was applied');
    expect(run.stderr).not.toContain('is not what the live state gives now');
    expect(emu!.resources()).toHaveLength(1);
  });

  it('of a format whose every compared part is as now (1.18, without endpoint_from): applied', async () => {
    const p = await planned(SPEC);
    const { endpoint_from: _e, ...top } = p.doc;
    p.write({ ...top, format_version: '1.18' });
    const run = await runCli(['apply', 'p.json', '--yes'], { cwd: p.cwd, env: p.env });
    expect(run.code, run.stderr).toBe(0);
    expect(emu!.resources().map((a) => a.name)).toEqual(['n']);
  });
});

describe('a plan file of a later MINOR', () => {
  it('is refused naming both versions, before any request; show still draws it', async () => {
    const p = await planned(SPEC);
    p.write({ ...p.doc, format_version: '1.99', a_later_field: true, resource_changes: p.doc.resource_changes.map((c) => ({ ...c, a_later_part: 1 })) });
    const before = emu!.stats().total;
    const run = await runCli(['apply', 'p.json', '--yes'], { cwd: p.cwd, env: p.env });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('Error: p.json was made by a later aac (plan format 1.99) than this one, which writes 1.21: its newer parts may mean what this aac does not know, so it cannot check them; nothing was applied');
    expect(emu!.stats().total).toBe(before);
    expect(emu!.resources()).toEqual([]);
    const shown = await runCli(['show', 'p.json'], { cwd: p.cwd, env: p.env });
    expect(shown.code, shown.stderr).toBe(0);
    expect(shown.stdout).toContain('+ ok');
  });
});
