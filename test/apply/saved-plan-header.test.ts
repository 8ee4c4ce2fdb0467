// Applying a saved plan says, before its first write, what it writes to — the file, its
// environment, namespace, provider and endpoint (never the URL's userinfo) — and the choices it
// was made with, so a CI log answers "what did this touch?" as a fresh plan's header does.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { harness, type Harness } from './helpers.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('the header of a saved plan applied', () => {
  it('names the file, environment, namespace, provider, endpoint and the plan options before the first write', async () => {
    h = await harness({ 'support/billing': { model: 'gpt-4o', name: 'Billing' }, 'support/faq': { model: 'gpt-4o', name: 'FAQ' } });
    writeFileSync(join(h.ws.root, 'assistants', 'aac.yaml'), 'namespace: hdr\nenvironments:\n  prod: { namespace: hdr-prod }\n');
    const port = new URL(h.emu.url).port;
    // A URL carrying userinfo: aac sends none of it and prints none of it.
    const env = { OPENAI_BASE_URL: `http://someone:s3cr3t-pw@127.0.0.1:${port}/v1`, AAC_NAMESPACE: undefined };
    const out = join(h.ws.root, 'pprod.json');
    const plan = await h.cli(['plan', '--env', 'prod', '--prune', '--target', 'support/billing', '--out', out], { env });
    expect(plan.code, plan.stderr).toBe(0);
    // The fresh plan's header says where, in the same words.
    expect(plan.stdout).toContain(`aac will perform the following actions in environment prod, namespace 'hdr-prod', on openai (http://127.0.0.1:${port}/v1):`);

    const r = await h.cli(['apply', '-lock=false', out], { env });
    expect(r.code, r.stderr).toBe(0);
    const header = `Applying ${out} in environment prod, namespace 'hdr-prod', on openai (http://127.0.0.1:${port}/v1), as planned with --prune --target support/billing:\n`;
    expect(r.stdout.startsWith(header), r.stdout).toBe(true);
    expect(r.stdout).toContain('+ support/billing: created ');
    expect(r.stdout + r.stderr).not.toContain('s3cr3t-pw');
    expect(r.stdout + r.stderr).not.toContain('someone');
  });

  it('without options or environment, names the file, namespace, provider and endpoint', async () => {
    h = await harness({ faq: { model: 'gpt-4o', name: 'FAQ' } });
    writeFileSync(join(h.ws.root, 'assistants', 'aac.yaml'), 'namespace: plain\n');
    const out = join(h.ws.root, 'p.json');
    const env = { AAC_NAMESPACE: undefined };
    expect((await h.cli(['plan', '--out', out], { env })).code).toBe(0);
    const r = await h.cli(['apply', '-lock=false', out, '--format', 'json'], { env });
    expect(r.code, r.stderr).toBe(0);
    // With --format json the human lines go to stderr, stdout being the document.
    expect(r.stderr.startsWith(`Applying ${out} in namespace 'plain' on openai (${h.emu.url}):\n+ faq: created `), r.stderr).toBe(true);
    expect(JSON.parse(r.stdout).summary.created).toBe(1);
  });
});
