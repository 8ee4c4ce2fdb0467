// A metadata value "" on the Assistants protocol, whose modify may merge metadata (undocumented):
// a merging host takes a key sent as "" as its removal. The plan warns at the value before any
// write; where the host merges, apply refuses the update clearly instead of leaving a change that
// plans forever; where it replaces, the next plan shows no changes. Against the emulator.
import { afterEach, describe, expect, it } from 'vitest';
import { harness, type Harness } from './helpers.js';

const BASE = { model: 'gpt-4o', name: 'Billing', metadata: { team: 'care' } };
const EMPTY = { ...BASE, metadata: { team: 'care', owner: '' } };

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const WARNING =
  /^assistants\/a\.yaml:5:3: warning: metadata 'owner' is "" and this update sends it: the API does not say whether an update merges metadata, and a host that does takes "" as removing the key, .* \[metadata\.owner\]\n {2}hint: give 'owner' a value \(e\.g\. "none"\), or remove it$/m;

describe('a metadata value "" on a host that may merge metadata', () => {
  it('plan warns at the value, with the fix, when an update would send it', async () => {
    h = await harness({ a: BASE }, { metadataMode: 'replace' });
    expect((await h.cli(['apply', '-lock=false', '--yes'])).code).toBe(0);
    h.ws.write('a', EMPTY);
    const plan = await h.cli(['plan']);
    expect(plan.code).toBe(0);
    expect(plan.stderr).toMatch(WARNING);
  });

  it('replacing host: apply stores it and the next plan shows no changes (and no warning)', async () => {
    h = await harness({ a: BASE }, { metadataMode: 'replace' });
    expect((await h.cli(['apply', '-lock=false', '--yes'])).code).toBe(0);
    h.ws.write('a', EMPTY);
    const applied = await h.cli(['apply', '-lock=false', '--yes']);
    expect(applied.code, applied.stdout + applied.stderr).toBe(0);
    expect(applied.stdout).not.toContain('warning:');
    const plan = await h.cli(['plan', '--detailed-exitcode']);
    expect(plan.code, plan.stdout).toBe(0);
    expect(plan.stdout).toContain("No changes in namespace 'test'.");
    expect(plan.stderr).toBe('');
  });

  it('merging host: apply refuses the update, naming the key and the fix; nothing claims success', async () => {
    h = await harness({ a: BASE }, { metadataMode: 'merge' });
    expect((await h.cli(['apply', '-lock=false', '--yes'])).code).toBe(0);
    h.ws.write('a', EMPTY);
    const r = await h.cli(['apply', '-lock=false', '--yes']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(WARNING);
    expect(r.stdout).toContain(
      'the update was made, but this host removed metadata \'owner\', sent as "": it merges metadata on update and takes "" as removing a key, ' +
        'so an update cannot store an empty value here',
    );
    expect(r.stdout).not.toContain('Apply complete: 0 created, 1 modified');
    // Running again meets the same refusal: the last lines say what to change, never that it converges.
    const next =
      'Running `aac apply --yes` again would be refused the same way until this is changed:\n' +
      '  ~ a: give \'owner\' a value (e.g. "none") in the definition, or remove it\n' +
      'Then run `aac plan` to see what is left, and `aac apply --yes` again to finish.\n';
    expect(r.stdout).toContain(next);
    expect(r.stdout).not.toContain('converges');
    const again = await h.cli(['apply', '-lock=false', '--yes', '--format', 'json']);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain(next);
    expect(JSON.parse(again.stdout).outcomes[0].fix).toBe('give \'owner\' a value (e.g. "none") in the definition, or remove it');
  });

  it('merging host: a create stores "" and the next plan shows no changes; a later metadata update is refused, not silently lossy', async () => {
    h = await harness({ a: EMPTY }, { metadataMode: 'merge' });
    const created = await h.cli(['apply', '-lock=false', '--yes']);
    expect(created.code, created.stdout + created.stderr).toBe(0);
    expect(created.stderr).toBe('');
    const plan = await h.cli(['plan', '--detailed-exitcode']);
    expect(plan.code, plan.stdout).toBe(0);
    // Another key's change sends the map whole: the host would drop the stored "" with it.
    h.ws.write('a', { ...EMPTY, metadata: { team: 'billing', owner: '' } });
    const r = await h.cli(['apply', '-lock=false', '--yes']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/warning: metadata 'owner' is ""/);
    expect(r.stdout).toContain("this host removed metadata 'owner'");
  });
});
