// A fresh apply that did not finish names the plan and the apply to run next; they must plan what
// this run planned: with its --prune, so that a delete that failed is tried again, and with its
// --target, so that finishing does not apply what the run left out on purpose. Run as printed,
// the apply converges to what the first run was asked for, and no further.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { apiEnv, harness, printedCommand, recordingProxy, type Harness } from './helpers.js';
import { END_TO_END } from '../helpers/cli.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const agent = (n: string) => ({ model: 'gpt-5', name: n.toUpperCase(), instructions: `You are ${n}.` });

/** Openai-agents definitions `keys` against the emulator, whose failed writes are not retried. */
async function agents(...keys: string[]): Promise<Harness> {
  const made = await harness(Object.fromEntries(keys.map((k) => [k, agent(k)])), { provider: 'openai-agents' });
  writeFileSync(join(made.ws.root, 'assistants', 'aac.yaml'), 'provider: openai-agents\noptions: { max_retries: 0 }\n');
  return made;
}

it('after a failed delete of `apply --prune`, the commands printed carry --prune, and run as printed they delete it', END_TO_END, async () => {
  h = await agents('a', 'b');
  const made = await h.cli(['apply', '--yes', '-lock=false']);
  expect(made.code, made.stderr).toBe(0);
  h.ws.remove('b');
  // The host fails every delete (after its retries): b is left.
  const proxy = await recordingProxy(h.emu.url, (req) => (req.method === 'DELETE' ? 500 : undefined));
  try {
    const failed = await h.cli(['apply', '--yes', '-lock=false', '--prune'], { env: apiEnv(proxy.url) });
    expect(failed.code).toBe(1);
    const out = failed.stdout + failed.stderr;
    expect(out).toContain('! b (');
    expect(printedCommand(out, 'Run ')).toEqual(['plan', '--prune']);
    const again = printedCommand(out, 'to see what is left, and ');
    expect(again).toEqual(['apply', '--yes', '--prune']);
    const finished = await h.cli(again);
    expect(finished.code, finished.stderr).toBe(0);
    expect(finished.stdout).toContain('Apply complete: 0 created, 0 modified, 1 deleted.');
  } finally {
    await proxy.close();
  }
});

it('after a failed update of `apply --target`, the commands printed carry --target, and run as printed they leave the rest alone', END_TO_END, async () => {
  h = await agents('a', 'b');
  const made = await h.cli(['apply', '--yes', '-lock=false']);
  expect(made.code, made.stderr).toBe(0);
  h.ws.write('a', { ...agent('a'), instructions: 'You are a, changed.' });
  h.ws.write('b', { ...agent('b'), instructions: 'You are b, changed, and not yet to be applied.' });
  const proxy = await recordingProxy(h.emu.url, (req) => (req.method === 'POST' && req.path.includes('/agents/') ? 500 : undefined));
  try {
    const failed = await h.cli(['apply', '--yes', '-lock=false', '--target', 'a'], { env: apiEnv(proxy.url) });
    expect(failed.code).toBe(1);
    const out = failed.stdout + failed.stderr;
    expect(printedCommand(out, 'Run ')).toEqual(['plan', '--target', 'a']);
    const again = printedCommand(out, 'to see what is left, and ');
    expect(again).toEqual(['apply', '--yes', '--target', 'a']);
    const finished = await h.cli(again);
    expect(finished.code, finished.stderr).toBe(0);
    expect(finished.stdout).toContain('Apply complete: 0 created, 1 modified, 0 deleted.');
    // b was left out of the first run on purpose, and still is.
    const b = h.emu.resources().find((r) => r.name === 'B');
    expect(b?.instructions).toBe('You are b.');
  } finally {
    await proxy.close();
  }
});
