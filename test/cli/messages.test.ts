// Messages that must point the right way (issue 19, "Messages that point the wrong way"): each one
// through the real CLI, against the emulator over HTTP where the API is involved, with the words
// that matter asserted.
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator } from '../../src/emulator/index.js';
import { API_KEY, apiEnv, harness, recordingProxy, type Harness } from '../apply/helpers.js';
import { cleanupTrees, writeTree } from '../desired/helpers.js';
import { runCli } from '../helpers/cli.js';

let h: Harness | undefined;
const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  await h?.close();
  h = undefined;
  for (const close of closers.splice(0)) await close();
  cleanupTrees();
});

/** A loopback port nothing listens on: bound, then closed. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

describe('hints quote what was typed', () => {
  it('a value outside a list is quoted, in aac.yaml as in a definition, with the nearest valid one; one shaped like a key is masked', async () => {
    const root = writeTree({ 'assistants/aac.yaml': 'provider: opnai\n', 'assistants/a.yaml': 'model: gpt-4o\n' });
    const r = await runCli(['validate'], { cwd: root });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("assistants/aac.yaml:1:11");
    expect(r.stdout).toContain("provider 'opnai' is not allowed; expected one of:");
    expect(r.stdout).toContain("did you mean 'openai'?");
    writeFileSync(join(root, 'assistants/aac.yaml'), 'provider: sk-proj-abcdefghijklmnop\n');
    const key = await runCli(['validate'], { cwd: root });
    expect(key.stdout).toContain("provider '[redacted]' is not allowed");
    expect(key.stdout + key.stderr).not.toContain('abcdefghijklmnop');
    // The flags say the same: the nearest valid value.
    const flag = await runCli(['validate', '--provider', 'opnai'], { cwd: root });
    expect(flag.stderr).toContain("unknown --provider 'opnai'");
    expect(flag.stderr).toContain("did you mean 'openai'?");
  });

  it('a YAML number or octal-looking value where text is expected: the hint quotes the source text', async () => {
    const root = writeTree({ 'assistants/a.yaml': 'model: gpt-4o\nmetadata:\n  prompt_version: 1.10\n  ticket_prefix: 0755\n' });
    const r = await runCli(['validate'], { cwd: root });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('metadata.prompt_version must be a string, not number 1.1 (written 1.10)');
    expect(r.stdout).toContain('quote the value to make it a string: "1.10"');
    expect(r.stdout).toContain('quote the value to make it a string: "0755"');
    expect(r.stdout).not.toContain('"1.1"');
    expect(r.stdout).not.toContain('"755"');
  });
});

describe('renames and pins', () => {
  it('a moved file that pins its id is told to keep its old key (key: or moved_from:), not to remove a definition that no longer exists', async () => {
    h = await harness({ 'billing/refunds': { model: 'gpt-4o', name: 'Refunds' } });
    expect((await h.cli(['apply', '--yes'])).code).toBe(0);
    const id = h.emu.resources()[0]!.id as string;
    h.ws.remove('billing/refunds');
    h.ws.write('payments/refunds', { id, model: 'gpt-4o', name: 'Refunds' });
    const r = await h.cli(['plan']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("managed as 'billing/refunds'");
    expect(r.stderr).toContain('moved_from: [billing/refunds]');
    expect(r.stderr).toContain('key: billing/refunds');
    expect(r.stderr).not.toContain("remove the definition 'billing/refunds'");
    // Either fix works, and the pin with moved_from moves the same assistant.
    h.ws.write('payments/refunds', { id, moved_from: ['billing/refunds'], model: 'gpt-4o', name: 'Refunds' });
    const moved = await h.cli(['apply', '--yes']);
    expect(moved.code, moved.stderr).toBe(0);
    expect(moved.stdout).toContain('moved from billing/refunds');
    expect(h.emu.resources().map((a) => a.id)).toEqual([id]);
    expect((await h.cli(['plan', '--detailed-exitcode'])).code).toBe(0);
  });

  it('a pin to an assistant whose key is still defined keeps the hint to remove that definition', async () => {
    h = await harness({ a: { model: 'gpt-4o' } });
    expect((await h.cli(['apply', '--yes'])).code).toBe(0);
    h.ws.write('b', { id: h.emu.resources()[0]!.id, model: 'gpt-4o' });
    const r = await h.cli(['plan']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("remove the definition 'a' first");
  });
});

describe('saved plans', () => {
  it('a plan applied against another endpoint says so, once, instead of listing every assistant as deleted', async () => {
    h = await harness({ a: { model: 'gpt-4o', name: 'A' }, b: { model: 'gpt-4o', name: 'B' } });
    expect((await h.cli(['apply', '--yes'])).code).toBe(0);
    h.ws.write('a', { model: 'gpt-4o', name: 'A2' });
    expect((await h.cli(['plan', '--out', 'plan.json'])).code).toBe(0);
    const other = await startEmulator({ apiKey: API_KEY });
    closers.push(() => other.close());
    const r = await h.cli(['apply', 'plan.json'], { env: apiEnv(other.url) });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('made for another endpoint');
    expect(r.stderr).toContain(h.emu.url);
    expect(r.stderr).toContain(other.url);
    expect(r.stderr).not.toContain('deleted since the plan was made');
    expect(other.resources()).toEqual([]);
  });
});

describe('API failures', () => {
  it('a 5xx on create shows the status and the API message, not "no response"', async () => {
    h = await harness({ a: { model: 'gpt-4o' } });
    const proxy = await recordingProxy(h.emu.url, (req) => (req.method === 'POST' && req.path.endsWith('/assistants') ? 500 : undefined));
    closers.push(() => proxy.close());
    const r = await h.cli(['apply', '-lock=false', '--yes'], { env: apiEnv(proxy.url) });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/a: create failed: .*500.*injected 500/);
    expect(h.emu.resources()).toEqual([]);
  });

  it('a refused connection fails at the first attempt and names the variable the endpoint came from', async () => {
    const root = writeTree({ 'assistants/a.yaml': 'model: gpt-4o\n' });
    const url = `http://127.0.0.1:${await closedPort()}/v1`;
    const r = await runCli(['plan', '--debug'], { cwd: root, env: apiEnv(url) });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('ECONNREFUSED');
    expect(r.stderr).toContain(`the endpoint ${url} comes from OPENAI_BASE_URL`);
    // One attempt per cursor, no retries.
    expect(r.stderr.match(/\[debug\] GET .* attempt 2/g)).toBeNull();
  });

  it('an answer with no body, and an API message ending in a full stop, read as sentences of ours', async () => {
    const root = writeTree({ 'assistants/a.yaml': 'model: gpt-4o\n' });
    const empty = createHttpServer((_req, res) => res.writeHead(404).end());
    await new Promise<void>((resolve) => empty.listen(0, '127.0.0.1', resolve));
    closers.push(() => new Promise<void>((resolve) => empty.close(() => resolve())));
    const url = `http://127.0.0.1:${(empty.address() as AddressInfo).port}/v1`;
    const notFound = await runCli(['plan'], { cwd: root, env: apiEnv(url) });
    expect(notFound.code).toBe(1);
    expect(notFound.stderr).toContain(`${url}/assistants answered 404 (no body); check the endpoint`);
    h = await harness({ a: { model: 'gpt-4o' } });
    const wrongKey = await h.cli(['plan'], { env: { OPENAI_API_KEY: 'sk-wrong-key-of-the-test' } });
    expect(wrongKey.code).toBe(1);
    expect(wrongKey.stderr).toContain('(401): Incorrect API key provided\n  check');
  });

  it("a plan stopped by errors says where they are: aac.yaml is not a definition", async () => {
    h = await harness({ a: { model: 'gpt-4o' } });
    writeFileSync(join(h.ws.root, 'assistants', 'aac.yaml'), 'namespce: x\n');
    expect((await h.cli(['plan'])).stderr).toContain('Error: 1 error in assistants/aac.yaml; nothing was changed');
    h.ws.write('a', { model: 5 });
    expect((await h.cli(['plan'])).stderr).toContain('Error: 2 errors in assistants/aac.yaml and the definitions; nothing was changed');
  });

  it('a --dir that does not exist, or is a file, is refused before any request (no key goes out)', async () => {
    h = await harness({ a: { model: 'gpt-4o' } });
    for (const [dir, message] of [['nope', "the definitions directory 'nope' does not exist"], ['assistants/a.yaml', "'assistants/a.yaml' is not a directory"]] as const) {
      for (const command of [['plan'], ['apply', '--yes']]) {
        const r = await h.cli([...command, '--dir', dir]);
        expect(r.code).toBe(1);
        expect(r.stderr).toContain(message);
      }
    }
    expect(h.emu.stats().total).toBe(0);
  });

  it('an endpoint without /v1 that answers 404 gets the hint to add it', async () => {
    h = await harness({ a: { model: 'gpt-4o' } });
    const bare = h.emu.url.replace(/\/v1$/, '');
    const r = await h.cli(['plan'], { env: apiEnv(bare) });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('404');
    expect(r.stderr).toContain(`${bare}/v1`);
  });

  it('an empty OPENAI_BASE_URL is an error, not the public endpoint', async () => {
    const root = writeTree({ 'assistants/a.yaml': 'model: gpt-4o\n' });
    const r = await runCli(['plan'], { cwd: root, env: { OPENAI_BASE_URL: '', OPENAI_API_KEY: API_KEY } });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('OPENAI_BASE_URL is set but empty');
    expect(r.stderr).toMatch(/^Error: OPENAI_BASE_URL is set but empty; give the server's URL/);
  });
});

describe('where output goes', () => {
  it('plan --format markdown --out FILE keeps "Saved the plan" out of the comment (stdout)', async () => {
    h = await harness({ a: { model: 'gpt-4o' } });
    const r = await h.cli(['plan', '--format', 'markdown', '--out', 'plan.json']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('**Plan: 1 to create');
    expect(r.stdout).not.toContain('Saved the plan');
    expect(r.stderr).toContain('Saved the plan to plan.json. To make exactly these changes, run: aac apply plan.json');
  });

  it('a saved plan with no changes says so, not "to make exactly these changes"', async () => {
    h = await harness({ a: { model: 'gpt-4o' } });
    expect((await h.cli(['apply', '--yes'])).code).toBe(0);
    const r = await h.cli(['plan', '--out', 'plan.json']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Saved the plan to plan.json. It has no changes: applying it would change nothing.');
    expect(r.stdout).not.toContain('To make exactly these changes');
  });

  it('aac show under GitHub Actions stops workflow commands around the plan, as plan does', async () => {
    h = await harness({ a: { model: 'gpt-4o', instructions: '::error::not a command\nline two' } });
    expect((await h.cli(['plan', '--out', 'plan.json'])).code).toBe(0);
    const r = await h.cli(['show', 'plan.json'], { env: { GITHUB_ACTIONS: 'true' } });
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    const token = /^::stop-commands::(.+)$/.exec(lines[0]!)?.[1];
    expect(token).toBeTruthy();
    expect(r.stdout.trimEnd().endsWith(`::${token}::`)).toBe(true);
    expect(r.stdout).toContain('::error::not a command');
    const json = await h.cli(['show', 'plan.json', '--format', 'json'], { env: { GITHUB_ACTIONS: 'true' } });
    expect(json.stdout).not.toContain('::stop-commands::');
    expect(() => JSON.parse(json.stdout)).not.toThrow();
  });
});

describe('a directory has no line or column', () => {
  it('an empty definitions directory is named alone, in text and JSON', async () => {
    const root = writeTree({ 'assistants/.keep': '' });
    const text = await runCli(['validate', '--no-color'], { cwd: root, env: {} });
    expect(text.stdout).toContain('assistants: warning: no definitions (*.yaml, *.yml) found in assistants\n');
    expect(text.stdout).not.toContain('assistants:1:1');
    const json = JSON.parse((await runCli(['validate', '--format', 'json'], { cwd: root, env: {} })).stdout);
    expect(json.diagnostics).toEqual([expect.objectContaining({ code: 'no-definitions', file: 'assistants', line: null, column: null })]);
  });
});

describe('import into an empty directory', () => {
  it('prints no loader warning, and its "Next:" hint keeps --dir', async () => {
    h = await harness();
    mkdirSync(join(h.ws.root, 'bots'));
    h.emu.seed([{ model: 'gpt-4o', name: 'Hand Made' }]);
    const r = await h.cli(['import', '--dir', 'bots']);
    expect(r.code).toBe(0);
    expect(r.stderr).not.toContain('no definitions');
    expect(r.stdout).toContain('aac plan --dir bots');
  });
});

describe('--format markdown is offered only where it exists', () => {
  it.each([
    ['validate', 'text or json'],
    ['apply', 'text or json'],
    ['import', 'text or json'],
    ['emulator', 'text'],
  ])('%s refuses --format markdown and its help says %s, as the README does', async (command, formats) => {
    const root = writeTree({ 'assistants/a.yaml': 'model: gpt-4o\n' });
    const r = await runCli([command, '--format', 'markdown'], { cwd: root });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`Error: aac ${command} takes --format ${formats}, not 'markdown'`);
    expect((await runCli(['help', command])).stdout).toContain(`Output format: ${formats} (default: text)`);
  });

  it.each(['emulator', 'force-unlock'])('%s, which writes no JSON, refuses --format json in text only: stdout stays empty', async (command) => {
    const root = writeTree({ 'assistants/a.yaml': 'model: gpt-4o\n' });
    const r = await runCli([command, '--format', 'json'], { cwd: root });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`Error: aac ${command} takes --format text, not 'json'`);
    expect(r.stdout).toBe('');
    // A command that writes JSON answers its refusal in JSON.
    expect(JSON.parse((await runCli(['validate', '--format', 'json', '--bogus'], { cwd: root })).stdout)).toMatchObject({ valid: false });
  });

  it('migrate writes JSON: a refusal is its error document', async () => {
    const root = writeTree({ 'assistants/a.yaml': 'model: gpt-4o\n' });
    const r = await runCli(['migrate', '--format', 'json'], { cwd: root });
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({ valid: false, diagnostics: [{ message: 'aac migrate needs --to BACKEND' }] });
  });

  it.each(['plan', 'show'])('%s takes all three', async (command) => {
    expect((await runCli(['help', command])).stdout).toContain('Output format: text, json or markdown (default: text)');
  });
});
