// Switching an assistant to a reasoning model (issue 19): the modify resets what the definition no
// longer sets with the API's documented reset (null), never with the default's value, and
// validate and plan warn where a host is known to refuse sampling parameters for such models.
// Its applies run with -lock=false: they record the bodies apply sends for the definitions; the
// lock's own create and delete (on by default) are tested in test/lock.
import { afterEach, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { API_KEY, harness, recordingProxy, apiEnv, type Harness } from './helpers.js';
import { cleanupTrees, writeTree } from '../desired/helpers.js';
import { runCli } from '../helpers/cli.js';
import { REASONING_FAMILIES, reasoningFamily } from '../../src/backends/reasoning-models.js';

let h: Harness | undefined;
const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  await h?.close();
  h = undefined;
  for (const close of closers.splice(0)) await close();
  cleanupTrees();
});

describe('switching from gpt-4o with sampling to o3-mini with reasoning_effort', () => {
  it('sends null for temperature and top_p (never 1), and the next plan is clean', async () => {
    h = await harness({ bot: { model: 'gpt-4o', name: 'Bot', temperature: 0.2, top_p: 0.9 } });
    expect((await h.cli(['apply', '-lock=false', '--yes'])).code).toBe(0);
    h.ws.write('bot', { model: 'o3-mini', name: 'Bot', reasoning_effort: 'high' });
    const proxy = await recordingProxy(h.emu.url);
    closers.push(() => proxy.close());
    const r = await h.cli(['apply', '-lock=false', '--yes'], { env: apiEnv(proxy.url) });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const [modify] = proxy.writes();
    expect(modify!.body).toEqual({ model: 'o3-mini', temperature: null, top_p: null, reasoning_effort: 'high' });
    expect(r.stdout + r.stderr).not.toContain('warning');
    const stored = h.emu.resources()[0]!;
    expect([stored.model, stored.temperature, stored.top_p, stored.reasoning_effort]).toEqual(['o3-mini', 1, 1, 'high']);
    const again = await h.cli(['plan', '--detailed-exitcode']);
    expect(again.code).toBe(0);
  });

  it.each(['zerobot', 'foundry'] as const)('%s takes the reset as well (its schema allows null) and stores the default', async (provider) => {
    const env = provider === 'foundry' ? { AAC_FOUNDRY_TOKEN: API_KEY } : {};
    h = await harness({ bot: { model: 'gpt-4o', temperature: 0.2 } }, { provider });
    const cli = (argv: string[], url = h!.emu.url) =>
      h!.cli([...argv, '--provider', provider], { env: { ...env, OPENAI_BASE_URL: url, ZEROBOT_BASE_URL: url, ZEROBOT_API_KEY: API_KEY, AZURE_AI_PROJECT_ENDPOINT: url } });
    expect((await cli(['apply', '-lock=false', '--yes'])).code).toBe(0);
    h.ws.write('bot', { model: 'o3-mini' });
    const proxy = await recordingProxy(h.emu.url);
    closers.push(() => proxy.close());
    const r = await cli(['apply', '-lock=false', '--yes'], proxy.url);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(proxy.writes()[0]!.body).toEqual({ model: 'o3-mini', temperature: null });
    expect(h.emu.resources()[0]!.temperature).toBe(1);
    expect((await cli(['plan', '--detailed-exitcode'])).code).toBe(0);
  });

  it('the saved plan file records the same body', async () => {
    h = await harness({ bot: { model: 'gpt-4o', temperature: 0.2 } });
    expect((await h.cli(['apply', '-lock=false', '--yes'])).code).toBe(0);
    h.ws.write('bot', { model: 'o3-mini' });
    expect((await h.cli(['plan', '--format', 'json'])).stdout).toContain('"body": {\n        "model": "o3-mini",\n        "temperature": null\n      }');
  });
});

describe('sampling parameters on a reasoning model', () => {
  it('validate and plan warn (not fail) where the host refuses them, naming the family', async () => {
    h = await harness({ bot: { model: 'o3-mini', temperature: 0.2 } });
    const v = await h.cli(['validate']);
    expect(v.code).toBe(0);
    expect(v.stderr + v.stdout).toMatch(/warning: temperature is set, but 'o3-mini' is a reasoning model \(the o3 family\)/);
    const p = await h.cli(['plan']);
    expect(p.code).toBe(0);
    expect(p.stderr).toContain("'o3-mini' is a reasoning model");
  });

  it('gpt-5 takes only the default: temperature 1 passes, 0.5 warns; gpt-4o never warns; zerobot documents nothing, so no warning', async () => {
    const warned = async (spec: Record<string, unknown>, provider = 'openai') => {
      const root = writeTree({ 'assistants/bot.yaml': stringify({ model: 'gpt-4o', ...spec }) });
      const v = await runCli(['validate', '--provider', provider], { cwd: root });
      expect(v.code).toBe(0);
      return /reasoning model/.test(v.stdout + v.stderr);
    };
    expect(await warned({ model: 'gpt-5', temperature: 1 })).toBe(false);
    expect(await warned({ model: 'gpt-5-mini', top_p: 0.5 })).toBe(true);
    expect(await warned({ temperature: 0.2 })).toBe(false);
    expect(await warned({ model: 'o1', temperature: 0.2 }, 'zerobot')).toBe(false);
  });

  it('names families by prefix only at a dash: o3-mini is o3, o30 and gpt-50 are not', () => {
    expect(reasoningFamily('o3-mini')?.name).toBe('o3');
    expect(reasoningFamily('o1')?.name).toBe('o1');
    expect(reasoningFamily('gpt-5.1')?.name).toBe('gpt-5');
    expect(reasoningFamily('gpt-5-2025-08-07')?.name).toBe('gpt-5');
    expect(reasoningFamily('o30')).toBeUndefined();
    expect(reasoningFamily('gpt-50')).toBeUndefined();
    expect(reasoningFamily('gpt-4o')).toBeUndefined();
    for (const f of REASONING_FAMILIES) expect(f.source).toMatch(/#\d+/);
  });
});
