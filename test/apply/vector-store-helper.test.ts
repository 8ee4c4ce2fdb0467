// The `vector_stores` helper (make a new vector store from these files) after the create: aac
// records the store it made and a digest of the helper, so an edited helper, or an assistant that
// holds another store, plans an update that makes a new store from it, and the next plan is clean.
// On openai, whose modify refuses the helper, and on zerobot, whose modify takes it: apply makes the
// store first (POST /vector_stores) and attaches it by id on both. Applies run with -lock=false so
// the write counts are the change's own.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { API_KEY, harness, recordingProxy, type Harness } from './helpers.js';
import { testDir } from '../helpers/each-test.js';
import { TEST_MARKER } from '../helpers/cli.js';
import { RECORD_KEY } from '../../src/model/marker.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const helper = (...files: string[]) => ({ file_search: { vector_stores: [{ file_ids: files }] } });
const bot = (resources: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({ model: 'gpt-4o', tools: [{ type: 'file_search' }], tool_resources: resources, ...extra });

interface StoredStore {
  id: string;
  file_ids?: string[];
}

describe.each(['openai', 'zerobot'] as const)('the vector_stores helper on %s', (provider) => {
  let statePath = '';
  const start = async (defs: Record<string, Record<string, unknown>>, emuOpts: { expiryLagSeconds?: number } = {}) => {
    statePath = join(testDir('aac-helper-state-'), 'state.json');
    h = await harness(defs, { provider, statePath, ...emuOpts });
    writeFileSync(join(h.ws.root, 'assistants', 'aac.yaml'), `provider: ${provider}\n`);
  };
  const cli = (argv: string[]) => h!.cli(argv, { env: { ZEROBOT_BASE_URL: h!.emu.url, ZEROBOT_API_KEY: API_KEY } });
  const state = () => JSON.parse(readFileSync(statePath, 'utf8')) as { assistants: Array<Record<string, any>>; vector_stores: StoredStore[] };
  /** The files of the one store the one assistant holds, and the number of stores made so far. */
  const held = () => {
    const { assistants, vector_stores } = state();
    const [id] = assistants[0]!.tool_resources.file_search.vector_store_ids as string[];
    return { id, files: vector_stores.find((s) => s.id === id)?.file_ids, stores: vector_stores.length };
  };
  const storeCreates = () => h!.emu.stats().byRoute['POST /vector_stores'] ?? 0;
  const clean = async () => {
    const again = await cli(['plan', '--detailed-exitcode']);
    expect(again.code, again.stdout + again.stderr).toBe(0);
    expect(again.stdout).toContain('No changes');
  };

  it('an edit of the helper\'s file_ids plans an update that makes a new store from them; the old store is kept', async () => {
    await start({ bot: bot(helper('file-1', 'file-2')) });
    expect((await cli(['apply', '-lock=false', '--yes'])).code).toBe(0);
    const first = held();
    expect(first.files).toEqual(['file-1', 'file-2']);
    await clean();

    h!.ws.write('bot', bot(helper('file-9')));
    const plan = await cli(['plan', '--detailed-exitcode']);
    expect(plan.code, plan.stdout + plan.stderr).toBe(2);
    expect(plan.stdout).toContain('+ file_ids = ["file-9"]');
    expect(plan.stdout).toContain(`- file_search.vector_store_ids = ["${first.id}"] → null`);
    expect(plan.stderr).toContain(`warning: apply makes a new vector store from tool_resources.file_search.vector_stores and attaches it in place of ${first.id}, which aac does not delete`);

    const applied = await cli(['apply', '-lock=false', '--yes']);
    expect(applied.code, applied.stdout + applied.stderr).toBe(0);
    expect(applied.stdout).not.toContain('warning');
    const now = held();
    expect(now.files).toEqual(['file-9']);
    expect(now.id).not.toBe(first.id);
    // The store made before is still there: aac never deletes a store (another assistant may hold it).
    expect(state().vector_stores.map((s) => s.id)).toContain(first.id);
    expect(state().assistants[0]!.metadata[RECORD_KEY]).toMatch(new RegExp(`^${now.id} [0-9a-f]{32}$`));
    await clean();
  });

  it('a store the record names, deleted on the host, plans an update that makes it again (one read a plan, none without the helper)', async () => {
    await start({ bot: bot(helper('file-1')) });
    const reads = () => h!.emu.stats().byRoute['GET /vector_stores/{id}'] ?? 0;
    expect((await cli(['apply', '-lock=false', '--yes'])).code).toBe(0);
    const first = held();
    await clean();
    expect(reads()).toBe(1);

    // Deleted on the host, as README says to delete a store once nothing holds it: the assistant keeps its id.
    const deleted = await fetch(`${h!.emu.url}/vector_stores/${first.id}`, { method: 'DELETE', headers: { authorization: `Bearer ${API_KEY}`, 'openai-beta': 'assistants=v2' } });
    expect(deleted.status).toBe(200);
    expect(held()).toMatchObject({ id: first.id, files: undefined, stores: 0 });

    const plan = await cli(['plan', '--detailed-exitcode']);
    expect(plan.code, plan.stdout + plan.stderr).toBe(2);
    expect(reads()).toBe(2);
    expect(plan.stdout).toContain('+ file_ids = ["file-1"]');
    expect(plan.stdout).toContain(`- file_search.vector_store_ids = ["${first.id}"] → null`);
    expect(plan.stderr).toContain(`warning: the vector store ${first.id} that aac made from tool_resources.file_search.vector_stores no longer exists on the host`);
    expect(plan.stderr).toContain('apply this plan to make the store again');
    expect(plan.stderr).not.toContain('which aac does not delete');

    const applied = await cli(['apply', '-lock=false', '--yes']);
    expect(applied.code, applied.stdout + applied.stderr).toBe(0);
    const now = held();
    expect(now).toMatchObject({ files: ['file-1'], stores: 1 });
    expect(now.id).not.toBe(first.id);
    expect(state().assistants[0]!.metadata[RECORD_KEY]).toMatch(new RegExp(`^${now.id} [0-9a-f]{32}$`));
    await clean();

    // A definition that names the store by id relies on no record: its plan reads no store.
    const before = reads();
    h!.ws.write('bot', bot({ file_search: { vector_store_ids: [now.id] } }));
    expect((await cli(['plan'])).code).toBe(0);
    expect(reads()).toBe(before);
  });

  it('a store the record names, expired on the host, is not taken as there: plan says so, naming it and the field, and apply makes it again', async () => {
    await start({ bot: bot(helper('file-1')) });
    expect((await cli(['apply', '-lock=false', '--yes'])).code).toBe(0);
    const first = held();
    await clean();

    // An expiry policy set on the host (the helper sets none): a day after the store was last active.
    const set = await fetch(`${h!.emu.url}/vector_stores/${first.id}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${API_KEY}`, 'openai-beta': 'assistants=v2', 'content-type': 'application/json' },
      body: JSON.stringify({ expires_after: { anchor: 'last_active_at', days: 1 } }),
    });
    expect(set.status).toBe(200);
    const { expires_at: expiresAt } = (await set.json()) as { expires_at: number };
    // Still in force: nothing to do.
    await clean();
    // A minute past its expiry, for the emulator (in this process) as for aac.
    vi.useFakeTimers({ toFake: ['Date'], now: (expiresAt + 60) * 1000 });
    try {
      const plan = await cli(['plan', '--detailed-exitcode']);
      expect(plan.code, plan.stdout + plan.stderr).toBe(2);
      expect(plan.stdout).toContain('+ file_ids = ["file-1"]');
      expect(plan.stdout).toContain(`- file_search.vector_store_ids = ["${first.id}"] → null`);
      expect(plan.stderr).toContain(`warning: the vector store ${first.id} that aac made from tool_resources.file_search.vector_stores expired on the host at ${new Date(expiresAt * 1000).toISOString()}`);
      expect(plan.stderr).toContain('remove it there, or it expires again');
      expect(plan.stderr).not.toContain('no longer exists');

      const applied = await cli(['apply', '-lock=false', '--yes']);
      expect(applied.code, applied.stdout + applied.stderr).toBe(0);
      const now = held();
      expect(now).toMatchObject({ files: ['file-1'], stores: 2 });
      expect(now.id).not.toBe(first.id);
      await clean();
    } finally {
      vi.useRealTimers();
    }
  });

  it('a store past its expires_at whose status the host has not turned yet is expired all the same: plan warns and apply makes it again', async () => {
    // The host turns the status an hour after the moment.
    await start({ bot: bot(helper('file-1')) }, { expiryLagSeconds: 3600 });
    expect((await cli(['apply', '-lock=false', '--yes'])).code).toBe(0);
    const first = held();
    const headers = { authorization: `Bearer ${API_KEY}`, 'openai-beta': 'assistants=v2', 'content-type': 'application/json' };
    const set = await fetch(`${h!.emu.url}/vector_stores/${first.id}`, { method: 'POST', headers, body: JSON.stringify({ expires_after: { anchor: 'last_active_at', days: 1 } }) });
    const { expires_at: expiresAt } = (await set.json()) as { expires_at: number };
    vi.useFakeTimers({ toFake: ['Date'], now: (expiresAt + 60) * 1000 });
    try {
      // What the host sends a minute past the moment: the time passed, the status not turned.
      const read = (await (await fetch(`${h!.emu.url}/vector_stores/${first.id}`, { headers })).json()) as { status: string; expires_at: number };
      expect(read).toMatchObject({ status: 'completed', expires_at: expiresAt });
      const plan = await cli(['plan', '--detailed-exitcode']);
      expect(plan.code, plan.stdout + plan.stderr).toBe(2);
      expect(plan.stdout).toContain(`- file_search.vector_store_ids = ["${first.id}"] → null`);
      expect(plan.stderr).toContain(`warning: the vector store ${first.id} that aac made from tool_resources.file_search.vector_stores expired on the host at ${new Date(expiresAt * 1000).toISOString()} (file_search finds nothing in an expired store, though the assistant still holds its id): apply makes a new one from the helper and attaches it in its place`);
      const applied = await cli(['apply', '-lock=false', '--yes']);
      expect(applied.code, applied.stdout + applied.stderr).toBe(0);
      const now = held();
      expect(now).toMatchObject({ files: ['file-1'], stores: 2 });
      expect(now.id).not.toBe(first.id);
      await clean();
    } finally {
      vi.useRealTimers();
    }
  });

  it('a chunking strategy or metadata edited in the helper plans a new store too', async () => {
    await start({ bot: bot(helper('file-1')) });
    expect((await cli(['apply', '-lock=false', '--yes'])).code).toBe(0);
    h!.ws.write('bot', bot({ file_search: { vector_stores: [{ file_ids: ['file-1'], chunking_strategy: { type: 'static', static: { max_chunk_size_tokens: 400, chunk_overlap_tokens: 100 } } }] } }));
    expect((await cli(['plan', '--detailed-exitcode'])).code).toBe(2);
    expect((await cli(['apply', '-lock=false', '--yes'])).code).toBe(0);
    await clean();
    h!.ws.write('bot', bot({ file_search: { vector_stores: [{ file_ids: ['file-1'], metadata: { source: 'wiki' } }] } }));
    expect((await cli(['plan', '--detailed-exitcode'])).code).toBe(2);
    expect((await cli(['apply', '-lock=false', '--yes'])).code).toBe(0);
    expect(held().stores).toBe(3);
    await clean();
  });

  it('a return to the helper from vector_store_ids plans a new store: the store held is not the helper\'s', async () => {
    await start({ bot: bot(helper('file-1')) });
    expect((await cli(['apply', '-lock=false', '--yes'])).code).toBe(0);
    h!.ws.write('bot', bot({ file_search: { vector_store_ids: ['vs_other'] } }));
    expect((await cli(['apply', '-lock=false', '--yes'])).code).toBe(0);
    expect(held().id).toBe('vs_other');
    await clean();

    h!.ws.write('bot', bot(helper('file-1')));
    const plan = await cli(['plan', '--detailed-exitcode']);
    expect(plan.code, plan.stdout).toBe(2);
    expect(plan.stdout).toContain('- file_search.vector_store_ids = ["vs_other"] → null');
    expect((await cli(['apply', '-lock=false', '--yes'])).code).toBe(0);
    const now = held();
    expect(now.id).not.toBe('vs_other');
    expect(now.files).toEqual(['file-1']);
    await clean();
  });

  it('an unchanged helper is never made again: a metadata or other tool_resources edit keeps the store and its record', async () => {
    await start({ bot: bot(helper('file-1'), { metadata: { team: 'a' } }) });
    expect((await cli(['apply', '-lock=false', '--yes'])).code).toBe(0);
    const first = held();
    const tools = [{ type: 'file_search' }, { type: 'code_interpreter' }];
    h!.ws.write('bot', bot({ ...helper('file-1'), code_interpreter: { file_ids: ['file-c'] } }, { metadata: { team: 'b' }, tools }));
    const applied = await cli(['apply', '-lock=false', '--yes']);
    expect(applied.code, applied.stdout + applied.stderr).toBe(0);
    expect(storeCreates()).toBe(1);
    expect(held().id).toBe(first.id);
    expect(state().assistants[0]!.metadata).toMatchObject({ team: 'b', [TEST_MARKER]: 'bot' });
    await clean();
  });

  it('an assistant with no record (made before aac kept one) shows one update that makes the store, then no changes', async () => {
    await start({ bot: bot(helper('file-1')) });
    // What an earlier aac left: the marker and the helper's store, no record of it.
    h!.emu.seed([{ model: 'gpt-4o', tools: [{ type: 'file_search' }], tool_resources: { file_search: { vector_store_ids: ['vs_old'] } }, metadata: { [TEST_MARKER]: 'bot' } }]);
    const plan = await cli(['plan', '--detailed-exitcode']);
    expect(plan.code, plan.stdout + plan.stderr).toBe(2);
    expect(plan.stdout).toContain('- file_search.vector_store_ids = ["vs_old"] → null');
    expect((await cli(['apply', '-lock=false', '--yes'])).code).toBe(0);
    expect(held().files).toEqual(['file-1']);
    await clean();
    await clean();
  });

  it('a saved plan of a helper edit applies as planned, and shows the helper and the metadata in its body', async () => {
    await start({ bot: bot(helper('file-1'), { metadata: { team: 'a' } }) });
    expect((await cli(['apply', '-lock=false', '--yes'])).code).toBe(0);
    h!.ws.write('bot', bot(helper('file-2'), { metadata: { team: 'a' } }));
    const out = join(h!.ws.root, 'plan.json');
    expect((await cli(['plan', '--out', out])).code).toBe(0);
    const saved = JSON.parse(readFileSync(out, 'utf8'));
    expect(saved.resource_changes[0].body).toEqual({ tool_resources: helper('file-2'), metadata: { team: 'a' } });
    const shown = await cli(['show', out, '--format', 'markdown']);
    expect(shown.stdout).toContain('file_ids');
    const applied = await cli(['apply', out, '-lock=false']);
    expect(applied.code, applied.stdout + applied.stderr).toBe(0);
    expect(held().files).toEqual(['file-2']);
    await clean();
  });

  it('an apply of several helpers lists the stores once, not once a write', async () => {
    await start({ a: bot(helper('file-a')), b: bot(helper('file-b')), c: bot(helper('file-c')) });
    const r = await cli(['apply', '-lock=false', '--yes']);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(storeCreates()).toBe(3);
    expect(h!.emu.stats().byRoute['GET /vector_stores']).toBe(1);
    await clean();
  });

  it('a store whose create lost its answer is found by its tag when the create is sent again, and attached: never made twice', async () => {
    await start({ bot: bot(helper('file-1')) });
    // One retry: the assistant's create, not made as its store's answer was lost, is sent once more.
    writeFileSync(join(h!.ws.root, 'assistants', 'aac.yaml'), `provider: ${provider}\noptions:\n  max_retries: 1\n`);
    // Every write is made and its answer dropped: the store's create, then the assistant's (which the listing finds and adopts).
    h!.emu.setFaults({ commitThenDropRate: 1 });
    const r = await cli(['apply', '-lock=false', '--yes']);
    h!.emu.setFaults({ commitThenDropRate: 0 });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(storeCreates()).toBe(1);
    const [store] = state().vector_stores as Array<StoredStore & { metadata: Record<string, string> }>;
    // Tagged with the marker and the helper's digest (the record's), beside the helper's own metadata.
    expect(store!.metadata).toEqual({ [TEST_MARKER]: 'bot', [RECORD_KEY]: expect.stringMatching(/^[0-9a-f]{32}$/) });
    expect(held()).toMatchObject({ id: store!.id, stores: 1 });
    await clean();
  });

  it('two applies that create one key with one helper at once: the newer copy is deleted with its store, the older kept, and the next plan is clean', async () => {
    await start({ bot: bot(helper('file-1')) });
    let other: Promise<unknown> | undefined;
    // As this run's store is sent, another apply of the same definitions makes its store and its
    // assistant; this run's are made in a later second, so the keep rule keeps the other's.
    const proxy = await recordingProxy(h!.emu.url, async (req) => {
      if (req.method === 'POST' && req.path.endsWith('/vector_stores')) {
        await (other ??= cli(['apply', '-lock=false', '--yes']).then(() => new Promise((resolve) => setTimeout(resolve, 1010 - (Date.now() % 1000)))));
      }
      return undefined;
    });
    let theirs: { id: string | undefined };
    try {
      const r = await h!.cli(['apply', '-lock=false', '--yes'], { env: { OPENAI_BASE_URL: proxy.url, ZEROBOT_BASE_URL: proxy.url, ZEROBOT_API_KEY: API_KEY } });
      expect(r.code, r.stdout + r.stderr).toBe(0);
      const deletes = proxy.requests.filter((q) => q.method === 'DELETE').map((q) => q.path.split('/').slice(-2).join('/'));
      const [mine, myStore] = [deletes.find((d) => d.startsWith('assistants/'))!.split('/')[1], deletes.find((d) => d.startsWith('vector_stores/'))!.split('/')[1]];
      theirs = held();
      expect(r.stdout).toContain(`another apply created 'bot' at the same time; its copy ${state().assistants[0]!.id} is older and kept, this run's ${mine} was deleted, and its vector store ${myStore} too`);
      expect(r.stdout).toContain('Apply complete: 0 created, 0 modified, 0 deleted, 1 created by a concurrent apply.');
      expect(myStore).not.toBe(theirs.id);
    } finally {
      await proxy.close();
    }
    // One assistant, holding the one store left: the other apply's.
    expect(state().assistants).toHaveLength(1);
    expect(held()).toMatchObject({ id: theirs.id, files: ['file-1'], stores: 1 });
    await clean();
  });

  it('a store made for a create the host then refused is attached by the next apply of the same helper', async () => {
    await start({ bot: bot(helper('file-1')) });
    writeFileSync(join(h!.ws.root, 'assistants', 'aac.yaml'), `provider: ${provider}\noptions:\n  max_retries: 0\n`);
    // The assistant's create answered 500 and not made (a 5xx may have been made: the listing finds it was not; max_retries 0 sends it no more).
    const proxy = await recordingProxy(h!.emu.url, (req) => (req.method === 'POST' && req.path.endsWith('/assistants') ? 500 : undefined));
    try {
      const failed = await h!.cli(['apply', '-lock=false', '--yes'], { env: { OPENAI_BASE_URL: proxy.url, ZEROBOT_BASE_URL: proxy.url, ZEROBOT_API_KEY: API_KEY } });
      expect(failed.code).toBe(1);
      expect(failed.stdout).toContain('the create failed once (500: injected 500; options.max_retries: 0)');
    } finally {
      await proxy.close();
    }
    expect(state().vector_stores).toHaveLength(1);
    const next = await cli(['apply', '-lock=false', '--yes']);
    expect(next.code, next.stdout + next.stderr).toBe(0);
    expect(storeCreates()).toBe(1);
    expect(held()).toMatchObject({ id: state().vector_stores[0]!.id, stores: 1 });
    await clean();
  });
});

describe('the vector_stores helper on foundry (a store made from Azure data sources)', () => {
  it('an edited data source makes a new store by POST /vector_stores; the next plan is clean', async () => {
    const statePath = join(testDir('aac-helper-state-'), 'state.json');
    const docs = (uri: string) => ({ file_search: { vector_stores: [{ name: 'docs', configuration: { data_sources: [{ uri, type: 'uri_asset' }] } }] } });
    h = await harness({ bot: bot(docs('azureml://a')) }, { provider: 'foundry', statePath });
    writeFileSync(join(h.ws.root, 'assistants', 'aac.yaml'), 'provider: foundry\n');
    const cli = (argv: string[]) => h!.cli(argv, { env: { AZURE_AI_PROJECT_ENDPOINT: h!.emu.url, AAC_FOUNDRY_TOKEN: API_KEY } });
    expect((await cli(['apply', '-lock=false', '--yes'])).code).toBe(0);
    expect((await cli(['plan', '--detailed-exitcode'])).code).toBe(0);
    h.ws.write('bot', bot(docs('azureml://b')));
    expect((await cli(['plan', '--detailed-exitcode'])).code).toBe(2);
    const applied = await cli(['apply', '-lock=false', '--yes']);
    expect(applied.code, applied.stdout + applied.stderr).toBe(0);
    const { assistants, vector_stores } = JSON.parse(readFileSync(statePath, 'utf8'));
    const [held] = assistants[0].tool_resources.file_search.vector_store_ids;
    expect(vector_stores.find((v: { id: string }) => v.id === held).configuration.data_sources[0].uri).toBe('azureml://b');
    expect(h.emu.stats().byRoute['POST /vector_stores']).toBe(2);
    expect((await cli(['plan', '--detailed-exitcode'])).code).toBe(0);
  });
});

describe('the vector_stores helper, checked', () => {
  it('import writes the store an assistant holds by id, never aac\'s record of it', async () => {
    h = await harness();
    h.emu.seed([{ model: 'gpt-4o', name: 'Docs', tools: [{ type: 'file_search' }], tool_resources: { file_search: { vector_store_ids: ['vs_1'] } }, metadata: { team: 'a', [RECORD_KEY]: 'vs_1 0123' } }]);
    const r = await h.cli(['import']);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const file = readFileSync(join(h.ws.root, 'assistants', 'docs.yaml'), 'utf8');
    expect(file).toContain('vector_store_ids:');
    expect(file).not.toContain(RECORD_KEY);
    const plan = await h.cli(['plan']);
    expect(plan.stdout).toContain('adopt');
  });

  it('leaves 14 metadata pairs of the definition\'s own: aac keeps the marker and the record', async () => {
    h = await harness({ bot: bot(helper('file-1'), { metadata: Object.fromEntries(Array.from({ length: 15 }, (_, i) => [`k${i}`, 'v'])) }) });
    const r = await h.cli(['validate']);
    expect(r.code).toBe(1);
    expect(r.stdout + r.stderr).toContain('metadata has 15 pairs; with tool_resources.file_search.vector_stores at most 14 are allowed');
    h.ws.write('bot', bot({ file_search: { vector_store_ids: ['vs_1'] } }, { metadata: { [RECORD_KEY]: 'vs_1 x' } }));
    const reserved = await h.cli(['validate']);
    expect(reserved.stdout + reserved.stderr).toContain(`metadata key '${RECORD_KEY}' is reserved`);
  });
});
