// An endpoint variable (OPENAI_BASE_URL, AZURE_AI_PROJECT_ENDPOINT, …) wins over `endpoint:` in
// aac.yaml, at the top level or in an environment; when the two differ, every command that reaches
// the host says so once on stderr, naming the variable, both endpoints (credentials redacted) and
// where the written one is. The CLI in-process against emulators on loopback.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { writeFile } from '../environments/helpers.js';
import { runCli } from '../helpers/cli.js';
import { testDir, testEmulator } from '../helpers/each-test.js';

const KEY = 'sk-test-endpoint-override-000000000000';
const WRITTEN = 'https://written.example.com/v1';
let emu: RunningEmulator;
let cwd: string;

beforeEach(async () => {
  emu = await testEmulator({ apiKey: KEY });
  cwd = testDir('aac-endpoint-override-');
  writeFile(cwd, 'assistants/aac.yaml', `namespace: support\nendpoint: ${WRITTEN}\n`);
  writeFile(cwd, 'assistants/faq.yaml', 'model: gpt-4o\nname: FAQ\n');
});

const aac = (argv: string[], env: Record<string, string | undefined> = {}) => runCli(argv, { cwd, env: { OPENAI_API_KEY: KEY, OPENAI_BASE_URL: emu.url, AAC_NAMESPACE: undefined, ...env } });
const warnings = (stderr: string) => stderr.split('\n').filter((l) => l.startsWith('Warning:'));

describe('an endpoint variable that overrides a different endpoint: in aac.yaml', () => {
  it('is used, and every command that reaches the host warns once on stderr, leaving a JSON stdout clean', async () => {
    const expected = `Warning: OPENAI_BASE_URL (${emu.url}) overrides endpoint: ${WRITTEN} (assistants/aac.yaml:2:11)`;
    const hint = `  the variable wins; unset OPENAI_BASE_URL to use the endpoint in assistants/aac.yaml, or make the two the same`;
    const plan = await aac(['plan', '--format', 'json']);
    expect(plan.code, plan.stderr).toBe(0);
    expect(plan.stderr).toBe(`${expected}\n${hint}\n`);
    expect(JSON.parse(plan.stdout).target.endpoint).toBe(emu.url);

    const applied = await aac(['apply', '--yes', '--format', 'json']);
    expect(applied.code, applied.stderr).toBe(0);
    expect(warnings(applied.stderr)).toEqual([expected]);
    expect(JSON.parse(applied.stdout).summary).toMatchObject({ created: 1 });
    expect(emu.resources().map((a) => a.name)).toEqual(['FAQ']);

    emu.seed([{ model: 'gpt-4o', name: 'By hand' }]);
    const imported = await aac(['import', '--dry-run', '--format', 'json']);
    expect(imported.code, imported.stderr).toBe(0);
    expect(warnings(imported.stderr)).toEqual([expected]);
    expect(JSON.parse(imported.stdout).imported).toHaveLength(1);

    const unlock = await aac(['force-unlock', 'asst_nolock', '--yes']);
    expect(warnings(unlock.stderr)).toEqual([expected]);

    // Commands that never reach a host resolve no endpoint, and say nothing of it.
    expect((await aac(['validate'])).stderr).toBe('');
    const out = join(cwd, 'plan.json');
    expect((await aac(['plan', '--out', out])).code).toBe(0);
    expect((await aac(['show', out])).stderr).toBe('');
  });

  it("names the environment whose endpoint: it overrides, and where it is written; an environment without one overrides the top level's", async () => {
    writeFile(cwd, 'assistants/aac.yaml', [
      'namespace: support',
      `endpoint: ${WRITTEN}`,
      'environments:',
      '  prod:',
      '    endpoint: https://prod.example.com/v1',
      '  dev: {}',
      '',
    ].join('\n'));
    const prod = await aac(['plan', '--env', 'prod']);
    expect(prod.code, prod.stderr).toBe(0);
    expect(warnings(prod.stderr)).toEqual([`Warning: OPENAI_BASE_URL (${emu.url}) overrides endpoint: https://prod.example.com/v1 of environment 'prod' (assistants/aac.yaml:5:15)`]);
    expect(prod.stdout).toContain(`in environment prod, namespace 'support', on openai (${emu.url})`);
    const dev = await aac(['plan', '--env', 'dev']);
    expect(warnings(dev.stderr)).toEqual([`Warning: OPENAI_BASE_URL (${emu.url}) overrides endpoint: ${WRITTEN} (assistants/aac.yaml:2:11)`]);
  });

  it('never prints the credentials of either URL', async () => {
    const url = new URL(emu.url);
    const given = `${url.protocol}//someone:hunter2pass@${url.host}${url.pathname}?sig=5ecretSignature`;
    writeFileSync(join(cwd, 'assistants', 'aac.yaml'), `namespace: support\nendpoint: ${WRITTEN}?api-version=v1&team=blue-team\n`);
    const plan = await aac(['plan'], { OPENAI_BASE_URL: given });
    expect(plan.code, plan.stderr).toBe(0);
    expect(warnings(plan.stderr)).toEqual([
      `Warning: OPENAI_BASE_URL (${url.protocol}//[redacted]@${url.host}${url.pathname}?sig=[redacted]) overrides endpoint: ${WRITTEN}?api-version=v1&team=[redacted] (assistants/aac.yaml:2:11)`,
      `Warning: OPENAI_BASE_URL (${url.protocol}//[redacted]@${url.host}${url.pathname}?sig=[redacted]) holds a user:password, which aac does not send (it sends no credentials from a URL)`,
    ]);
    for (const secret of ['someone', 'hunter2pass', '5ecretSignature', 'blue-team']) expect(plan.stdout + plan.stderr).not.toContain(secret);
  });

  it('never prints a query value spelt percent-encoded, in either case of hex', async () => {
    const given = `${emu.url}?sig=5ecret%2bSig%2fnature%3d&api-version=v1`;
    writeFileSync(join(cwd, 'assistants', 'aac.yaml'), `namespace: support\nendpoint: ${WRITTEN}\n`);
    const plan = await aac(['plan'], { OPENAI_BASE_URL: given });
    expect(plan.code, plan.stderr).toBe(0);
    expect(warnings(plan.stderr)).toEqual([`Warning: OPENAI_BASE_URL (${emu.url}?sig=[redacted]&api-version=v1) overrides endpoint: ${WRITTEN} (assistants/aac.yaml:2:11)`]);
    for (const secret of ['5ecret', 'Sig', 'nature']) expect(plan.stdout + plan.stderr).not.toContain(secret);
  });

  it('is no warning when the two are the same endpoint but for trailing slashes, or when aac.yaml writes none', async () => {
    writeFile(cwd, 'assistants/aac.yaml', `namespace: support\nendpoint: ${emu.url}//\n`);
    const same = await aac(['plan']);
    expect(same.code, same.stderr).toBe(0);
    expect(same.stderr).toBe('');
    writeFile(cwd, 'assistants/aac.yaml', 'namespace: support\n');
    expect((await aac(['plan'])).stderr).toBe('');
  });

  it.each([
    ['foundry-agents', 'AZURE_AI_PROJECT_ENDPOINT', { AAC_FOUNDRY_TOKEN: 'entra-token' }, 'name: faq\ndefinition: { kind: prompt, model: gpt-4o }\n'],
    ['openai-agents', 'OPENAI_BASE_URL', { OPENAI_API_KEY: KEY }, 'model: gpt-5\n'],
  ])('the %s provider warns for %s alike', async (provider, variable, credentials, definition) => {
    const other = await testEmulator({ provider, ...(provider === 'openai-agents' ? { apiKey: KEY } : {}) });
    writeFile(cwd, 'assistants/aac.yaml', `namespace: support\nprovider: ${provider}\nendpoint: ${WRITTEN}\n`);
    writeFile(cwd, 'assistants/faq.yaml', definition);
    const plan = await runCli(['plan'], { cwd, env: { ...credentials, [variable]: other.url, AAC_NAMESPACE: undefined } });
    expect(plan.code, plan.stderr).toBe(0);
    expect(warnings(plan.stderr)).toEqual([`Warning: ${variable} (${other.url}) overrides endpoint: ${WRITTEN} (assistants/aac.yaml:3:11)`]);
  });

  it('refuses OPENAI_BASE_URL set but empty for openai-agents too, as for every provider', async () => {
    writeFile(cwd, 'assistants/aac.yaml', 'namespace: support\nprovider: openai-agents\n');
    writeFile(cwd, 'assistants/faq.yaml', 'model: gpt-5\n');
    const plan = await aac(['plan'], { OPENAI_BASE_URL: '' });
    expect(plan.code).toBe(1);
    expect(plan.stderr).toContain('OPENAI_BASE_URL is set but empty');
  });
});

describe('an endpoint variable holding a user:password', () => {
  const PASSWORD = 'pw-SECRET-url-777';
  /** `url` with a user:password, as a proxy's address is often written. */
  const withUserinfo = (url: string) => {
    const u = new URL(url);
    u.username = 'proxyuser';
    u.password = PASSWORD;
    return u.toString().replace(/\/$/, '');
  };

  it.each([
    ['openai', 'OPENAI_BASE_URL', { OPENAI_API_KEY: KEY }],
    ['foundry', 'AZURE_AI_PROJECT_ENDPOINT', { AAC_FOUNDRY_TOKEN: KEY }],
  ] as const)('%s: warns once on stderr that aac does not send it, never printing it; the run goes on', async (provider, variable, credentials) => {
    const host = await testEmulator({ provider, apiKey: KEY });
    const dir = testDir('aac-endpoint-userinfo-');
    writeFile(dir, 'assistants/aac.yaml', `provider: ${provider}\nnamespace: support\n`);
    writeFile(dir, 'assistants/faq.yaml', 'model: gpt-4o\nname: FAQ\n');
    const r = await runCli(['plan', '--format', 'json'], { cwd: dir, env: { AAC_NAMESPACE: undefined, OPENAI_BASE_URL: undefined, ...credentials, [variable]: withUserinfo(host.url) } });
    expect(r.code, r.stderr).toBe(0);
    const shown = new URL(host.url);
    expect(warnings(r.stderr)).toEqual([`Warning: ${variable} (${shown.protocol}//[redacted]@${shown.host}${shown.pathname.replace(/\/$/, '')}) holds a user:password, which aac does not send (it sends no credentials from a URL)`]);
    expect(r.stderr).toContain(`  remove it from ${variable}: aac sends only the provider's own credentials (${Object.keys(credentials)[0]})`);
    expect(JSON.parse(r.stdout).summary).toMatchObject({ create: 1 });
    expect(r.stdout + r.stderr).not.toContain(PASSWORD);
    expect(r.stdout + r.stderr).not.toContain('proxyuser');
  });
});

describe('an endpoint variable without http:// or https:// (host:port, as other tools take it)', () => {
  it("names the variable and what to add, with the provider's own path, never quoting the value; so added, it plans", async () => {
    const hostPort = new URL(emu.url).host;
    for (const given of [hostPort, `localhost:${new URL(emu.url).port}`]) {
      const r = await aac(['plan'], { OPENAI_BASE_URL: given });
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('Error: the endpoint in the environment variable OPENAI_BASE_URL has no http:// or https://: write http:// before it and /v1 after it\n');
      expect(r.stderr).not.toContain(given);
    }
    // Another host than this machine's is told https://; a path given is kept.
    const remote = await aac(['plan'], { OPENAI_BASE_URL: 'example.com/openai/v1' });
    expect(remote.stderr).toContain('Error: the endpoint in the environment variable OPENAI_BASE_URL has no http:// or https://: write https:// before it\n');
    // Another scheme is named as one.
    const ftp = await aac(['plan'], { OPENAI_BASE_URL: 'ftp://example.com/v1' });
    expect(ftp.stderr).toContain('Error: the endpoint in the environment variable OPENAI_BASE_URL must be an http:// or https:// URL, not ftp://');
    expect(emu.stats().total).toBe(0);
    // As told, it plans.
    const fixed = await aac(['plan'], { OPENAI_BASE_URL: `http://${hostPort}/v1` });
    expect(fixed.code, fixed.stderr).toBe(0);
  });

  it('never echoes a pasted user:password or a query value', async () => {
    for (const given of ['admin:hunter2-PASSWORD@localhost:18402', 'admin:hunter2-PASSWORD@example.com', 'localhost:18402/v1?sig=SIGNATURE-123']) {
      const r = await aac(['plan'], { OPENAI_BASE_URL: given });
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('has no http:// or https://: write http');
      for (const secret of ['admin', 'hunter2', 'PASSWORD', 'SIGNATURE']) expect(r.stderr).not.toContain(secret);
    }
  });

  // Two secrets swapped in a CI file (`OPENAI_BASE_URL: ${{ secrets.OPENAI_API_KEY }}`): the URL
  // parser lower-cases a host, so a did-you-mean URL made of the value printed the key past exact
  // matching — aac's redaction and CI's masking alike. A JWT has dots, an Azure-style key none: no
  // rule on the value's shape tells a host from a key.
  it.each([
    ['openai', 'OPENAI_BASE_URL', 'OPENAI_API_KEY', 'sk-s26-SECRETKEY-abc123', '/v1'],
    ['openai', 'OPENAI_BASE_URL', 'OPENAI_API_KEY', '0123456789ABCDEFabcdef0123456789', '/v1'],
    ['foundry-agents', 'AZURE_AI_PROJECT_ENDPOINT', 'AAC_FOUNDRY_TOKEN', 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzMjYtRkFLRSJ9.S26fakeSIGNATURE_abc-XYZ', '/api/projects/<project>'],
  ])('%s: a key pasted into %s is never printed, in any case, in text or JSON', async (provider, variable, credential, secret, path) => {
    writeFile(cwd, 'assistants/aac.yaml', `provider: ${provider}\nnamespace: support\n`);
    writeFile(cwd, 'assistants/faq.yaml', provider === 'openai' ? 'model: gpt-4o\nname: FAQ\n' : 'name: faq\ndefinition:\n  kind: prompt\n  model: gpt-4o\n');
    // The key is the credential itself, or another secret than the run's.
    for (const held of [secret, 'another-credential-0000']) {
      for (const format of ['text', 'json']) {
        const r = await aac(['plan', '--format', format], { OPENAI_BASE_URL: undefined, [credential]: held, [variable]: secret });
        expect(r.code).toBe(1);
        const said = r.stdout + r.stderr;
        expect(said).toContain(`the endpoint in the environment variable ${variable} has no http:// or https://: write https:// before it and ${path} after it`);
        expect(said.toLowerCase()).not.toContain(secret.toLowerCase());
        expect(said.toLowerCase()).not.toContain(secret.slice(-12).toLowerCase());
      }
    }
    expect(emu.stats().total).toBe(0);
  });

  it("aac.yaml's `endpoint:` written so is told the same, unquoted, at its line and column, top level and environment's, before any request; as suggested, it plans", async () => {
    const hostPort = new URL(emu.url).host;
    writeFile(cwd, 'assistants/aac.yaml', `namespace: support\nendpoint: ${hostPort}\nenvironments:\n  far:\n    provider: foundry-agents\n    endpoint: "admin:hunter2@example.com?sig=SIGNATURE"\n`);
    for (const [command, env] of [['validate', {}], ['plan', { OPENAI_BASE_URL: undefined }]] as const) {
      const r = await aac([command, '--env', 'far'], env);
      expect(r.code).toBe(1);
      const said = r.stdout + r.stderr;
      expect(said).toContain(`assistants/aac.yaml:2:11: error: endpoint has no http:// or https://: write http:// before it and /v1 after it [endpoint]\n  hint: write the whole URL, with its http:// or https://\n`);
      // An environment's, by its own provider's path; nothing of the userinfo or the query echoed.
      expect(said).toContain('assistants/aac.yaml:6:15: error: endpoint has no http:// or https://: write https:// before it and /api/projects/<project> after it [environments.far.endpoint]');
      // Said once, not beside the schema's pattern.
      expect(said).not.toContain('endpoint is not valid');
      for (const secret of ['admin', 'hunter2', 'SIGNATURE']) expect(said).not.toContain(secret);
    }
    expect(emu.stats().total).toBe(0);
    writeFile(cwd, 'assistants/aac.yaml', `namespace: support\nendpoint: http://${hostPort}/v1\n`);
    const fixed = await aac(['plan'], { OPENAI_BASE_URL: undefined });
    expect(fixed.code, fixed.stderr).toBe(0);
  });

  it('foundry-agents: AZURE_AI_PROJECT_ENDPOINT, with the project endpoint\'s path', async () => {
    writeFile(cwd, 'assistants/aac.yaml', 'provider: foundry-agents\nnamespace: support\n');
    writeFile(cwd, 'assistants/faq.yaml', 'name: faq\ndefinition:\n  kind: prompt\n  model: gpt-4o\n');
    const r = await aac(['plan'], { AZURE_AI_PROJECT_ENDPOINT: 'localhost:18408', AAC_FOUNDRY_TOKEN: 'tok-test' });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Error: the endpoint in the environment variable AZURE_AI_PROJECT_ENDPOINT has no http:// or https://: write http:// before it and /api/projects/<project> after it');
  });
});

describe('an endpoint the URL parser would read as another (a control character, a port out of range)', () => {
  // The WHATWG parser drops a line break anywhere in a URL: `http://h/v1\r\nX: 1` went to
  // `/v1X:%201/…`, and the user saw a 404 from the host.
  it('a control character anywhere is refused, naming the variable (or the file, line, column) and its position, never the value; nothing is sent', async () => {
    for (const [given, at, code] of [[`${emu.url}\r\nX: SECRET-1`, emu.url.length + 1, 'U+000D'], [`${emu.url}/\tSECRET-1`, emu.url.length + 2, 'U+0009'], [`${emu.url}\x7fSECRET-1`, emu.url.length + 1, 'U+007F']] as const) {
      const r = await aac(['plan'], { OPENAI_BASE_URL: given });
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`Error: the endpoint in the environment variable OPENAI_BASE_URL holds a control character (${code}) at position ${at}, which a URL cannot carry`);
      expect(r.stderr).not.toContain('SECRET-1');
    }
    writeFile(cwd, 'assistants/aac.yaml', `namespace: support\nendpoint: "${emu.url}\\r\\nX: SECRET-1"\n`);
    for (const command of ['validate', 'plan']) {
      const r = await aac([command], { OPENAI_BASE_URL: undefined });
      expect(r.code).toBe(1);
      expect(r.stdout + r.stderr).toContain(`assistants/aac.yaml:2:11: error: endpoint holds a control character (U+000D) at position ${emu.url.length + 1}, which a URL cannot carry`);
      expect(r.stdout + r.stderr).not.toContain('SECRET-1');
    }
    expect(emu.stats().total).toBe(0);
  });

  it('a port past 65535, or 0 (nothing listens there), is told the range, naming the variable or the place', async () => {
    for (const port of ['99999', '0']) {
      const r = await aac(['plan'], { OPENAI_BASE_URL: `http://127.0.0.1:${port}/v1` });
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`Error: the endpoint in the environment variable OPENAI_BASE_URL has port ${port}, and a port is a number from 1 to 65535`);
      expect(r.stderr).not.toContain('is not a URL');
    }
    writeFile(cwd, 'assistants/aac.yaml', 'namespace: support\nendpoint: http://127.0.0.1:99999/v1\n');
    const r = await aac(['validate'], { OPENAI_BASE_URL: undefined });
    expect(r.code).toBe(1);
    expect(r.stdout + r.stderr).toContain('assistants/aac.yaml:2:11: error: endpoint has port 99999, and a port is a number from 1 to 65535');
    expect(emu.stats().total).toBe(0);
  });
});
