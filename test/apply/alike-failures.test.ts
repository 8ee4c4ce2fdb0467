// A fleet's failures alike (a host answering 5xx under load) are said once in the report, every
// key still listed, and "run apply again" once for the run, not once a failure; the JSON report
// keeps each action's whole message. Through the CLI, against the emulator behind a proxy that
// answers some creates with an error status itself.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { harness, recordingProxy } from './helpers.js';

const BUSY = ['a1', 'a2', 'a3', 'a4', 'a5'];
const OVERLOADED = ['b1', 'b2'];

describe('failures alike', () => {
  it('more than three alike are one line with their keys below; three or fewer a line each; run again is said once', async () => {
    const keys = [...BUSY, ...OVERLOADED, 'fine'];
    const h = await harness(Object.fromEntries(keys.map((k) => [k, { model: 'm', name: k }])));
    const proxy = await recordingProxy(h.emu.url, (req) => {
      if (req.method !== 'POST' || !req.path.endsWith('/assistants')) return undefined;
      const name = (req.body as { name?: string }).name ?? '';
      if (BUSY.includes(name)) return { status: 500, message: 'server busy' };
      if (OVERLOADED.includes(name)) return { status: 503, message: 'overloaded' };
      return undefined;
    });
    try {
      writeFileSync(join(h.ws.root, 'assistants', 'aac.yaml'), 'options:\n  max_retries: 0\n');
      // The text goes to stderr and the JSON document to stdout: both from one run.
      const r = await h.cli(['apply', '-lock=false', '--yes', '--format', 'json'], { env: { OPENAI_BASE_URL: proxy.url } });
      expect(r.code).toBe(1);
      const text = r.stderr;
      const cause = (status: number, message: string) => `the create failed once (${status}: ${message}; options.max_retries: 0) and no assistant carries its key: it was not created`;
      expect(text).toContain(['Failed:', `  + 5 creates, each: ${cause(500, 'server busy')}`, '      a1, a2, a3, a4, a5', `  + b1: ${cause(503, 'overloaded')}`, `  + b2: ${cause(503, 'overloaded')}`, ''].join('\n'));
      // Each failure's own line, as it happened, names its key; none repeats the advice.
      for (const key of [...BUSY, ...OVERLOADED]) expect(text).toContain(`! ${key}: create failed: `);
      expect(text.match(/again/g)).toHaveLength(1);
      expect(text).toContain('Run `aac plan` to see what is left, and `aac apply --yes` again to finish: it converges from any partial state.');
      const doc = JSON.parse(r.stdout) as { outcomes: { key: string; status: string; error: string | null }[] };
      const failed = doc.outcomes.filter((o) => o.status === 'failed');
      expect(failed.map((o) => o.key).sort()).toEqual([...BUSY, ...OVERLOADED]);
      for (const o of failed) expect(o.error).toMatch(/it was not created; run `aac apply --yes` again$/);
    } finally {
      await proxy.close();
      await h.close();
    }
  });
});
