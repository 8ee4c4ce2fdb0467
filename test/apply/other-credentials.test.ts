// A credential the run holds that its client never sends — another provider's, set in the same
// environment (a CI job holding an OpenAI key and a Foundry token) — is redacted wherever the run
// shows anything: quoted back in a host's error body, it never reaches the apply's text, its JSON
// report or its job summary; found in live data, never a plan's text, markdown or JSON. The client
// redacts the environment's every credential, not only the ones it sends. Against the emulator,
// through a loopback proxy that answers for it.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { TEST_MARKER } from '../helpers/cli.js';
import { apiEnv, proxiedHarness } from './helpers.js';

/** A Foundry token, held beside the OpenAI key of the run (which connects to openai, not foundry). */
const OTHER = 'eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.other-provider-token';
/** A service principal's secret, which aac never reads (DefaultAzureCredential would). */
const SIGN_IN = 'Qx8Q~service-principal-secret-0123';

it("another provider's credential, echoed by the host or found in live data, is redacted in every output", async () => {
  const h = await proxiedHarness({ a: { model: 'gpt-4o', name: 'A' }, b: { model: 'gpt-4o', name: 'B' } }, (req) =>
    req.method === 'POST' && (req.body as { name?: string } | undefined)?.name === 'B'
      ? { status: 400, message: `gateway rejected a request carrying ${OTHER} and ${SIGN_IN}` }
      : undefined);
  // A managed assistant whose live description holds the token, drifted from its definition.
  h.ws.write('drift', { model: 'gpt-4o', name: 'Drift', description: 'Plain.' });
  h.emu.seed([{ model: 'gpt-4o', name: 'Drift', description: `Holds ${OTHER}`, metadata: { [TEST_MARKER]: 'drift' } }]);
  const summary = join(h.ws.root, 'summary.md');
  const env = { ...apiEnv(h.proxy.url), AAC_FOUNDRY_TOKEN: OTHER, AZURE_CLIENT_SECRET: SIGN_IN, GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summary };
  const outputs: string[] = [];
  for (const format of ['text', 'markdown', 'json']) {
    const planned = await h.cli(['plan', '--format', format], { env });
    expect(planned.code, planned.stderr).toBe(0);
    // Where the token was, the plan says so: redacted, not dropped.
    expect(planned.stdout).toContain('[redacted]');
    outputs.push(planned.stdout, planned.stderr);
  }
  for (const format of ['text', 'json']) {
    writeFileSync(summary, '');
    const applied = await h.cli(['apply', '--yes', '-lock=false', '--format', format], { env });
    expect(applied.code, applied.stderr).toBe(1);
    const said = format === 'json'
      ? JSON.parse(applied.stdout).outcomes.find((o: { key: string }) => o.key === 'b').error
      : applied.stdout;
    expect(said).toContain('gateway rejected a request carrying [redacted] and [redacted]');
    const written = readFileSync(summary, 'utf8');
    expect(written).toContain('gateway rejected a request carrying [redacted] and [redacted]');
    outputs.push(applied.stdout, applied.stderr, written);
  }
  for (const text of outputs) {
    expect(text).not.toContain(OTHER);
    expect(text).not.toContain(SIGN_IN);
  }
});
