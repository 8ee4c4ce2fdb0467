// A lock object of the run's own that it could not remove is never passed over in silence: as the
// run steps back (refused behind another run's lock) or releases the locks it took before failing
// (readLocked, with --adopt-namespace), the warning names the lock, why its delete failed, when it
// expires by itself (the expiry the object carries) and the force-unlock with the run's options,
// on stderr and in --format json's error document. And a create of unknown outcome that the
// cleanup's listing did not find is not said to be "none made": it may commit after that listing.
// Over HTTP against the emulator, through a proxy that answers what the test says.
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { LOCK_KEY } from '../../src/lock/lock-object.js';
import { encodeMarker } from '../../src/model/marker.js';
import { runCli } from '../helpers/cli.js';
import { expectDocument } from '../output-schemas/schemas.js';
import { API_KEY, apiEnv, recordingProxy, workspace, type RecordedRequest, type Workspace } from '../apply/helpers.js';
import { testDir } from '../helpers/each-test.js';

const open: Array<{ close(): Promise<void> } | Workspace> = [];
afterEach(async () => {
  for (const o of open.splice(0).reverse()) await ('cleanup' in o ? o.cleanup() : o.close());
});

const markerOf = (namespace: string) => Object.keys(encodeMarker({ namespace, key: '' }))[0]!;
const isLock = (r: Record<string, unknown>) => String(r.name).startsWith('aac-lock-');
const metaOf = (r: Record<string, unknown>) => r.metadata as Record<string, string>;

/**
 * The emulator with another run's unexpired lock on `lockedNamespace`, made a minute ago (so this
 * run's is newer: no tie), and a definitions directory `defs/` that is not the default one (so the
 * force-unlock must carry `--dir defs`); the proxy answers each DELETE 403 (the token may not delete).
 */
async function refusedRun(lockedNamespace: string) {
  const emu: RunningEmulator = await startEmulator({ apiKey: API_KEY });
  open.push(emu);
  const [theirs] = emu.seed([{
    model: 'gpt-4o',
    name: 'aac-lock-theirs',
    created_at: Math.floor(Date.now() / 1000) - 60,
    metadata: { [markerOf(lockedNamespace)]: LOCK_KEY, holder: 'ci@elsewhere pid 7', operation: 'apply', nonce: 'theirs', expires_at: new Date(Date.now() + 600_000).toISOString() },
  }]);
  const ws = workspace({ a: { model: 'gpt-4o', name: 'A' } });
  open.push(ws);
  const cwd = testDir('aac-left-');
  cpSync(join(ws.root, 'assistants'), join(cwd, 'defs'), { recursive: true });
  const proxy = await recordingProxy(emu.url, (req: RecordedRequest) => (req.method === 'DELETE' ? { status: 403, message: 'You may not delete this assistant' } : undefined));
  open.push(proxy);
  const cli = (...argv: string[]) => runCli([...argv, '--dir', 'defs', '--format', 'json'], { cwd, env: apiEnv(proxy.url) });
  return { emu, theirs: theirs!, cli };
}

/**
 * The warning for `lock` (a live lock object this run left, its delete answered 403), as the run
 * must say it: the credentials taken but not allowed to delete, never "refused"; the expiry the
 * object carries; the force-unlock with credentials that may delete.
 */
const leftWarning = (lock: Record<string, unknown>, unlock: string) =>
  `could not remove the lock ${String(lock.id)} (openai accepted the credentials but did not allow deleting assistant ${String(lock.id)} (403): You may not delete this assistant; give these credentials the permission for it (a key or role allowed to do it), or use credentials that have it: check OPENAI_API_KEY (and OPENAI_ORG_ID / OPENAI_PROJECT_ID if set)); it expires by itself by ${metaOf(lock).expires_at}, or remove it now with credentials allowed to delete it (a key or role with the delete permission): run \`${unlock}\` with them, or have someone who has them run it`;

it('a run refused behind another run\'s lock that cannot remove its own says which, why, until when, and the force-unlock with its options, in --format json too', async () => {
  const { emu, theirs, cli } = await refusedRun('team-a');
  const r = await cli('apply', '--yes', '--namespace', 'team-a');
  expect(r.code).toBe(1);
  expect(r.stderr).toContain("the namespace 'team-a' is locked by another run, so nothing was changed");
  const mine = emu.resources().filter((l) => isLock(l) && l.id !== theirs.id);
  expect(mine).toHaveLength(1);
  const warning = leftWarning(mine[0]!, `aac force-unlock ${String(mine[0]!.id)} --yes --dir defs --namespace team-a`);
  expect(r.stderr).toContain(`Warning: ${warning}\n`);
  const doc = expectDocument('diagnostics', r.stdout) as { warning_count: number; diagnostics: Array<Record<string, unknown>> };
  expect(doc.warning_count).toBe(1);
  expect(doc.diagnostics.map((d) => [d.severity, d.code])).toEqual([['warning', 'lock-left'], ['error', 'locked']]);
  expect(doc.diagnostics[0]).toMatchObject({ message: warning, file: null, line: null, hint: null });
});

it('an apply that succeeds but cannot remove its lock (403 on its delete) says so in its --format json report and job summary, exit 0; so does one with nothing to change', async () => {
  const emu = await startEmulator({ apiKey: API_KEY });
  open.push(emu);
  const ws = workspace({ a: { model: 'gpt-4o', name: 'A' } });
  open.push(ws);
  const proxy = await recordingProxy(emu.url, (req: RecordedRequest) => (req.method === 'DELETE' ? { status: 403, message: 'You may not delete this assistant' } : undefined));
  open.push(proxy);
  const summary = join(ws.root, 'summary.md');
  const env = { ...apiEnv(proxy.url), GITHUB_STEP_SUMMARY: summary };
  const leftBy = (before: readonly unknown[]) => emu.resources().filter((l) => isLock(l) && !before.includes(l.id));
  for (const [i, outcome] of [[0, 'Apply complete: 1 created, 0 modified, 0 deleted.'], [1, "No changes in namespace 'test'."]] as const) {
    const before = emu.resources().map((l) => l.id);
    writeFileSync(summary, '');
    const r = await runCli(['apply', '--yes', '--format', 'json'], { cwd: ws.root, env });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(outcome);
    const [mine] = leftBy(before);
    const warning = leftWarning(mine!, `aac force-unlock ${String(mine!.id)} --yes`);
    expect(r.stderr).toContain(`Warning: ${warning}\n`);
    const doc = expectDocument('apply-report', r.stdout) as { warnings: unknown[]; outcomes: unknown[] };
    expect(doc.warnings).toEqual([{ code: 'lock-left', message: warning }]);
    expect(doc.outcomes).toHaveLength(1 - i);
    // The job summary is the apply's report: written only when the apply ran its writes.
    if (i === 0) expect(readFileSync(summary, 'utf8')).toContain(`**⚠️ Warning:** \`\`${warning}\`\``);
    // The fix it names, with credentials that may delete (the host's own, not through the refusing proxy).
    // The run that left it ran in this test's process, which still runs: --even-if-running (a real run has exited).
    const unlocked = await runCli(['force-unlock', String(mine!.id), '--yes', '--even-if-running'], { cwd: ws.root, env: apiEnv(emu.url) });
    expect(unlocked.code, unlocked.stderr).toBe(0);
  }
});

it('a run that took one lock and is refused the next (--adopt-namespace) says each lock it could not remove, each with its namespace\'s force-unlock', async () => {
  // Taken in the namespaces' order: team-a (adopted) first, then team-b (the run's), which is held.
  const { emu, theirs, cli } = await refusedRun('team-b');
  const r = await cli('apply', '--yes', '--namespace', 'team-b', '--adopt-namespace', 'team-a');
  expect(r.code).toBe(1);
  expect(r.stderr).toContain("the namespace 'team-b' is locked by another run, so nothing was changed");
  const mine = (namespace: string) => emu.resources().filter((l) => isLock(l) && l.id !== theirs.id && metaOf(l)[markerOf(namespace)] === LOCK_KEY);
  const [b] = mine('team-b');
  const [a] = mine('team-a');
  const warnings = [
    leftWarning(b!, `aac force-unlock ${String(b!.id)} --yes --dir defs --namespace team-b`),
    leftWarning(a!, `aac force-unlock ${String(a!.id)} --yes --dir defs --namespace team-a`),
  ];
  for (const w of warnings) expect(r.stderr).toContain(`Warning: ${w}\n`);
  const doc = JSON.parse(r.stdout) as { diagnostics: Array<Record<string, unknown>> };
  expect(doc.diagnostics.filter((d) => d.code === 'lock-left').map((d) => d.message)).toEqual(warnings);
});

it('a lock create of unknown outcome that the cleanup did not find is said as maybe made later, with the name and expiry it would carry', async () => {
  const emu = await startEmulator({ apiKey: API_KEY });
  open.push(emu);
  const ws = workspace({ a: { model: 'gpt-4o', name: 'A' } });
  open.push(ws);
  writeFileSync(join(ws.root, 'assistants', 'aac.yaml'), 'options:\n  max_retries: 0\n');
  // The create answered 503 without reaching the host, and the listing after it 503 too; the
  // cleanup's listing finds nothing. The create is then made "late", after that listing.
  let create: Record<string, unknown> | undefined;
  let lists = 0;
  const proxy = await recordingProxy(emu.url, (req) => {
    if (req.method === 'POST') return (create = req.body as Record<string, unknown>) && 503;
    return req.method === 'GET' && lists++ === 0 ? 503 : undefined;
  });
  open.push(proxy);
  const r = await runCli(['apply', '--yes'], { cwd: ws.root, env: apiEnv(proxy.url) });
  expect(r.code).toBe(1);
  const [late] = emu.seed([create as never]);
  // Two listings, told apart: the check's, which failed (its error said last, labelled), and the
  // cleanup's, which found none.
  expect(r.stderr).toContain(
    `its lock object was answered 503 (injected 503) and the listing to check for it failed: a last listing, to clean up, found none of this run's lock objects, so nothing was changed, unless that create was made after that listing: then its lock object (named ${String(late!.name)}) is left, and it expires by itself by ${metaOf(late!).expires_at}, or run \`aac force-unlock ${String(late!.name)} --yes\` to remove it now (the check: listing assistants: `,
  );
  expect(r.stderr).not.toContain('re-reading to check failed');
  expect(r.stderr).not.toContain('none made');
});
