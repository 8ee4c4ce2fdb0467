// A plan file's path is the user's to choose, and `aac plan --out` and `aac apply FILE` print it
// back. A credential of the run inside it (a key pasted into the wrong argument) is shown as
// [redacted] there, as in every other line aac prints; the file is still written and applied.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { API_KEY, harness, type Harness } from '../apply/helpers.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

it('plan --out and apply FILE name a plan file whose path holds a credential with the credential redacted', async () => {
  h = await harness({ bot: { model: 'gpt-4o', name: 'Bot' } });
  const file = `plan-${API_KEY}.json`;
  const planned = await h.cli(['plan', '--out', file]);
  expect(planned.code, planned.stderr).toBe(0);
  expect(existsSync(join(h.ws.root, file))).toBe(true);
  expect(planned.stdout).toContain("Saved the plan to plan-[redacted].json. To make exactly these changes, run: aac apply 'plan-[redacted].json'");
  expect(planned.stdout + planned.stderr).not.toContain(API_KEY);

  const applied = await h.cli(['apply', file]);
  expect(applied.code, applied.stderr).toBe(0);
  expect(applied.stdout).toContain("Applying 'plan-[redacted].json' ");
  expect(applied.stdout + applied.stderr).not.toContain(API_KEY);
  expect(h.emu.resources().map((r) => r.name)).toEqual(['Bot']);

  // A plan with nothing to do says so, the path redacted alike.
  const none = await h.cli(['plan', '--out', file]);
  expect(none.stdout).toContain('Saved the plan to plan-[redacted].json. It has no changes');
  expect(none.stdout + none.stderr).not.toContain(API_KEY);
});
