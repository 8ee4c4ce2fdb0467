// --target that selects nothing names the key it probably meant when the pattern is one slip
// (a letter left out, added, changed or two swapped) from a key, or from a prefix of keys (a plain
// pattern selects a key and what is below it). Through the CLI against the emulator.
import { expect, test } from 'vitest';
import { apiEnv, harness, type Harness } from '../apply/helpers.js';
import { afterEach } from 'vitest';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

test.each([
  ['suport', 'support'], ['supoprt', 'support'], ['supportt', 'support'], ['sipport', 'support'],
  ['biling', 'billing'], ['bililng/refunds', 'billing/refunds'], ['biling/refunds', 'billing/refunds'],
])('--target %s names %s', async (typed, meant) => {
  h = await harness({ support: { model: 'gpt-4o', name: 'S' }, 'billing/refunds': { model: 'gpt-4o', name: 'R' }, 'billing/invoices': { model: 'gpt-4o', name: 'I' } });
  const r = await h.cli(['plan', '--target', typed], { env: apiEnv(h.emu.url) });
  expect(r.code).toBe(1);
  expect(r.stderr).toContain(`--target '${typed}' matches no definition`);
  expect(r.stderr).toContain(`did you mean '${meant}'?`);
});
