// A refusal whose fix aac knows ends its error with the fix, after a semicolon or after a colon the
// clause before it leads to (an endpoint's own query parameter refused: `…aac sends the endpoint's
// query parameter 'team' on every request: remove the query parameter 'team' …`). apply says that
// fix once, under "would be refused the same way until…", never again at the end of the error in
// its progress line or under `Failed:` (the JSON report keeps the error whole, beside its `fix`); on every backend,
// over its emulator behind a proxy that refuses one create for the endpoint's parameter.
import { afterEach, describe, expect, it } from 'vitest';
import { EVERY_BACKEND_HOST as HOSTS } from '../backends/helpers.js';
import { runCli } from '../helpers/cli.js';
import { recordingProxy, workspace, type Workspace } from './helpers.js';

const open: Array<{ close(): Promise<void> } | Workspace> = [];
afterEach(async () => {
  for (const o of open.splice(0).reverse()) await ('cleanup' in o ? o.cleanup() : o.close());
});

describe.each(Object.keys(HOSTS))('a create refused for the endpoint\'s own query parameter, with --provider %s', (provider) => {
  it('says the fix once: in the next steps, not again after a colon in Failed:', async () => {
    const host = HOSTS[provider]!;
    const emu = await host.start();
    open.push(emu);
    const refused = host.named('B');
    const proxy = await recordingProxy(emu.url, (req) => (req.method === 'POST' && (req.body as { name?: string } | undefined)?.name === refused ? { status: 400, message: "Unknown query parameter: 'team'", param: 'team' } : undefined), { dropQuery: ['team'] });
    open.push(proxy);
    const ws = workspace({ a: host.definition('A'), b: host.definition('B') });
    open.push(ws);
    const env = host.env(`${proxy.url}?team=support`);
    const r = await runCli(['apply', '--yes', '-lock=false', '--provider', provider], { cwd: ws.root, env });
    expect(r.code, r.stdout + r.stderr).toBe(1);
    const fix = `remove the query parameter 'team' from the endpoint (set by ${Object.keys(env).find((v) => v.endsWith('_URL') || v.endsWith('_ENDPOINT'))}): the host takes no such parameter`;
    expect(r.stdout).toMatch(new RegExp(`Failed:\\n {2}\\+ b: .*\\(400\\): Unknown query parameter: 'team'; aac sends the endpoint's query parameter 'team' on every request\\n`));
    expect(r.stdout).toContain(`would be refused the same way until this is changed:\n  + b: ${fix}\n`);
    // Once in the whole output: the progress line of the failed create says its error without it.
    expect(r.stdout).toMatch(/\n! b: create failed: .*aac sends the endpoint's query parameter 'team' on every request\n/);
    expect(r.stdout.split(fix), r.stdout).toHaveLength(2);

    const json = await runCli(['apply', '--yes', '-lock=false', '--provider', provider, '--format', 'json'], { cwd: ws.root, env });
    const outcome = JSON.parse(json.stdout).outcomes.find((o: { key: string }) => o.key === 'b');
    expect(outcome).toMatchObject({ status: 'failed', error: expect.stringMatching(new RegExp(`on every request: ${fix.replace(/[()]/g, '\\$&')}$`)), fix });
  });
});

describe('a listing refused for the endpoint\'s own query parameter (Foundry refuses one it does not know)', () => {
  it('prints the error without the fix, and the fix once, as its hint; --format json gives it as the hint', async () => {
    const host = HOSTS['foundry-agents']!;
    const emu = await host.start();
    open.push(emu);
    const ws = workspace({ a: host.definition('A') });
    open.push(ws);
    const env = host.env(`${emu.url}?sig=SASsecret99999`);
    const fix = "remove the query parameter 'sig' from the endpoint (set by AZURE_AI_PROJECT_ENDPOINT): the host takes no such parameter";
    const r = await runCli(['plan', '--provider', 'foundry-agents'], { cwd: ws.root, env });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`^Error: listing agents: .*aac sends the endpoint's query parameter 'sig' on every request\\n  ${fix.replace(/[()]/g, '\\$&')}\\n`));
    expect(r.stderr.split(fix)).toHaveLength(2);
    expect(r.stderr).not.toContain('SASsecret99999');
    const json = await runCli(['plan', '--provider', 'foundry-agents', '--format', 'json'], { cwd: ws.root, env });
    expect(JSON.parse(json.stdout).diagnostics.at(-1)).toMatchObject({ severity: 'error', code: 'api-error', message: expect.not.stringContaining(fix), hint: fix });
  });
});
