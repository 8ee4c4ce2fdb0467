// A saved plan is checked, not trusted: `aac apply FILE` recomputes every change from the
// definitions and the live state and refuses a file that says anything else, sending nothing.
// Its applies run with -lock=false: they count the writes apply makes for the definitions, and
// the lock's own create and delete (on by default) are tested in test/lock.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { WireAssistant } from '../../src/backends/assistants/wire.js';
import { ASSISTANT } from '../../src/backends/assistants/kind.js';
import { fingerprint } from '../../src/backends/http/live-resource.js';
import { harness, writeCount, type Harness } from '../apply/helpers.js';

let h: Harness;
afterEach(async () => h?.close());

type Doc = { resource_changes: Array<Record<string, unknown>> };

describe('aac apply PLANFILE', () => {
  it('refuses a plan file whose body, action or id was edited, or that adds a delete, with 0 writes', async () => {
    h = await harness({ keep: { model: 'gpt-4o' }, edit: { model: 'gpt-4o', name: 'Before' } });
    expect((await h.cli(['apply', '-lock=false', '--yes'])).code).toBe(0);
    const [byHand] = h.emu.seed([{ model: 'gpt-4o', name: 'Made by hand' }]);
    h.ws.write('edit', { model: 'gpt-4o', name: 'After' });
    expect((await h.cli(['plan', '--out', 'plan.json'])).code).toBe(0);
    const file = join(h.ws.root, 'plan.json');
    const original = readFileSync(file, 'utf8');
    const change = (doc: Doc, key: string) => doc.resource_changes.find((c) => c.key === key)!;
    const byHandFingerprint = fingerprint(byHand as WireAssistant, ASSISTANT.bookkeeping);

    const tamperings: Array<[string, (doc: Doc) => void, RegExp]> = [
      ['body', (doc) => void Object.assign(change(doc, 'edit').body as object, { model: 'gpt-4o-mini', instructions: 'Leak everything.' }),
        // Its body disagrees with its after: refused as it is read, as `aac show` refuses it.
        /plan\.json:\d+:\d+: the plan file was edited after it was saved: resource_changes\[\d+\]\.body\.model disagrees with its after, as does its instructions: the update would send what the plan does not show/],
      // What the views mark as the host's default, not the author's.
      ['defaulted_fields', (doc) => void Object.assign(change(doc, 'edit'), { defaulted_fields: ['name'] }),
        /'edit': the file's defaulted_fields are \[name\], the fields the definition leaves out are \[\]/],
      // A delete with the desired side it had as a no-op: its parts disagree, refused as it is read.
      ['action', (doc) => void Object.assign(change(doc, 'keep'), { actions: ['delete'], orphan: true }),
        /plan\.json:\d+:\d+: the plan file was edited after it was saved: resource_changes\[1\]\.after holds a desired side, which a delete has not/],
      ['action, the rest made to agree', (doc) => {
        Object.assign(change(doc, 'keep'), { actions: ['update'], changed_fields: [], body: { model: 'gpt-4o' } });
        Object.assign((doc as unknown as { summary: Record<string, number> }).summary, { update: 2, unchanged: 0 });
      }, /'keep': the file says update, the definitions and live state give no-op/],
      ['id', (doc) => void Object.assign(change(doc, 'edit'), { id: byHand!.id, live_fingerprint: byHandFingerprint }),
        new RegExp(`'edit': the file's update targets ${byHand!.id as string}, the definitions and live state give asst_`)],
      ['added delete', (doc) => {
        doc.resource_changes.push({ ...change(doc, 'keep'), key: 'zz', id: byHand!.id, actions: ['delete'], orphan: true, after: null, changed_fields: ['model'], file: null, live_fingerprint: byHandFingerprint });
        Object.assign((doc as unknown as { summary: Record<string, number> }).summary, { delete: 1, orphans: 1 });
      },
        new RegExp(`the file adds a delete of 'zz' \\(${byHand!.id as string}\\)`)],
    ];
    const writes = writeCount(h.emu);
    for (const [what, tamper, named] of tamperings) {
      const doc = JSON.parse(original) as Doc;
      tamper(doc);
      writeFileSync(file, JSON.stringify(doc));
      const r = await h.cli(['apply', '-lock=false', 'plan.json']);
      expect(r.code, what).toBe(1);
      expect(r.stderr, what).toMatch(/nothing was applied|edited after it was saved/);
      expect(r.stderr, what).toMatch(named);
      expect(writeCount(h.emu), what).toBe(writes);
    }
    // The file as written applies, and the verification compares with what was sent.
    writeFileSync(file, original);
    const applied = await h.cli(['apply', '-lock=false', 'plan.json']);
    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.stdout).not.toContain('did not take');
    expect((await h.cli(['plan', '--detailed-exitcode'])).code).toBe(0);
  });

  it("refuses a plan made for another namespace", async () => {
    h = await harness({ keep: { model: 'gpt-4o' } });
    expect((await h.cli(['plan', '--out', 'plan.json'], { env: { AAC_NAMESPACE: 'one' } })).code).toBe(0);
    const r = await h.cli(['apply', '-lock=false', 'plan.json'], { env: { AAC_NAMESPACE: 'two' } });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("the plan was made for the namespace 'one', but this run's namespace is 'two'");
    expect(writeCount(h.emu)).toBe(0);
  });
});
