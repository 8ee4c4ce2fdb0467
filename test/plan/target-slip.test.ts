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

// A key that prints as the pattern does, but with other code points (`café` decomposed, as macOS
// can complete a file name): the did-you-mean shows the code points that differ.
test('--target in another Unicode normalization names the key, with the code points', async () => {
  h = await harness({ 'caf\u00e9': { model: 'gpt-4o', name: 'C' }, 'caf\u00e9s/paris': { model: 'gpt-4o', name: 'P' } });
  for (const [typed, shown, meant, revealed] of [
    ['cafe\u0301', 'cafe\\u{301}', 'caf\u00e9', 'caf\\u{e9}'],
    ['cafe\u0301s', 'cafe\\u{301}s', 'caf\u00e9s', 'caf\\u{e9}s'],
  ] as const) {
    const r = await h.cli(['plan', '--target', typed], { env: apiEnv(h.emu.url) });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`--target '${shown}' matches no definition and no managed assistant`);
    expect(r.stderr).toContain(`did you mean '${meant}' (${revealed})? The --target differs only in Unicode normalization (NFD → NFC); the code points that differ are shown as \\u{…}`);
  }
});

// The old key of a definition being renamed (`moved_from:`) is not a target: the plan moves that
// assistant to the new key, which is what to target.
test('--target an old key names the definition that moved from it', async () => {
  h = await harness({ a2: { model: 'gpt-4o', name: 'A', moved_from: ['a'] } });
  const r = await h.cli(['plan', '--target', 'a'], { env: apiEnv(h.emu.url) });
  expect(r.code).toBe(1);
  expect(r.stderr).toContain("--target 'a' names the old key 'a' of 'a2' (moved_from in assistants/a2.yaml): the plan moves that assistant to 'a2'");
  expect(r.stderr).toContain('target it by its new key: `--target a2`');
});
