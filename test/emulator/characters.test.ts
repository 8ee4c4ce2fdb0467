// The APIs count a limit in characters (code points), as validate does: a metadata value of 512
// characters outside the Basic Multilingual Plane (an emoji is two UTF-16 units) is within it.
// Every emulator must take what validate passes; the CLI against each, over loopback.
import { afterEach, expect, test } from 'vitest';
import { harness, API_KEY, type Harness } from '../apply/helpers.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const key = 'note';
const value = '😀'.repeat(512);
const FOUNDRY = (url: string) => ({ AAC_FOUNDRY_TOKEN: API_KEY, AZURE_AI_PROJECT_ENDPOINT: url });
const CASES = [
  { provider: 'openai', def: { model: 'gpt-4o', metadata: { [key]: value } } },
  { provider: 'foundry', env: FOUNDRY, def: { model: 'gpt-4o', metadata: { [key]: value } } },
  { provider: 'openai-agents', def: { model: 'gpt-5', metadata: { [key]: value } } },
  { provider: 'foundry-agents', env: FOUNDRY, def: { name: 'emoji', metadata: { [key]: value }, definition: { kind: 'prompt', model: 'gpt-4o' } } },
] as const;

for (const c of CASES) {
  test(`${c.provider}: a metadata value of 512 characters outside the BMP is valid, applied, and then clean`, async () => {
    h = await harness({ a: c.def as unknown as Record<string, unknown> }, { provider: c.provider });
    const env = 'env' in c ? c.env(h.emu.url) : {};
    const cli = (argv: string[]) => h!.cli([...argv, '--provider', c.provider], { env });
    expect((await cli(['validate'])).code).toBe(0);
    const applied = await cli(['apply', '-lock=false', '--yes']);
    expect(applied.code, applied.stdout + applied.stderr).toBe(0);
    expect(JSON.stringify(h.emu.resources()[0])).toContain(value);
    const plan = await cli(['plan', '--detailed-exitcode']);
    expect(plan.code, plan.stdout + plan.stderr).toBe(0);
  });
}
