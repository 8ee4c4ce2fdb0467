// --state persistence and the `aac emulator` command.
import { mkdirSync, readFileSync, writeFileSync, existsSync, readdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { createServer, type AddressInfo } from 'node:net';
import { describe, expect, test } from 'vitest';
import { main } from '../../src/cli.js';
import type { CliIO } from '../../src/commands/command.js';
import { startEmulator } from '../../src/emulator/index.js';
import { UserError } from '../../src/util/errors.js';
import { runCli } from '../helpers/cli.js';
import { call, emulator } from './helpers.js';
import { kindForProvider, providerInfo, providerNames } from '../../src/backends/registry.js';
import { testDir } from '../helpers/each-test.js';

const tmp = (): string => testDir('aac-emu-');

describe('state file', () => {
  test('assistants and created vector stores survive a restart; writes are atomic', async () => {
    const dir = tmp();
    const statePath = join(dir, 'state.json');
    const first = await emulator({ statePath });
    const a = (await call(first, 'POST', '/assistants', {
      model: 'm', name: 'kept', tools: [{ type: 'file_search' }],
      tool_resources: { file_search: { vector_stores: [{ file_ids: ['file-1'] }] } },
    })).body;
    const b = (await call(first, 'POST', '/assistants', { model: 'm', name: 'gone' })).body;
    await call(first, 'DELETE', `/assistants/${b.id}`);
    await first.close();
    expect(readdirSync(dir)).toEqual(['state.json']); // no temp file left behind
    const saved = JSON.parse(readFileSync(statePath, 'utf8'));
    expect(saved.vector_stores.map((v: { id: string }) => v.id)).toEqual(a.tool_resources.file_search.vector_store_ids);

    const second = await emulator({ statePath });
    expect(second.resources()).toEqual([a]);
    expect((await call(second, 'GET', `/assistants/${a.id}`)).body).toEqual(a);
    expect((await call(second, 'GET', '/assistants')).body.data).toEqual([a]);
  });

  test('a missing file starts empty and is created on the first write', async () => {
    const statePath = join(tmp(), 'new.json');
    const emu = await emulator({ statePath });
    expect(existsSync(statePath)).toBe(false);
    await call(emu, 'POST', '/assistants', { model: 'm' });
    expect(JSON.parse(readFileSync(statePath, 'utf8')).assistants).toHaveLength(1);
  });

  test.each([
    ['not JSON', '{"format": "aac-emulator-state", ', /state\.json:1:34: the emulator state file is not valid JSON \(a property name in double quotes was expected, not the end of the text\)/],
    ['not a state file', '{"assistants": 3}', /state\.json:1:1: the emulator state file is not an aac emulator state file: format must be "aac-emulator-state"/],
    [
      'a field of the wrong type',
      '{\n  "format": "aac-emulator-state",\n  "version": 1,\n  "assistants": [\n    {"id": "asst_1", "created_at": "yesterday"}\n  ],\n  "vector_stores": []\n}\n',
      /state\.json:5:36: the emulator state file is not an aac emulator state file: assistants\[0\]\.created_at must be a number/,
    ],
    [
      // Storing an assistant stringifies it: 100,000 levels overflowed the call stack (an internal error).
      'an assistant nested 100,000 deep',
      `{"format": "aac-emulator-state", "version": 1, "vector_stores": [],\n "assistants": [{"id": "asst_1", "created_at": 1, "metadata": ${'['.repeat(100_000)}${']'.repeat(100_000)}}]}\n`,
      /state\.json:2:260: the emulator state file nests lists and objects more than 200 levels deep, which no state the emulator writes does/,
    ],
  ])('%s: a UserError naming the file, and the file is left as it was', async (_name, text, message) => {
    const statePath = join(tmp(), 'state.json');
    writeFileSync(statePath, text);
    const err = await startEmulator({ statePath }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as Error).message).toMatch(message);
    expect((err as Error).message).toContain(statePath);
    expect(readFileSync(statePath, 'utf8')).toBe(text);
  });

  test.each([
    // Swagger's discriminator base, closed to its subtypes (spec.ts discriminatedUnions): the type's value named.
    ['foundry', 'a tool of a type the API does not have', (saved: any) => void (saved.assistants[0].tools[0].type = 'bogus'), '"bogus"', 'assistants[0].tools[0].type must be one of "azure_ai_search", "azure_function", "bing_grounding", "code_interpreter", "connected_agent", "file_search", "function", "openapi"'],
    // OpenAPI 3's oneOf of the tool types.
    ['openai', 'a tool of a type the API does not have', (saved: any) => void (saved.assistants[0].tools[0].type = 'bogus'), '"tools": [', 'assistants[0].tools[0] must match exactly one schema in oneOf'],
    ['openai', 'a vector store of a status the API does not have', (saved: any) => void (saved.vector_stores[0].status = 'ready'), '"ready"', 'vector_stores[0].status must be one of "expired", "in_progress", "completed"'],
    ['foundry', 'an assistant without its model', (saved: any) => void delete saved.assistants[0].model, '"assistants": [', 'assistants[0].model is missing'],
  ])('%s: %s is refused at start, at its place, naming the field; the file is left as it was', async (provider, _name, edit, near, said) => {
    const statePath = join(tmp(), 'state.json');
    const first = await emulator({ provider, statePath });
    const made = await call(first, 'POST', '/assistants', { model: 'gpt-4o', tools: [{ type: 'function', function: { name: 'f', parameters: { type: 'object', properties: {} } } }] });
    expect(made.status, JSON.stringify(made.body)).toBe(200);
    expect((await call(first, 'POST', '/vector_stores', { name: 'docs' })).status).toBe(200);
    await first.close();
    const saved = JSON.parse(readFileSync(statePath, 'utf8'));
    edit(saved);
    const text = `${JSON.stringify(saved, null, 2)}\n`;
    writeFileSync(statePath, text);
    const err = await startEmulator({ provider, statePath }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    const message = (err as Error).message;
    // The value's line; a missing field's object's, the line after its list's opening.
    const line = text.split('\n').findIndex((l) => l.includes(near)) + (near.endsWith('[') ? 2 : 1);
    expect(message).toMatch(new RegExp(`^${statePath.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:${line}:\\d+: `));
    expect(message).toContain(said);
    expect(readFileSync(statePath, 'utf8')).toBe(text);
  });
});

describe('seeds given in-process', () => {
  test.each([
    ['foundry', { model: 'gpt-4o', tools: [{ type: 'bogus' }] }, 'seeds[1].tools[0].type must be one of "azure_ai_search", "azure_function", "bing_grounding", "code_interpreter", "connected_agent", "file_search", "function", "openapi"'],
    ['openai', { model: 'gpt-4o', tools: [{ type: 'bogus' }] }, 'seeds[1].tools[0] must match exactly one schema in oneOf'],
    ['openai', { name: 'no model' }, 'seeds[1].model is missing'],
  ])('%s: one the API would not send is refused as a --state file\'s is, naming it; it is neither kept nor served', async (provider, bad, said) => {
    const emu = await emulator({ provider });
    expect(() => emu.seed([{ model: 'gpt-4o', name: 'fine' }, bad])).toThrow(`the emulator's seed ${said}: a seed must be an assistant the API would send`);
    const served = (await call(emu, 'GET', '/assistants')).body.data.map((a: { name: string }) => a.name);
    expect(served).toEqual(['fine']);
    expect(emu.resources().map((a) => a.name)).toEqual(['fine']);
    await emu.close();
  });
});

describe('seeds of the agents dialects given in-process', () => {
  // Held to what a --state file's items are (the same check), named as the seed.
  test.each([
    ['foundry-agents', { name: 'bad', definition: { kind: 'prompt', model: 'gpt-4o' }, created_at: 'yesterday' }, 'seeds[1].created_at must be integer', 'an agent version'],
    ['foundry-agents', { name: 'bad', definition: { kind: 'prompt', model: 'gpt-4o' }, metadata: { team: 5 } }, 'seeds[1].metadata must match a schema in anyOf', 'an agent version'],
    ['openai-agents', { name: 'bad', model: 5 }, 'seeds[1].model must be string', 'an agent'],
  ])('%s: one the API would not send is refused as a --state file\'s is, naming it; it is neither kept nor served', async (provider, bad, said, object) => {
    const emu = await emulator({ provider });
    const fine = provider === 'foundry-agents' ? { name: 'fine', definition: { kind: 'prompt', model: 'gpt-4o' } } : { name: 'fine', model: 'gpt-4o' };
    expect(() => emu.seed([fine, bad])).toThrow(`the emulator's seed ${said}: a seed must be ${object} the API would send (a --state file's are held to the same)`);
    const served = provider === 'foundry-agents'
      ? await call(emu, 'GET', '/agents?api-version=v1', undefined, { authorization: 'Bearer entra-token' })
      : await call(emu, 'GET', '/agents', undefined, { authorization: 'Bearer sk-test', 'openai-beta': 'agents=v1' });
    expect(served.status, JSON.stringify(served.body)).toBe(200);
    expect(served.body.data.map((a: { name: string }) => a.name)).toEqual(['fine']);
    expect(emu.resources().map((a) => a.name)).toEqual(['fine']);
    await emu.close();
  });
});

describe('state file of the foundry-agents emulator', () => {
  const FOUNDRY = { authorization: 'Bearer entra-token' };
  const agents = (emu: Awaited<ReturnType<typeof emulator>>, path: string, method = 'GET', body?: unknown) =>
    call(emu, method, `${path}${path.includes('?') ? '&' : '?'}api-version=v1`, body, FOUNDRY);

  // The Tool and AgentDefinition unions of this API end in a branch for any other `type` (`not`
  // the known ones): open by the source's own word, so a tool of another type is the API's object.
  test('a version that is not the API\'s object is refused at start, at its place', async () => {
    const statePath = join(tmp(), 'state.json');
    const first = await emulator({ provider: 'foundry-agents', statePath });
    expect((await agents(first, '/agents', 'POST', { name: 'a', definition: { kind: 'prompt', model: 'gpt-4o', tools: [{ type: 'code_interpreter' }] } })).status).toBe(200);
    await first.close();
    const saved = JSON.parse(readFileSync(statePath, 'utf8'));
    saved.agents[0].versions[0].created_at = 'yesterday';
    const text = `${JSON.stringify(saved, null, 2)}\n`;
    writeFileSync(statePath, text);
    const err = await startEmulator({ provider: 'foundry-agents', statePath }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    const line = text.split('\n').findIndex((l) => l.includes('"yesterday"')) + 1;
    expect((err as Error).message).toContain(`${statePath}:${line}:`);
    expect((err as Error).message).toContain('agents[0].versions[0].created_at must be integer');
    expect(readFileSync(statePath, 'utf8')).toBe(text);
  });

  test('agents and every version survive a restart; version numbers are never reused; writes are atomic', async () => {
    const dir = tmp();
    const statePath = join(dir, 'state.json');
    const first = await emulator({ provider: 'foundry-agents', statePath });
    const definition = { kind: 'prompt', model: 'gpt-4o' };
    expect((await agents(first, '/agents', 'POST', { name: 'kept', definition, metadata: { k: 'v' } })).status).toBe(200);
    await agents(first, '/agents/kept/versions', 'POST', { definition: { ...definition, instructions: 'two' } });
    await agents(first, '/agents/kept/versions', 'POST', { definition: { ...definition, instructions: 'three' } });
    await agents(first, '/agents/kept/versions/3', 'DELETE');
    await agents(first, '/agents', 'POST', { name: 'gone', definition });
    await agents(first, '/agents/gone', 'DELETE');
    const kept = (await agents(first, '/agents/kept')).body;
    const versions = (await agents(first, '/agents/kept/versions?order=asc')).body.data;
    await first.close();
    expect(readdirSync(dir)).toEqual(['state.json']); // no temp file left behind

    const second = await emulator({ provider: 'foundry-agents', statePath });
    expect((await agents(second, '/agents')).body.data).toEqual([kept]);
    expect((await agents(second, '/agents/kept/versions?order=asc')).body.data).toEqual(versions);
    // Version 3 was deleted before the restart: the next is 4, as it would have been.
    expect((await agents(second, '/agents/kept/versions', 'POST', { definition })).body.version).toBe('4');
  });

  test('a missing file starts empty and is created on the first write', async () => {
    const statePath = join(tmp(), 'new.json');
    const emu = await emulator({ provider: 'foundry-agents', statePath });
    expect(existsSync(statePath)).toBe(false);
    await agents(emu, '/agents', 'POST', { name: 'a', definition: { kind: 'prompt', model: 'm' } });
    expect(JSON.parse(readFileSync(statePath, 'utf8')).agents.map((a: { name: string }) => a.name)).toEqual(['a']);
  });

  test.each([
    ['not JSON', '[', /state\.json:1:2: the emulator state file is not valid JSON/],
    ['a state file of the Assistants emulator', '{"format": "aac-emulator-state", "version": 1, "assistants": [], "vector_stores": []}', /state\.json:1:1: the emulator state file holds another emulator's assistants and vector_stores, not agents \(it was written before state files named their provider\): start it with the --provider that wrote it, or give another --state$/],
    [
      'an agent without versions',
      '{\n  "format": "aac-emulator-state",\n  "version": 1,\n  "agents": [\n    {"name": "a", "created_at": 1, "state": "active", "next_version": 1, "versions": []}\n  ]\n}\n',
      /state\.json:5:86: the emulator state file is not an aac emulator state file: agents\[0\]\.versions must be a non-empty array of objects/,
    ],
  ])('%s: a UserError naming the file, and the file is left as it was', async (_name, text, message) => {
    const statePath = join(tmp(), 'state.json');
    writeFileSync(statePath, text);
    const err = await startEmulator({ provider: 'foundry-agents', statePath }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as Error).message).toMatch(message);
    expect(readFileSync(statePath, 'utf8')).toBe(text);
  });

  test('a symbolic link is refused, not followed', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'target.json'), '');
    symlinkSync(join(dir, 'target.json'), join(dir, 'state.json'));
    const err = await startEmulator({ provider: 'foundry-agents', statePath: join(dir, 'state.json') }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as Error).message).toMatch(/it is a symbolic link/);
  });
});

/** Runs `aac emulator …` in-process until `stop` is aborted, handing back its output as it comes. */
function startCli(argv: string[], cwd: string): { output: () => string; stop: () => Promise<number> } {
  let out = '';
  const controller = new AbortController();
  const io: CliIO = {
    stdout: { write: (t) => void (out += t) },
    stderr: { write: (t) => void (out += t) },
    env: {},
    cwd,
    stdoutIsFile: false,
    interactive: false,
    prompt: async () => '',
    signal: controller.signal,
    finishOnInterrupt: () => undefined,
    leftOnQuit: () => () => undefined,
    onQuit: () => undefined,
    documentOnSignal: () => undefined,
  };
  const done = main(argv, io);
  return { output: () => out, stop: async () => (controller.abort(), done) };
}

async function waitFor(check: () => RegExpMatchArray | null): Promise<RegExpMatchArray> {
  for (;;) {
    const m = check();
    if (m) return m;
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('state file of the openai-agents emulator', () => {
  const headers = { authorization: 'Bearer sk-test', 'openai-beta': 'agents=v1' };

  test('agents, as created and updated, survive a restart in their order; a delete too', async () => {
    const statePath = join(tmp(), 'state.json');
    const first = await emulator({ provider: 'openai-agents', statePath });
    const ids: string[] = [];
    for (const name of ['a', 'b', 'c']) ids.push((await call(first, 'POST', '/agents', { model: 'gpt-4o', name }, headers)).body.id as string);
    await call(first, 'POST', `/agents/${ids[0]!}`, { instructions: 'Changed.', metadata: { team: 'x' } }, headers);
    await call(first, 'DELETE', `/agents/${ids[1]!}`, undefined, headers);
    const before = first.resources();
    await first.close();
    const second = await emulator({ provider: 'openai-agents', statePath });
    expect(second.resources()).toEqual(before);
    expect(before.map((a) => [a.name, a.instructions])).toEqual([['a', 'Changed.'], ['c', null]]);
  });

  test('an agent without its fields: a UserError at its line, and the file is left as it was', async () => {
    const statePath = join(tmp(), 'state.json');
    const text = '{\n  "format": "aac-emulator-state",\n  "version": 1,\n  "agents": [\n    {"id": "agent_1", "created_at": 1, "updated_at": 1, "fields": []}\n  ]\n}\n';
    writeFileSync(statePath, text);
    const err = await startEmulator({ provider: 'openai-agents', statePath }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as Error).message).toMatch(/state\.json:5:67: the emulator state file is not an aac emulator state file: agents\[0\]\.fields must be an object/);
    expect(readFileSync(statePath, 'utf8')).toBe(text);
  });

  test('an agent whose fields a create would not take (a model that is not a string): refused at its place', async () => {
    const statePath = join(tmp(), 'state.json');
    const first = await emulator({ provider: 'openai-agents', statePath });
    expect((await call(first, 'POST', '/agents', { model: 'gpt-5', name: 'a' }, { authorization: 'Bearer k', 'openai-beta': 'agents=v1' })).status).toBe(201);
    await first.close();
    const saved = JSON.parse(readFileSync(statePath, 'utf8'));
    saved.agents[0].fields.model = 5;
    const text = `${JSON.stringify(saved, null, 2)}\n`;
    writeFileSync(statePath, text);
    const err = await startEmulator({ provider: 'openai-agents', statePath }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    const line = text.split('\n').findIndex((l) => l.includes('"model": 5')) + 1;
    expect((err as Error).message).toContain(`${statePath}:${line}:`);
    expect((err as Error).message).toContain('agents[0].fields.model must be string');
    expect(readFileSync(statePath, 'utf8')).toBe(text);
  });
});

describe('aac emulator', () => {
  test('its request log redacts a credential sent in the query', async () => {
    const lines: string[] = [];
    const emu = await startEmulator({ log: (line) => lines.push(line) });
    try {
      await fetch(`${emu.url}/assistants?api-key=sk-inquery-1234&order=asc`);
    } finally {
      await emu.close();
    }
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^GET \/v1\/assistants\?api-key=\[redacted\]&order=asc → \d+ \(\d+ ms\)$/);
    expect(lines.join('\n')).not.toContain('sk-inquery');
  });

  test('its request log redacts its key in a path however the client percent-encoded it', async () => {
    const key = 'sk-emu-Path-Key-1234567890';
    const lines: string[] = [];
    const emu = await startEmulator({ apiKey: key, log: (line) => lines.push(line) });
    // Any character may be percent-encoded (RFC 3986 §2.1): `-` as `%2d`, and the key
    // upper-cased with `%20` in it, as a client may quote what it was given.
    const spellings = [key.replace(/-/g, '%2d'), key.replace(/-/g, '%2D').replace('Path', 'P%61th'), `${key.slice(0, 12).toUpperCase()}%20${key.slice(12)}`];
    try {
      for (const spelled of spellings) {
        await fetch(`${emu.url}/assistants/${spelled}`, { headers: { authorization: `Bearer ${key}`, 'openai-beta': 'assistants=v2' } });
      }
    } finally {
      await emu.close();
    }
    expect(lines).toHaveLength(spellings.length);
    for (const line of lines) expect(line).toMatch(/^GET \/v1\/assistants\/\[redacted\] → 404 \(\d+ ms\)$/);
    expect(lines.join('\n')).not.toMatch(/1234567890|Key/i);
  });

  test('prints its URL, serves, persists to --state and stops on the signal', async () => {
    const cwd = tmp();
    const cli = startCli(['emulator', '--port', '0', '--state', 'state.json', '--provider', 'zerobot', '--api-key', 'sk-cli'], cwd);
    const [, url] = await waitFor(() => cli.output().match(/Assistants API emulator \(zerobot\) listening on (http:\/\/127\.0\.0\.1:\d+\/v1)\n/));
    const res = await fetch(`${url}/assistants`, {
      method: 'POST',
      headers: { authorization: 'Bearer sk-cli', 'openai-beta': 'assistants=v2', 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'm' }),
    });
    expect(res.status).toBe(200);
    expect(await cli.stop()).toBe(0);
    expect(cli.output()).toMatch(/POST \/v1\/assistants → 200 \(\d+ ms\)\n/);
    expect(cli.output()).not.toContain('sk-cli');
    expect(JSON.parse(readFileSync(join(cwd, 'state.json'), 'utf8')).assistants).toHaveLength(1);
    await expect(fetch(`${url}/assistants`)).rejects.toThrow();
  });

  // Every provider the emulator offers: the banner's query and header lines are what that dialect
  // refuses a request without, read from the dialect, so a client that follows the banner is served.
  test.each(providerNames())('%s: its banner says what every request must carry, and a request that follows it is served', async (provider) => {
    const cli = startCli(['emulator', '--port', '0', '--quiet', '--provider', provider], tmp());
    const [, url] = await waitFor(() => cli.output().match(/listening on (\S+)\n/));
    await waitFor(() => cli.output().match(/^Point aac at it: .*\n/m));
    const added = /^Add \?(\S+) to every request\.$/m.exec(cli.output())?.[1];
    const sent = Object.fromEntries([...cli.output().matchAll(/^Send the header ([^:\s]+): (\S+) with every request\.$/gm)].map(([, name, value]) => [name!, value!]));
    // Every dialect's credentials, so only what the banner says decides.
    const credentials = { authorization: 'Bearer t', 'x-portkey-api-key': 'k', 'x-portkey-virtual-key': 'v' };
    const list = `${url}/${kindForProvider(provider).nouns.many}`;
    const withQuery = added === undefined ? list : `${list}?${added}`;
    expect((await fetch(withQuery, { headers: { ...credentials, ...sent } })).status).toBe(200);
    if (added !== undefined) {
      const refused = await fetch(list, { headers: { ...credentials, ...sent } });
      expect(refused.status).toBe(400);
      for (const name of new URLSearchParams(added).keys()) expect(await refused.text()).toContain(name);
    }
    for (const [name, value] of Object.entries(sent)) {
      const refused = await fetch(withQuery, { headers: credentials });
      expect(refused.status).toBe(400);
      expect(await refused.text()).toContain(`${name}: ${value}`);
    }
    expect(await cli.stop()).toBe(0);
    // The Foundry project endpoint serves both its APIs at one api-version; the other hosts take none.
    expect(added).toBe(providerInfo(provider)?.info.servedAt === undefined ? undefined : 'api-version=v1');
    // The OpenAI protocol's beta header (openai-openapi ASSISTANTS.md) and the Agents API's (AGENTS-API.md); Foundry's APIs ask for none.
    const beta: Record<string, string | undefined> = { openai: 'assistants=v2', portkey: 'assistants=v2', zerobot: 'assistants=v2', 'openai-agents': 'agents=v1' };
    expect(sent).toEqual(beta[provider] === undefined ? {} : { 'OpenAI-Beta': beta[provider] });
  });

  test('speaks the provider of aac.yaml when --provider is not given', async () => {
    const cwd = tmp();
    mkdirSync(join(cwd, 'assistants'));
    writeFileSync(join(cwd, 'assistants', 'aac.yaml'), 'provider: foundry\n');
    const cli = startCli(['emulator', '--port', '0', '--quiet'], cwd);
    await waitFor(() => cli.output().match(/listening on http:\/\/127\.0\.0\.1:\d+\/api\/projects\/default\n/));
    expect(cli.output()).toContain('(foundry)');
    expect(await cli.stop()).toBe(0);
  });

  test.each([
    // Written as every error of aac is: no closing period.
    [['--port', 'abc'], /^Error: --port must be an integer from 0 to 65535, not 'abc'\n$/],
    [['--error-rate', '2'], /^Error: --error-rate must be a number from 0 to 1, not '2'\n$/],
    [['--metadata-mode', 'sometimes'], /unknown --metadata-mode 'sometimes'\n {2}use one of: replace, merge/],
  ])('refuses bad flags %s with exit 1', async (flags, message) => {
    const r = await runCli(['emulator', ...flags]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(message);
  });

  test('another provider\'s state file is refused, naming the provider that wrote it; a file from before it was named still loads', async () => {
    const cwd = tmp();
    const statePath = join(cwd, 'state.json');
    const agents = await startEmulator({ provider: 'foundry-agents', statePath });
    await call(agents, 'POST', '/agents?api-version=v1', { name: 'a', definition: { kind: 'prompt', model: 'm' } }, { authorization: 'Bearer t' });
    await agents.close();
    expect(JSON.parse(readFileSync(statePath, 'utf8')).provider).toBe('foundry-agents');
    const before = readFileSync(statePath, 'utf8');
    const r = await runCli(['emulator', '--port', '0', '--provider', 'openai', '--state', 'state.json'], { cwd });
    expect(r.code).toBe(1);
    // Said as every error of aac is: the file once, at its line and column; no capital, no closing period.
    expect(r.stderr).toBe(
      `Error: ${statePath}:4:15: the emulator state file holds a foundry-agents emulator's agents: start it with --provider foundry-agents, or give another --state\n  this emulator was started with --provider openai; a state file serves the provider that wrote it\n`,
    );
    expect(r.stderr).not.toContain('is not an aac emulator state file');
    expect(readFileSync(statePath, 'utf8')).toBe(before);

    // A foundry emulator does not serve what an openai one stored (OpenAI-only fields and all).
    const openaiState = join(cwd, 'openai.json');
    const openai = await emulator({ statePath: openaiState });
    await call(openai, 'POST', '/assistants', { model: 'm', reasoning_effort: 'high' });
    await openai.close();
    await expect(startEmulator({ provider: 'foundry', statePath: openaiState })).rejects.toThrow(`the emulator state file holds an openai emulator's assistants and vector_stores: start it with --provider openai, or give another --state`);

    // Written before files named their provider: its own lists load; another dialect's are named.
    const old = join(cwd, 'old.json');
    writeFileSync(old, JSON.stringify({ format: 'aac-emulator-state', version: 1, agents: [] }));
    await expect(startEmulator({ provider: 'openai', statePath: old })).rejects.toThrow(`${old}:1:1: the emulator state file holds another emulator's agents, not assistants and vector_stores`);
    const oldAgents = await startEmulator({ provider: 'openai-agents', statePath: old });
    expect(oldAgents.resources()).toEqual([]);
    await oldAgents.close();
  });

  test('a corrupt state file is a clear error, exit 1', async () => {
    const cwd = tmp();
    writeFileSync(join(cwd, 'state.json'), 'garbage');
    const r = await runCli(['emulator', '--port', '0', '--state', 'state.json'], { cwd });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(join(cwd, 'state.json'));
    expect(r.stderr).toMatch(/not valid JSON/);
  });

  test.each([
    // An address no interface of this machine has (EADDRNOTAVAIL).
    ['8.8.8.8', /cannot listen on --host 8\.8\.8\.8: no network interface of this machine has that address/],
    // A name that never resolves (.invalid is reserved for that): ENOTFOUND, or EAI_AGAIN without DNS.
    ['nonexistent.invalid', /cannot listen on --host nonexistent\.invalid: the name does not resolve to an address/],
  ])('--host %s is a user error naming the flag, the value and the fix, exit 1', async (host, message) => {
    const r = await runCli(['emulator', '--port', '0', '--host', host]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toContain('leave --host out for 127.0.0.1');
    expect(r.stderr).not.toContain('internal error');
  });

  test('for --dir of a folder with no aac.yaml of its own, below one that names the namespace, the step is the one its plan is refused with: that file is not read there', async () => {
    const dir = tmp();
    mkdirSync(join(dir, 'assistants', 'support'), { recursive: true });
    writeFileSync(join(dir, 'assistants', 'aac.yaml'), 'namespace: team-a\n');
    writeFileSync(join(dir, 'assistants', 'support', 'bot.yaml'), 'model: gpt-4o\n');
    const cli = startCli(['emulator', '--port', '0', '--quiet', '--dir', 'assistants/support'], dir);
    const [, vars, step] = await waitFor(() => cli.output().match(/Point aac at it: (OPENAI_BASE_URL=\S+ OPENAI_API_KEY=any) aac plan --dir assistants\/support --provider openai\n {2}first (.*): without one, that plan is refused here/));
    expect(await cli.stop()).toBe(0);
    const env = Object.fromEntries(vars!.split(' ').map((pair) => pair.split('=') as [string, string]));
    const plan = await runCli(['plan', '--dir', 'assistants/support', '--provider', 'openai'], { cwd: dir, env: { ...env, AAC_NAMESPACE: undefined } });
    expect(plan.code).toBe(1);
    expect(step).toBe("if its settings are assistants/support/'s, move it there: `mv assistants/aac.yaml assistants/support/aac.yaml`; if assistants/ is the definitions directory, pass --dir assistants; else set `namespace: NAME` in assistants/support/aac.yaml (or pass --namespace NAME, or set AAC_NAMESPACE)");
    expect(plan.stderr).toContain(`\n  ${step}\n`);
  });

  test("the plan it says to run says first where it needs a namespace (outside git, none set), and then runs as printed", async () => {
    const dir = tmp();
    mkdirSync(join(dir, 'assistants'));
    writeFileSync(join(dir, 'assistants', 'bot.yaml'), 'model: gpt-4o\n');
    const cli = startCli(['emulator', '--port', '0', '--quiet'], dir);
    const [, vars] = await waitFor(() => cli.output().match(/Point aac at it: (OPENAI_BASE_URL=\S+ OPENAI_API_KEY=any) aac plan --provider openai\n.*\n/));
    expect(cli.output()).toContain('  first set `namespace: NAME` in assistants/aac.yaml (or pass --namespace NAME, or set AAC_NAMESPACE): without one, that plan is refused here (no git repository gives a default)\n');
    const env = Object.fromEntries(vars!.split(' ').map((pair) => pair.split('=') as [string, string]));
    expect((await runCli(['plan', '--provider', 'openai'], { cwd: dir, env: { ...env, AAC_NAMESPACE: undefined } })).stderr).toContain('no namespace is set');
    writeFileSync(join(dir, 'assistants', 'aac.yaml'), 'namespace: team-a\n');
    const plan = await runCli(['plan', '--provider', 'openai'], { cwd: dir, env: { ...env, AAC_NAMESPACE: undefined } });
    expect(plan.stdout).toContain("in namespace 'team-a'");
    expect(plan.code).toBe(0);
    expect(await cli.stop()).toBe(0);
    // With a namespace set (aac.yaml's, or an environment's), nothing comes first.
    const set = startCli(['emulator', '--port', '0', '--quiet'], dir);
    await waitFor(() => set.output().match(/Point aac at it: .*\n/));
    expect(set.output()).not.toContain('first set');
    expect(await set.stop()).toBe(0);
    writeFileSync(join(dir, 'assistants', 'aac.yaml'), 'environments:\n  dev: { namespace: team-dev }\n');
    const inEnv = startCli(['emulator', '--port', '0', '--quiet'], dir);
    await waitFor(() => inEnv.output().match(/Point aac at it: .* --env dev\n/));
    expect(inEnv.output()).not.toContain('first set');
    expect(await inEnv.stop()).toBe(0);
  });

  test("started on the port an environment's endpoint: names, the plan it says to run is that environment's, not the first one's", async () => {
    const dir = tmp();
    mkdirSync(join(dir, 'assistants'));
    writeFileSync(join(dir, 'assistants', 'bot.yaml'), 'model: gpt-4o\n');
    // A port free now, for prod's endpoint (written as localhost, which the emulator prints as 127.0.0.1).
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', () => r()));
    const port = (probe.address() as AddressInfo).port;
    await new Promise((r) => probe.close(r));
    writeFileSync(join(dir, 'assistants', 'aac.yaml'), `namespace: team\nenvironments:\n  dev: { endpoint: 'http://127.0.0.1:1/v1' }\n  prod: { endpoint: 'http://localhost:${port}/v1/' }\n`);
    const cli = startCli(['emulator', '--port', String(port), '--quiet'], dir);
    const [line] = await waitFor(() => cli.output().match(/Point aac at it: .*\n/));
    expect(line).toBe(`Point aac at it: OPENAI_BASE_URL=http://127.0.0.1:${port}/v1 OPENAI_API_KEY=any aac plan --provider openai --env prod\n`);
    expect(await cli.stop()).toBe(0);
    // On another port it stands in for none: the first environment on the provider, as before.
    const other = startCli(['emulator', '--port', '0', '--quiet'], dir);
    await waitFor(() => other.output().match(/Point aac at it: .* --env dev\n/));
    expect(await other.stop()).toBe(0);
    // --env, to make it prod's, is told how it becomes so.
    expect((await runCli(['emulator', '--env', 'prod'], { cwd: dir })).stderr).toBe("Error: unknown option '--env' for aac emulator\n  the emulator stands in for the environment whose endpoint: is its address: start it with the --port that endpoint names (its `Point aac at it:` line then names that environment)\n");
  });

  test('listening beyond loopback is warned of on stderr: the control routes are open to the network', async () => {
    const cli = startCli(['emulator', '--port', '0', '--host', '0.0.0.0', '--quiet'], tmp());
    await waitFor(() => cli.output().match(/listening on/));
    expect(cli.output()).toContain('Warning: --host 0.0.0.0 listens on every network interface: anyone who can reach this machine can call the emulator, its /_emulator routes');
    // 0.0.0.0 is where it listens, not an address to connect to: the line to copy names loopback.
    await waitFor(() => cli.output().match(/From another machine/));
    expect(cli.output()).toMatch(/listening on http:\/\/0\.0\.0\.0:\d+\/v1\n/);
    expect(cli.output()).toMatch(/Point aac at it: OPENAI_BASE_URL=http:\/\/127\.0\.0\.1:\d+\/v1 /);
    expect(cli.output()).toContain("From another machine, use this machine's address in place of 127.0.0.1.");
    expect(await cli.stop()).toBe(0);
    const local = startCli(['emulator', '--port', '0', '--host', 'localhost', '--quiet'], tmp());
    await waitFor(() => local.output().match(/listening on/));
    expect(local.output()).not.toContain('Warning');
    expect(await local.stop()).toBe(0);
  });

  test('a port in use is a clear error', async () => {
    const emu = await emulator();
    const port = new URL(emu.url).port;
    const r = await runCli(['emulator', '--port', port]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`port ${port} is already in use`));
  });
});
