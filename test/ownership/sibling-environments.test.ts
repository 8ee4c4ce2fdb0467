// Two environments of one aac.yaml on one host, each with its own namespace (staging and prod in
// one project): after staging's apply, prod's first plan meets staging's resources under the same
// keys. They are staging's, made from the same definitions, not a fleet left behind by a changed
// `namespace:`: the plan offers no `--adopt-namespace` of staging's namespace, and the flag naming
// it is refused, as taking them over would move staging's resources into prod.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EVERY_BACKEND_HOST as HOSTS } from '../backends/helpers.js';
import { runCli } from '../helpers/cli.js';
import { workspace, type Workspace } from '../apply/helpers.js';

const open: Array<{ close(): Promise<void> } | Workspace> = [];
afterEach(async () => {
  for (const o of open.splice(0).reverse()) await ('cleanup' in o ? o.cleanup() : o.close());
});

/** Definitions a and b applied in staging (namespace s31-stg) on `provider`; prod (s31-prod) shares the host, not applied yet. */
async function stagingApplied(provider: string) {
  const host = HOSTS[provider]!;
  const emu = await host.start();
  open.push(emu);
  // One project holds one agent of a name: each environment names its own.
  const named = (label: string) => ({ ...host.definition(label), ...(provider === 'foundry-agents' ? { name: `agent-${label.toLowerCase()}-\${var.env}` } : {}) });
  const ws = workspace({ a: named('A'), b: named('B') });
  open.push(ws);
  writeFileSync(
    join(ws.root, 'assistants/aac.yaml'),
    `provider: ${provider}\nvariables:\n  env: { type: string }\nenvironments:\n  staging: { namespace: s31-stg, values: { env: stg } }\n  prod: { namespace: s31-prod, values: { env: prod } }\n`,
  );
  const cli = (...argv: string[]) => runCli(argv, { cwd: ws.root, env: { ...host.env(emu.url), AAC_NAMESPACE: undefined, AAC_ENV: undefined } });
  const applied = await cli('apply', '--yes', '--env', 'staging');
  expect(applied.code, applied.stderr).toBe(0);
  expect(applied.stdout).toContain('Apply complete: 2 created');
  return { cli };
}

describe.each(['openai', 'foundry-agents'])('a sibling environment on one host: with --provider %s', (provider) => {
  it("prod's first plan creates its own, with no note that staging's namespace was left behind, in every view", async () => {
    const { cli } = await stagingApplied(provider);
    const plan = await cli('plan', '--env', 'prod');
    expect(plan.code, plan.stderr).toBe(0);
    expect(plan.stdout).toContain('Plan: 2 to create, 0 to modify, 0 to delete, 0 unchanged.');
    expect(plan.stdout).not.toContain("in the namespace 's31-stg'");
    expect(plan.stdout).not.toContain('--adopt-namespace');
    const markdown = await cli('plan', '--env', 'prod', '--format', 'markdown');
    expect(markdown.code, markdown.stderr).toBe(0);
    expect(markdown.stdout).not.toContain('--adopt-namespace');
    const json = JSON.parse((await cli('plan', '--env', 'prod', '--format', 'json')).stdout) as { resource_changes: Array<{ key: string; actions: string[]; live_elsewhere?: unknown }> };
    expect(json.resource_changes.map((c) => [c.key, c.actions[0], c.live_elsewhere])).toEqual([
      ['a', 'create', undefined],
      ['b', 'create', undefined],
    ]);
  });

  it("prod's saved plan applies: the apply's own plan sees no twin in staging's namespace either, so the file is not stale", async () => {
    const { cli } = await stagingApplied(provider);
    const saved = await cli('plan', '--env', 'prod', '--out', 'prod.json');
    expect(saved.code, saved.stderr).toBe(0);
    const applied = await cli('apply', 'prod.json');
    expect(applied.stderr).not.toContain('live_elsewhere');
    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.stdout).toContain('Apply complete: 2 created');
    const clean = await cli('plan', '--env', 'prod', '--detailed-exitcode');
    expect(clean.code, clean.stdout + clean.stderr).toBe(0);
  });

  it("--adopt-namespace of staging's namespace in prod is refused before any write, and staging keeps its resources", async () => {
    const { cli } = await stagingApplied(provider);
    const taken = await cli('apply', '--yes', '--env', 'prod', '--adopt-namespace', 's31-stg');
    expect(taken.code).toBe(1);
    expect(taken.stderr).toContain("refusing --adopt-namespace s31-stg: 's31-stg' is the namespace of the environment 'staging' of this aac.yaml, on the same host as the environment 'prod'");
    expect(taken.stderr).toContain('nothing was changed');
    const staging = await cli('plan', '--env', 'staging', '--detailed-exitcode');
    expect(staging.code, staging.stdout + staging.stderr).toBe(0);
  });
});

// Without an endpoint variable or `endpoint:`, a run of openai or openai-agents goes to the
// provider's default (OpenAI's own API): environments that write none are on one host. The refusal
// comes before any request (and without a key nothing could be sent), so no host is needed here.
describe.each(['openai', 'openai-agents'])('environments of %s that write no endpoint', (provider) => {
  async function adoptInProd(endpoints: { staging?: string; prod?: string }) {
    const ws = workspace({ a: HOSTS[provider]!.definition('A') });
    open.push(ws);
    const endpoint = (url?: string) => (url === undefined ? '' : `, endpoint: "${url}"`);
    writeFileSync(
      join(ws.root, 'assistants/aac.yaml'),
      `provider: ${provider}\nenvironments:\n  staging: { namespace: s31-stg${endpoint(endpoints.staging)} }\n  prod: { namespace: s31-prod${endpoint(endpoints.prod)} }\n`,
    );
    return runCli(['apply', '--yes', '--env', 'prod', '--adopt-namespace', 's31-stg'], { cwd: ws.root, env: { OPENAI_BASE_URL: undefined, OPENAI_API_KEY: undefined, AAC_NAMESPACE: undefined, AAC_ENV: undefined } });
  }
  const refusal = "refusing --adopt-namespace s31-stg: 's31-stg' is the namespace of the environment 'staging' of this aac.yaml, on the same host as the environment 'prod'";

  it("share the default host: --adopt-namespace of the other's namespace is refused", async () => {
    const r = await adoptInProd({});
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(refusal);
  });

  it('share it with one that writes the default endpoint', async () => {
    const r = await adoptInProd({ prod: 'https://api.openai.com/v1/' });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(refusal);
  });

  it('do not share it with one that writes another endpoint', async () => {
    const r = await adoptInProd({ staging: 'http://127.0.0.1:1/v1' });
    expect(r.code).toBe(1);
    expect(r.stderr).not.toContain('refusing --adopt-namespace');
    expect(r.stderr).toContain('OPENAI_API_KEY');
  });
});
