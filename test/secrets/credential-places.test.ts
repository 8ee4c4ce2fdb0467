// A credential known by its place — a header named as one in an MCP tool's headers, Foundry's MCP
// `authorization` token, the user:password@ or a credential-named query parameter of a server's
// URL — whatever its value: validate (and so plan) refuses one written into a
// definition, naming file, line, column and path and the API's way instead, never the value; and a
// live one, added behind aac's back, is shown as [redacted] in every view of the plan (text,
// markdown, json, the saved plan and `aac show` of it, the drift section, apply's own), while the
// plan still sees the change and a saved plan still applies.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { API_KEY } from '../apply/helpers.js';
import { runCli } from '../helpers/cli.js';
import { testDir, testEmulator } from '../helpers/each-test.js';

const SECRET = 'live-secret-token-123456';
const DRIFT = 'drift-secret-987654';

interface Backend {
  provider: string;
  env(emu: RunningEmulator): Record<string, string>;
  /** A definition file (YAML) whose one MCP tool carries `extra` (YAML flow members) beside its server. */
  definition(extra: string): string;
  /** The managed agent's MCP tool changed behind aac's back to carry `fields` too. */
  drift(emu: RunningEmulator, fields: Record<string, unknown>): void;
  /** The API's way to keep the credential off the agent, as the hint names it. */
  instead: string;
  /** Where a written header sits, as the error names it. */
  headerPath: string;
  /** Where the MCP server's URL sits, as the error names it. */
  urlPath: string;
  /** The managed agent's MCP server URL changed behind aac's back to `url`. */
  driftUrl(emu: RunningEmulator, url: string): void;
  /** An agent aac does not manage, whose MCP server is at `url`. */
  seedUrl(emu: RunningEmulator, url: string): void;
}

const URL_SECRET = 'url-secret-pass-4711';
/** A server URL with a password, a token parameter and a parameter that is no credential. */
const SECRET_URL = `https://svc:${URL_SECRET}@mcp.example.com/v1?access_token=${URL_SECRET}x&region=eu`;

const OPENAI_AGENTS: Backend = {
  provider: 'openai-agents',
  env: (emu) => ({ OPENAI_BASE_URL: emu.url, OPENAI_API_KEY: API_KEY }),
  definition: (extra) => `model: gpt-5\nname: Crm\ntools:\n  - type: mcp\n    server_label: crm\n    transport: {type: http, server_url: "https://mcp.example.com", headers: {X-Tenant: t1${extra}}}\n`,
  drift(emu, fields) {
    const agent = emu.resources()[0]!;
    const tool = (agent.tools as Array<Record<string, any>>)[0]!;
    emu.mutate(String(agent.id), { tools: [{ ...tool, transport: { ...tool.transport, headers: { ...tool.transport.headers, ...fields } } }] });
  },
  instead: 'credential_id',
  headerPath: 'tools[0].transport.headers.Authorization',
  urlPath: 'tools[0].transport.server_url',
  driftUrl(emu, url) {
    const agent = emu.resources()[0]!;
    const tool = (agent.tools as Array<Record<string, any>>)[0]!;
    emu.mutate(String(agent.id), { tools: [{ ...tool, transport: { ...tool.transport, server_url: url } }] });
  },
  seedUrl: (emu, url) => emu.seed([{ model: 'gpt-5', name: 'Crm', tools: [{ type: 'mcp', server_label: 'crm', transport: { type: 'http', server_url: url } }] }]),
};

const FOUNDRY_AGENTS: Backend = {
  provider: 'foundry-agents',
  env: (emu) => ({ AZURE_AI_PROJECT_ENDPOINT: emu.url, AAC_FOUNDRY_TOKEN: API_KEY }),
  definition: (extra) => `name: crm\ndefinition:\n  kind: prompt\n  model: gpt-4o\n  tools:\n    - {type: mcp, server_label: crm, server_url: "https://mcp.example.com", headers: {X-Tenant: t1${extra}}}\n`,
  drift(emu, fields) {
    const agent = emu.resources()[0]! as Record<string, any>;
    const definition = agent.versions.latest.definition;
    const tool = definition.tools[0];
    const { authorization, ...headers } = fields;
    emu.mutate('crm', { definition: { tools: [{ ...tool, headers: { ...tool.headers, ...headers }, ...(authorization ? { authorization } : {}) }] } });
  },
  instead: 'project_connection_id',
  headerPath: 'definition.tools[0].headers.Authorization',
  urlPath: 'definition.tools[0].server_url',
  driftUrl(emu, url) {
    const tool = (emu.resources()[0] as Record<string, any>).versions.latest.definition.tools[0];
    emu.mutate('crm', { definition: { tools: [{ ...tool, server_url: url }] } });
  },
  seedUrl: (emu, url) => emu.seed([{ name: 'crm', definition: { kind: 'prompt', model: 'gpt-4o', tools: [{ type: 'mcp', server_label: 'crm', server_url: url }] } }]),
};

async function setUp(backend: Backend, definition: string) {
  const emu = await testEmulator({ provider: backend.provider, apiKey: API_KEY });
  const dir = testDir('aac-cred-');
  mkdirSync(join(dir, 'agents'));
  writeFileSync(join(dir, 'agents', 'crm.yaml'), definition);
  const aac = (...args: string[]) => runCli([...args, '--provider', backend.provider, '--dir', 'agents'], { cwd: dir, env: backend.env(emu) });
  return { emu, dir, aac };
}

/** A plan in every format lists the drifted credential's removal, showing it only as [redacted]. */
async function expectPlannedRedacted(aac: (...args: string[]) => Promise<{ code: number; stdout: string; stderr: string }>): Promise<void> {
  for (const format of ['text', 'markdown', 'json']) {
    const r = await aac('plan', '--format', format, '--detailed-exitcode');
    expect(r.code, r.stderr).toBe(2);
    expect(r.stdout).toContain('[redacted]');
    expect(r.stdout + r.stderr).not.toContain(DRIFT);
  }
}

/**
 * `backend`'s agent applied from `backend.definition('')`, its server URL then set to SECRET_URL
 * behind aac's back, and planned in every format (each showing the URL with its credentials alone
 * as [redacted]) and to plan.json: the set-up, what the plans printed, and the saved plan's text.
 */
async function planDriftedUrl(backend: Backend) {
  const set = await setUp(backend, backend.definition(''));
  expect((await set.aac('apply', '--yes')).code).toBe(0);
  backend.driftUrl(set.emu, SECRET_URL);
  const outputs: string[] = [];
  for (const format of ['text', 'markdown', 'json']) {
    const r = await set.aac('plan', '--format', format, '--detailed-exitcode');
    expect(r.code, r.stderr).toBe(2);
    // The server and the parameters that are no credential stay readable.
    expect(r.stdout).toContain('https://[redacted]@mcp.example.com/v1?access_token=[redacted]&region=eu');
    outputs.push(r.stdout, r.stderr);
  }
  expect((await set.aac('plan', '--out', 'plan.json')).code).toBe(0);
  return { ...set, outputs, saved: readFileSync(join(set.dir, 'plan.json'), 'utf8') };
}

describe.each([OPENAI_AGENTS, FOUNDRY_AGENTS])('$provider', (backend) => {
  test('validate and plan refuse a credential-named header written into a definition, at its line and column, never printing it', async () => {
    const { emu, aac } = await setUp(backend, backend.definition(`, Authorization: "Bearer ${SECRET}"`));
    const validate = await aac('validate');
    expect(validate.code).toBe(1);
    const out = validate.stdout + validate.stderr;
    // The header's key is on line 6 of either file: located, with its path.
    expect(out).toMatch(new RegExp(`agents/crm\\.yaml:6:\\d+: error: ${backend.headerPath.replace(/[.[\]]/g, '\\$&')} holds a credential`));
    expect(out).toContain(backend.instead);
    expect(out).toContain('${var.…}');
    const json = await aac('validate', '--format', 'json');
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout).diagnostics.map((d: { code: string; path: string }) => [d.code, d.path])).toEqual([['credential-in-definition', backend.headerPath]]);
    const plan = await aac('apply', '--yes');
    expect(plan.code).toBe(1);
    for (const text of [out, json.stdout, json.stderr, plan.stdout, plan.stderr]) expect(text).not.toContain(SECRET);
    // Refused before any write: nothing was created.
    expect(emu.resources()).toEqual([]);
  });

  test('a header named as a credential in any letter case is refused; other headers and an empty value pass', async () => {
    const { aac } = await setUp(backend, backend.definition(`, x-api-key: "${SECRET}", X-Trace: on, Cookie: ""`));
    const r = await aac('validate');
    expect(r.code).toBe(1);
    expect(r.stdout + r.stderr).toContain(backend.headerPath.replace('.Authorization', '["x-api-key"]'));
    expect(r.stdout + r.stderr).not.toContain('X-Trace');
    expect(r.stdout + r.stderr).not.toContain('Cookie');
    expect(r.stdout + r.stderr).not.toContain(SECRET);
  });

  test('a live credential header added behind aac\'s back is [redacted] in every view, and the plan still removes it', async () => {
    const { emu, dir, aac } = await setUp(backend, backend.definition(''));
    const created = await aac('apply', '--yes');
    expect(created.code, created.stderr + created.stdout).toBe(0);
    backend.drift(emu, { Authorization: `Bearer ${DRIFT}` });
    const outputs: string[] = [];
    const run = async (...args: string[]) => {
      const r = await aac(...args);
      outputs.push(r.stdout, r.stderr);
      return r;
    };
    const text = await run('plan', '--detailed-exitcode');
    // Seen as a change (compared before redaction), shown without its value.
    expect(text.code, text.stderr).toBe(2);
    expect(text.stdout).toMatch(/Authorization = "\[redacted\]"/);
    const markdown = await run('plan', '--format', 'markdown');
    expect(markdown.stdout).toMatch(/Authorization = "\[redacted\]"/);
    const json = await run('plan', '--format', 'json');
    expect(json.stdout).toContain('"Authorization": "[redacted]"');
    writeFileSync(join(dir, 'changed.txt'), 'agents/other.yaml\n');
    const drift = await run('plan', '--format', 'markdown', '--changed-files', 'changed.txt');
    expect(drift.stdout).toContain('Changed outside aac');
    expect(drift.stdout).toMatch(/Authorization = "\[redacted\]"/);
    expect((await run('plan', '--out', 'plan.json')).code).toBe(0);
    const saved = readFileSync(join(dir, 'plan.json'), 'utf8');
    expect(saved).toContain('[redacted]');
    for (const format of ['text', 'markdown', 'json']) {
      const shown = await runCli(['show', 'plan.json', '--format', format], { cwd: dir });
      expect(shown.code, shown.stderr).toBe(0);
      expect(shown.stdout).toContain('[redacted]');
      outputs.push(shown.stdout, shown.stderr);
    }
    // The saved plan, redacted as it is, still matches the one apply makes again, and applies.
    const applied = await run('apply', 'plan.json');
    expect(applied.code, applied.stderr).toBe(0);
    expect(JSON.stringify(emu.resources())).not.toContain(DRIFT);
    // Apply's own view of the plan, the same.
    backend.drift(emu, { Authorization: `Bearer ${DRIFT}` });
    const shownByApply = await run('apply', '--yes', '--show-plan');
    expect(shownByApply.code, shownByApply.stderr).toBe(0);
    expect(shownByApply.stdout).toMatch(/Authorization = "\[redacted\]"/);
    for (const t of [...outputs, saved]) expect(t).not.toContain(DRIFT);
  });
});

describe.each([OPENAI_AGENTS, FOUNDRY_AGENTS])('$provider: a credential in the MCP server\'s URL', (backend) => {
  const withUrl = (url: string) => backend.definition('').replace('https://mcp.example.com', url);

  test('validate and apply refuse one written into a definition, at the URL\'s line and column, naming its parts, never their values', async () => {
    const { emu, dir, aac } = await setUp(backend, withUrl(SECRET_URL));
    const validate = await aac('validate');
    expect(validate.code).toBe(1);
    const out = validate.stdout + validate.stderr;
    expect(out).toMatch(new RegExp(`agents/crm\\.yaml:6:\\d+: error: ${backend.urlPath.replace(/[.[\]]/g, '\\$&')} carries a credential in the URL \\(its user:password@ and its query parameter 'access_token'\\)`));
    expect(out).toContain(backend.instead);
    const json = await aac('validate', '--format', 'json');
    expect(JSON.parse(json.stdout).diagnostics.map((d: { code: string; path: string }) => [d.code, d.path])).toEqual([['credential-in-definition', backend.urlPath]]);
    const apply = await aac('apply', '--yes');
    expect(apply.code).toBe(1);
    for (const text of [out, json.stdout, json.stderr, apply.stdout, apply.stderr]) expect(text).not.toContain(URL_SECRET);
    expect(emu.resources()).toEqual([]);
    // A URL without one passes: a user name alone is a credential, an empty token and other parameters are not.
    writeFileSync(join(dir, 'agents', 'crm.yaml'), withUrl('https://mcp.example.com/v1?token=&region=eu'));
    expect((await aac('validate')).code).toBe(0);
    writeFileSync(join(dir, 'agents', 'crm.yaml'), withUrl(`https://${URL_SECRET}@mcp.example.com/v1`));
    const user = await aac('validate');
    expect(user.stdout).toContain("(its user:password@)");
    expect(user.stdout + user.stderr).not.toContain(URL_SECRET);
  });

  test("one a ${var.…} brings in is located at the reference and names the variable that brings it and where aac.yaml writes its value, the environment's own or the default: where the fix goes", async () => {
    // ${var.team} is part of the URL but brings no credential: not named.
    const { dir, aac } = await setUp(backend, withUrl('${var.mcp_url}#${var.team}'));
    const config = (defaultUrl: string) => writeFileSync(join(dir, 'agents', 'aac.yaml'), [
      'namespace: cred',
      'variables:',
      `  mcp_url: { type: string, default: "${defaultUrl}" }`,
      '  team: { type: string, default: crm }',
      'environments:',
      '  dev: { namespace: cred-dev }',
      '  prod:',
      '    values:',
      `      mcp_url: "${SECRET_URL}"`,
      '',
    ].join('\n'));
    config('https://mcp.example.com/v1?region=eu');
    const prod = await aac('validate', '--env', 'prod');
    expect(prod.code).toBe(1);
    const urlError = (at: string) => new RegExp(`agents/crm\\.yaml:6:\\d+: error: ${backend.urlPath.replace(/[.[\]]/g, '\\$&')} carries a credential in the URL \\([^)]*\\), which would be committed with the definition and shown in every plan; it comes from \\$\\{var\\.mcp_url\\}, whose value is at ${at.replace(/[.()]/g, '\\$&')} \\[`);
    expect(prod.stdout).toMatch(urlError('agents/aac.yaml:9:16 (environments.prod.values.mcp_url)'));
    expect(prod.stdout).not.toContain('var.team');
    expect(prod.stdout).toContain('hint: remove it from the URL, or from the value of mcp_url that puts it there (and rotate it if it was ever committed)');
    expect((await aac('validate', '--env', 'dev')).code).toBe(0);
    // The default, where an environment gives none.
    config(`https://${URL_SECRET}@mcp.example.com`);
    const dev = await aac('validate', '--env', 'dev', '--format', 'json');
    expect(dev.code).toBe(1);
    expect(JSON.parse(dev.stdout).diagnostics[0].message).toContain('; it comes from ${var.mcp_url}, whose value is at agents/aac.yaml:3:37 (variables.mcp_url.default)');
    for (const text of [prod.stdout, prod.stderr, dev.stdout, dev.stderr]) expect(text).not.toContain(URL_SECRET);
  });

  test('one a URL made of several ${var.…} carries names the variable whose value brings its token or password, not those that make its host and path', async () => {
    // Neither value alone makes a URL with a credential: the URL's shape is the whole text's.
    const { dir, aac } = await setUp(backend, withUrl('${var.base}?access_token=${var.tok}&region=eu'));
    writeFileSync(join(dir, 'agents', 'aac.yaml'), `namespace: cred\nvariables:\n  base: { type: string, default: "https://mcp.example.com/v1" }\n  tok: { type: string, default: "${URL_SECRET}" }\n`);
    const token = await aac('validate');
    expect(token.code).toBe(1);
    expect(token.stdout).toContain('; it comes from ${var.tok}, whose value is at agents/aac.yaml:4:33 (variables.tok.default) [');
    expect(token.stdout).toContain('hint: remove it from the URL, or from the value of tok that puts it there');
    expect(token.stdout).not.toContain('var.base');
    // A user written in the URL is no variable's; the password, brought in, is.
    writeFileSync(join(dir, 'agents', 'crm.yaml'), withUrl('https://svc:${var.tok}@${var.host}/v1'));
    writeFileSync(join(dir, 'agents', 'aac.yaml'), `namespace: cred\nvariables:\n  host: { type: string, default: mcp.example.com }\n  tok: { type: string, default: "${URL_SECRET}" }\n`);
    const password = await aac('validate');
    expect(password.stdout).toContain('; it comes from ${var.tok}, whose value is at agents/aac.yaml:4:33 (variables.tok.default) [');
    expect(password.stdout).not.toContain('var.host');
    for (const text of [token.stdout, token.stderr, password.stdout, password.stderr]) expect(text).not.toContain(URL_SECRET);
  });

  test('a live one set behind aac\'s back is shown with those parts alone as [redacted] in every view, and the plan still resets it', async () => {
    const { emu, dir, aac, outputs, saved } = await planDriftedUrl(backend);
    for (const format of ['text', 'markdown', 'json']) {
      const shown = await runCli(['show', 'plan.json', '--format', format], { cwd: dir });
      expect(shown.stdout).toContain('access_token=[redacted]');
      outputs.push(shown.stdout, shown.stderr);
    }
    const applied = await aac('apply', 'plan.json');
    expect(applied.code, applied.stderr).toBe(0);
    outputs.push(applied.stdout, applied.stderr);
    expect(JSON.stringify(emu.resources())).not.toContain(URL_SECRET);
    for (const t of [...outputs, saved]) expect(t).not.toContain(URL_SECRET);
  });

  test('import refuses an agent whose server URL carries one, naming the path, writing nothing', async () => {
    const { emu, dir, aac } = await setUp(backend, backend.definition(''));
    rmSync(join(dir, 'agents', 'crm.yaml'));
    backend.seedUrl(emu, SECRET_URL);
    const r = await aac('import');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`or URLs that carry one\\)[^\\n]*; nothing was written:\\n  - \\S+ → agents/crm\\.yaml: ${backend.urlPath.replace(/[.[\]]/g, '\\$&')}\\n`));
    expect(r.stdout + r.stderr).not.toContain(URL_SECRET);
    expect(readdirSync(join(dir, 'agents'))).toEqual([]);
  });
});

test('foundry-agents: an MCP tool\'s authorization token is refused in a definition and [redacted] live', async () => {
  const { emu, dir, aac } = await setUp(FOUNDRY_AGENTS, FOUNDRY_AGENTS.definition('').replace('headers:', `authorization: "${SECRET}", headers:`));
  const refused = await aac('validate');
  expect(refused.code).toBe(1);
  expect(refused.stdout + refused.stderr).toMatch(/agents\/crm\.yaml:6:\d+: error: definition\.tools\[0\]\.authorization holds a credential/);
  expect(refused.stdout + refused.stderr).toContain('project_connection_id');
  expect(refused.stdout + refused.stderr).not.toContain(SECRET);

  writeFileSync(join(dir, 'agents', 'crm.yaml'), FOUNDRY_AGENTS.definition(''));
  expect((await aac('apply', '--yes')).code).toBe(0);
  FOUNDRY_AGENTS.drift(emu, { authorization: DRIFT });
  await expectPlannedRedacted(aac);
});

test('a ${var.…} reference under a credential-named header is refused too: its value is written in aac.yaml', async () => {
  const { dir, aac } = await setUp(OPENAI_AGENTS, OPENAI_AGENTS.definition(', Authorization: "${var.tok}"'));
  writeFileSync(join(dir, 'agents', 'aac.yaml'), `variables:\n  tok: { type: string, default: "Bearer ${SECRET}" }\n`);
  const r = await aac('validate');
  expect(r.code).toBe(1);
  expect(r.stdout + r.stderr).toMatch(/agents\/crm\.yaml:6:\d+: error: tools\[0\]\.transport\.headers\.Authorization holds a credential/);
  expect(r.stdout + r.stderr).not.toContain(SECRET);
});

test('foundry-agents: a code interpreter\'s domain secret is refused in a definition and [redacted] live', async () => {
  const policy = (value: string) => `{type: allowlist, allowed_domains: [api.example.com], domain_secrets: [{domain: api.example.com, name: Authorization, value: "${value}"}]}`;
  const file = (value?: string) => `name: ci\ndefinition:\n  kind: prompt\n  model: gpt-4o\n  tools:\n    - {type: code_interpreter, container: {type: auto${value ? `, network_policy: ${policy(value)}` : ''}}}\n`;
  const { emu, dir, aac } = await setUp(FOUNDRY_AGENTS, file(SECRET));
  const refused = await aac('validate');
  expect(refused.code).toBe(1);
  expect(refused.stdout + refused.stderr).toMatch(/agents\/crm\.yaml:6:\d+: error: definition\.tools\[0\]\.container\.network_policy\.domain_secrets\[0\]\.value holds a credential/);
  expect(refused.stdout + refused.stderr).not.toContain(SECRET);

  writeFileSync(join(dir, 'agents', 'crm.yaml'), file());
  const created = await aac('apply', '--yes');
  expect(created.code, created.stderr).toBe(0);
  const tool = (emu.resources()[0] as Record<string, any>).versions.latest.definition.tools[0];
  emu.mutate('ci', { definition: { tools: [{ ...tool, container: { ...tool.container, network_policy: { type: 'allowlist', allowed_domains: ['api.example.com'], domain_secrets: [{ domain: 'api.example.com', name: 'Authorization', value: DRIFT }] } } }] } });
  await expectPlannedRedacted(aac);
});

interface OpenApiHost {
  provider: string;
  /** A definition whose one OpenAPI tool's spec has the server `url`, on line `line`. */
  definition(url: string): string;
  line: number;
  urlPath: string;
  /** What its auth names instead, as the hint says. */
  instead: string;
  driftUrl(emu: RunningEmulator, url: string): void;
  seedUrl(emu: RunningEmulator, url: string): void;
}

const openApiTool = (url: string) => ({ type: 'openapi', openapi: { name: 'crm', spec: { openapi: '3.0.0', servers: [{ url }] }, auth: { type: 'anonymous' } } });
const openApiYaml = (url: string) => `{type: openapi, openapi: {name: crm, spec: {openapi: "3.0.0", servers: [{url: "${url}"}]}, auth: {type: anonymous}}}`;

const OPENAPI_HOSTS: OpenApiHost[] = [
  {
    provider: 'foundry',
    definition: (url) => `model: gpt-4o\nname: crm\ntools:\n  - ${openApiYaml(url)}\n`,
    line: 4,
    urlPath: 'tools[0].openapi.spec.servers[0].url',
    instead: '`auth` of type `connection`',
    driftUrl: (emu, url) => emu.mutate(String(emu.resources()[0]!.id), { tools: [openApiTool(url)] }),
    seedUrl: (emu, url) => emu.seed([{ model: 'gpt-4o', name: 'crm', tools: [openApiTool(url)] }]),
  },
  {
    provider: 'foundry-agents',
    definition: (url) => `name: crm\ndefinition:\n  kind: prompt\n  model: gpt-4o\n  tools:\n    - ${openApiYaml(url)}\n`,
    line: 6,
    urlPath: 'definition.tools[0].openapi.spec.servers[0].url',
    instead: '`auth` of type `project_connection`',
    driftUrl: (emu, url) => emu.mutate('crm', { definition: { tools: [openApiTool(url)] } }),
    seedUrl: (emu, url) => emu.seed([{ name: 'crm', definition: { kind: 'prompt', model: 'gpt-4o', tools: [openApiTool(url)] } }]),
  },
];

describe.each(OPENAPI_HOSTS)('$provider: a credential in an OpenAPI tool\'s server URL, as in an MCP server\'s', (host) => {
  const backend = { ...FOUNDRY_AGENTS, provider: host.provider, definition: () => host.definition('https://api.example.com/'), driftUrl: host.driftUrl };

  test('validate and apply refuse one written into a definition, naming its parts and the API\'s way instead, never the values', async () => {
    const { emu, dir, aac } = await setUp(backend, host.definition(SECRET_URL));
    const validate = await aac('validate');
    expect(validate.code).toBe(1);
    const out = validate.stdout + validate.stderr;
    expect(out).toMatch(new RegExp(`agents/crm\\.yaml:${host.line}:\\d+: error: ${host.urlPath.replace(/[.[\]]/g, '\\$&')} carries a credential in the URL \\(its user:password@ and its query parameter 'access_token'\\)`));
    expect(out).toContain(host.instead);
    const apply = await aac('apply', '--yes');
    expect(apply.code).toBe(1);
    for (const text of [out, apply.stdout, apply.stderr]) expect(text).not.toContain(URL_SECRET);
    expect(emu.resources()).toEqual([]);
    writeFileSync(join(dir, 'agents', 'crm.yaml'), host.definition('https://api.example.com/v1?region=eu'));
    expect((await aac('validate')).code).toBe(0);
  });

  test('a live one is [redacted] in every plan view and the saved plan, and import refuses to write it', async () => {
    const { outputs, saved } = await planDriftedUrl(backend);
    for (const t of [...outputs, saved]) expect(t).not.toContain(URL_SECRET);

    const fresh = await setUp(backend, host.definition(''));
    rmSync(join(fresh.dir, 'agents', 'crm.yaml'));
    host.seedUrl(fresh.emu, SECRET_URL);
    const r = await fresh.aac('import');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`nothing was written:\\n  - \\S+ → agents/crm\\.yaml: ${host.urlPath.replace(/[.[\]]/g, '\\$&')}\\n`));
    expect(r.stdout + r.stderr).not.toContain(URL_SECRET);
    expect(readdirSync(join(fresh.dir, 'agents'))).toEqual([]);
  });
});
