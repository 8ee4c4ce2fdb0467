// A saved plan keeps the choices it was made with (--prune, --allow-empty, --adopt-legacy,
// --target): a planning option given with it that would change them is refused in one wording,
// naming how the file was made and the command that applies it as made; one that repeats them is
// taken. And once this run's definitions are found to be the file's, the commands a refusal
// suggests name this run's --dir, not the directory the file records.
import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { harness, writeCount, type Harness } from './helpers.js';

const BILLING = { model: 'gpt-4o', name: 'Billing' };
const LEAD = 'cannot change a saved plan, which keeps the choices it was made with: ';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('the choices a saved plan was made with', () => {
  it('are refused in one wording when an option would change them, before any write', async () => {
    h = await harness({ 'support/billing': BILLING });
    expect((await h.cli(['plan', '--out', 'p.json'])).code).toBe(0);
    const before = writeCount(h.emu);
    const cases: [string[], string, string][] = [
      [['--prune'], '--prune', 'p.json was made without --prune, so it deletes no orphans'],
      [['--allow-empty'], '--allow-empty', 'p.json was made without --prune, and --allow-empty applies to --prune only'],
      [['--prune', '--allow-empty'], '--prune', 'p.json was made without --prune, so it deletes no orphans'],
      [['--adopt-legacy'], '--adopt-legacy', 'p.json was made without --adopt-legacy, so it takes over nothing that carries the legacy marker'],
      [['--target', 'support/billing'], '--target', 'p.json was made without --target and applies to every definition (it holds 1 change)'],
    ];
    for (const [flags, flag, made] of cases) {
      const r = await h.cli(['apply', 'p.json', ...flags, '--format', 'json']);
      expect(r.code, flags.join(' ')).toBe(1);
      const failure = JSON.parse(r.stdout).diagnostics.at(-1);
      expect(failure, flags.join(' ')).toMatchObject({ code: 'plan-option', message: `${flag} ${LEAD}${made}; nothing was changed` });
      expect(failure.hint, flags.join(' ')).toMatch(new RegExp(`^drop ${flag} to apply it as made: \`aac apply p\\.json\``));
    }
    expect(writeCount(h.emu)).toBe(before);
  });

  it('--allow-empty repeats a prune plan made over no definitions, whether or not --prune is given again', async () => {
    h = await harness({ 'support/billing': BILLING, 'support/faq': { model: 'gpt-4o', name: 'FAQ' } });
    expect((await h.cli(['apply', '-lock=false', '--yes'])).code).toBe(0);
    h.ws.remove('support/billing');
    h.ws.remove('support/faq');
    const made = await h.cli(['plan', '--prune', '--allow-empty', '--out', 'empty.json']);
    expect(made.code, made.stderr).toBe(0);
    const r = await h.cli(['apply', '-lock=false', 'empty.json', '--allow-empty']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^Applying empty\.json .*, as planned with --prune --allow-empty:\n/);
    expect(r.stdout).toContain('Apply complete: 0 created, 0 modified, 2 deleted.');
  });

  it("suggest this run's --dir once its definitions are the file's, not the directory the file records", async () => {
    h = await harness({ 'support/billing': BILLING });
    expect((await h.cli(['apply', '-lock=false', '--yes'])).code).toBe(0);
    h.ws.write('support/billing', { ...BILLING, temperature: 0.9 });
    expect((await h.cli(['plan', '--out', 'p.json'])).code).toBe(0);
    // The same definitions in another directory (a checkout elsewhere, or a file whose `dir` was edited).
    cpSync(join(h.ws.root, 'assistants'), join(h.ws.root, 'copy'), { recursive: true });
    const [live] = h.emu.resources();
    h.emu.mutate(live!.id as string, { name: 'Changed by hand' });
    const r = await h.cli(['apply', '-lock=false', 'p.json', '--dir', 'copy']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Error: the saved plan p.json is stale, so nothing was applied:');
    expect(r.stderr).toContain('make a new plan with `aac plan --out p.json --dir copy`, review it, and apply that');
  });
});
