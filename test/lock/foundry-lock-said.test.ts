// On Foundry agents, addressed by name, the lock's failures name the agent that is the lock: a
// cleanup whose delete is refused names it by its name, which is its id, and its version, with the
// exact force-unlock (never LOCK_ID); a 403 on its create says the run could not take its lock,
// not only that creating an agent 'aac-lock-…' was not allowed. Over HTTP against the emulator's
// foundry-agents dialect, through a proxy that answers for it.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { afterTest, testEmulator } from '../helpers/each-test.js';
import { recordingProxy, workspace, type RecordedRequest } from '../apply/helpers.js';

const TOKEN = 'entra-token-foundry-lock-said';
const isLockName = (name: unknown) => String(name).startsWith('aac-lock-');

/** The foundry-agents emulator and a workspace of one agent (`options.max_retries: 0`), reached through a proxy answering as `fail` says. */
async function foundry(fail: (req: RecordedRequest, seed: (body: unknown) => void) => number | { status: number; message: string } | undefined) {
  const emu = await testEmulator({ provider: 'foundry-agents', apiKey: TOKEN });
  const ws = workspace({ a: { name: 'agent-a', definition: { kind: 'prompt', model: 'gpt-4o' } } });
  afterTest(() => ws.cleanup());
  writeFileSync(join(ws.root, 'assistants', 'aac.yaml'), 'options:\n  max_retries: 0\n');
  const proxy = await recordingProxy(emu.url, (req) => fail(req, (body) => emu.seed([body as never])));
  afterTest(() => proxy.close());
  const apply = () => runCli(['apply', '--yes', '--provider', 'foundry-agents'], { cwd: ws.root, env: { AZURE_AI_PROJECT_ENDPOINT: proxy.url, AAC_FOUNDRY_TOKEN: TOKEN } });
  return { emu, apply };
}

it('a lock create of unknown outcome found made by the cleanup, whose delete is refused: the agent named with its version and the exact force-unlock', async () => {
  // The create answered 500 and not made; reading it back by name fails, so its outcome stays
  // unknown; the check's listing finds none; it is made (late) before the cleanup's listing,
  // which finds it; its delete is answered 403.
  let sent: unknown;
  let listings = 0;
  const { emu, apply } = await foundry((req, seed) => {
    if (req.method === 'POST' && isLockName((req.body as { name?: unknown }).name)) {
      sent = req.body;
      return 500;
    }
    if (sent === undefined) return undefined;
    if (req.method === 'GET' && req.path.includes('/aac-lock-')) return 503;
    if (req.method === 'GET' && ++listings === 2) seed(sent);
    return req.method === 'DELETE' ? { status: 403, message: 'delete not permitted' } : undefined;
  });
  const failed = await apply();
  expect(failed.code).toBe(1);
  const [lock] = emu.resources().filter((r) => isLockName(r.name));
  const name = String(lock!.name);
  const version = String((lock as { versions: { latest: { version: string } } }).versions.latest.version);
  expect(failed.stderr).toContain(`not found by the listing after it (options.max_retries: 0): the agent ${name} (version ${version}) was made and is left, as removing it failed too (foundry-agents accepted the credentials but did not allow deleting agent '${name}' (403): delete not permitted; `);
  expect(failed.stderr).toContain('): it expires by itself by ');
  expect(failed.stderr).toContain(`or remove it now with credentials allowed to delete it (a key or role with the delete permission): run \`aac force-unlock ${name} --yes --provider foundry-agents\` with them, or have someone who has them run it; nothing else was changed`);
  expect(failed.stderr).not.toContain('LOCK_ID');
});

it('a 403 on the lock\'s create is said as the run\'s lock, what it is and that the run needs write access, with the host\'s status and fix', async () => {
  const { emu, apply } = await foundry((req) => (req.method === 'POST' ? { status: 403, message: 'The principal lacks the Azure AI User role' } : undefined));
  const failed = await apply();
  expect(failed.code).toBe(1);
  expect(failed.stderr).toMatch(new RegExp(
    "^Error: could not take the lock on the namespace 'test', so nothing was changed: the lock is an agent that aac creates for the length of the run and deletes as it ends \\(see \"The lock\" in the README\\), " +
    "which needs credentials with write access, as the run's own changes do, -lock=false or not; foundry-agents accepted the credentials but did not allow creating agent 'aac-lock-[0-9a-f]{12}' \\(403\\): The principal lacks the Azure AI User role\n  give these credentials the permission for it \\(a key or role allowed to do it\\), or use credentials that have it: ",
  ));
  expect(failed.stderr).not.toContain('-lock=false applies without one');
  expect(emu.resources()).toEqual([]);
});
