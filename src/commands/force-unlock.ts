// `aac force-unlock [LOCK]`: removes the lock a run left behind (killed, or its machine gone), as
// `terraform force-unlock LOCK_ID` does. LOCK is the lock object's id, or its name (`aac-lock-…`,
// which a message knows before the host gave it an id), or absent: this namespace's lock, found by
// listing. Only lock objects of this namespace are deleted: anything else is refused, whatever it is.
import { describeLock, runningHolder } from '../lock/lock.js';
import { lockName, lockObjects, RENEW_EVERY_MS, type LockObject } from '../lock/lock-object.js';
import { BackendError, type Backend } from '../backends/backend.js';
import { INTERRUPTED_EXIT, UserError } from '../util/errors.js';
import type { Command, CommandContext } from './command.js';
import { ENV_OPTION } from './environment-option.js';
import { loadConfig } from './pipeline.js';
import { NAMESPACE_OPTION, runNamespace } from './namespace-option.js';
import { connect, sayNamespaceOverride } from './reading.js';
import { canAsk, confirmed } from './confirm.js';
import { pointOfNoReturn } from './point-of-no-return.js';
import { sanitize } from '../util/invisible.js';
import { forceUnlock } from './suggest.js';
import { codeSpan } from '../util/code-span.js';
import { withArticle } from '../util/words.js';

const CONFIRM = "Remove this lock? If its run is still applying, two runs may then write at once. Only 'yes' is accepted: ";
const WHERE_NAMED = '`aac apply` names the lock when it finds the namespace locked; without LOCK, force-unlock finds the namespace\'s own';

export const forceUnlockCommand: Command = {
  name: 'force-unlock',
  summary: 'Remove the lock a killed or lost run left on this namespace',
  usage: 'aac force-unlock [LOCK] [--yes] [options]',
  description: [
    "Deletes the namespace's lock: LOCK is the lock object's id (as `aac apply` names it when it",
    'finds the namespace locked, and as Terraform\'s LOCK_ID) or its name (`aac-lock-…`, as a message',
    "names a lock whose id is not known); without LOCK, the lock of this directory's namespace, found",
    'by listing (refused when several runs hold lock objects there: each is named). It shows who holds',
    'it and asks for confirmation (--yes skips the question). Only a lock of this directory\'s',
    'namespace is removed; anything else is refused. A lock also expires by itself a few minutes after',
    'its run stopped renewing it. A lock whose holder is a process still running on this host is kept',
    'unless --even-if-running: wait for that run, or stop it. Terraform\'s -force is --yes.',
    '',
    'Exit status: 0 when the lock is removed, 1 when it is kept (refused, or the question answered',
    'no) or on any error;',
    `${INTERRUPTED_EXIT} (also at the question).`,
  ].join('\n'),
  options: {
    yes: { type: 'boolean', short: 'y', description: 'Remove the lock without asking' },
    'even-if-running': { type: 'boolean', description: 'Remove it even when its holder still runs on this host' },
    ...NAMESPACE_OPTION,
    ...ENV_OPTION,
  },
  // It prints the lock it removes for a person to read; a script checks the exit code.
  formats: ['text'],
  maxPositionals: 1,
  async run(ctx) {
    const given = ctx.positionals[0];
    if (given === '') throw new UserError('the lock given to aac force-unlock is empty (a variable that expanded to nothing?)', `give the lock's id or name, or none for this namespace's lock; ${WHERE_NAMED}`);
    const config = await loadConfig(ctx, 'force-unlock');
    const { namespace } = runNamespace(ctx, config);
    sayNamespaceOverride(ctx, config, false);
    const backend = await connect(ctx, config);
    const live = await backend.listAll();
    const locks = lockObjects(live, backend.kind);
    const objects = given === undefined ? ownLock(ctx, locks, namespace, backend) : namedLock(given, locks, live.some((l) => l.id === given), namespace, backend);
    const [lock] = objects as [LockObject, ...LockObject[]];
    const ids = objects.map((l) => sanitize(l.id));
    // A run whose lock object's create was retried may have made several: one lock, removed whole.
    const also = objects.length > 1 ? [`  (${objects.length} lock objects of this run: ${ids.join(', ')}; all are removed)`] : [];
    ctx.io.stdout.write(`The namespace '${namespace}' is locked:\n${[...describeLock(lock), ...also].join('\n')}\n`);
    const running = runningHolder(lock);
    // Terraform cannot tell a live holder from a dead one; aac can, on the holder's own host. The
    // process may still be another (a reused pid, a container that shares the host name): --even-if-running.
    // Not --force: Terraform's `force-unlock -force` skips the question (TERRAFORM_ALIASES), and a
    // habit typed from there must not also skip this check.
    if (running && !ctx.options['even-if-running']) {
      throw new UserError(
        `the lock ${sanitize(lock.id)} was not removed: its holder, pid ${running.pid}, is still running on this host, so its aac ${sanitize(lock.operation)} may be in progress and removing the lock would let another run write beside it`,
        `wait for that run to finish (it releases the lock), or stop pid ${running.pid} and run force-unlock again; if pid ${running.pid} is not that aac run (a reused pid, another container with this host name), pass --even-if-running`,
      );
    }
    if (running) {
      ctx.io.stdout.write(
        `pid ${running.pid} is still running on this host: its aac ${sanitize(lock.operation)} may be in progress. Once the lock is removed, that run starts no more writes ` +
          `from its next renewal of the lock (within ${RENEW_EVERY_MS / 60_000} minute), and a run started before then may write beside it.\n`,
      );
    }
    if (!ctx.options.yes) {
      if (!canAsk(ctx, ctx.io.stdout)) throw new UserError('refusing to remove the lock without confirmation: there is no terminal to ask on', 'pass --yes');
      if (!(await confirmed(ctx, ctx.io.stdout, CONFIRM, 'Force-unlock cancelled: the lock is kept.'))) return 1;
    }
    await pointOfNoReturn(ctx.io);
    // Each gone already (released by its run while the question was asked) counts as removed, unless all were.
    const removed = await Promise.all(objects.map((l) => removeLock(backend, l)));
    if (!removed.includes(true)) throw new UserError(`there is no lock ${sanitize(given ?? lock.id)}: it was released or removed already`, WHERE_NAMED);
    ctx.io.stdout.write(`The lock ${ids.join(', ')} was removed: the namespace '${namespace}' is unlocked.\n`);
    return 0;
  },
};

/**
 * The lock objects `given` names among `locks` (every lock object listed): the one of that id, or
 * every one of that name (lockName: a run's lock objects share it, a retried create's too). Throws
 * a UserError saying what `given` is when it is not a lock of `namespace`: a resource of the kind
 * (`another`: an id the listing has), another namespace's lock, or nothing at the endpoint.
 */
function namedLock(given: string, locks: readonly LockObject[], another: boolean, namespace: string, backend: Backend): LockObject[] {
  const found = locks.filter((l) => l.id === given || runOf(l) === given);
  if (found.length === 0) {
    if (another) throw new UserError(`${given} is ${withArticle(backend.kind.nouns.one)}, not a lock: force-unlock deletes only aac's lock objects`, WHERE_NAMED);
    // Not there at all: a lock released already, or an id of another host's (never known which).
    throw new UserError(`${given} is not a lock object of the namespace '${namespace}': no lock object has that id or name at ${backend.target.endpoint}; a lock is gone once released or removed, and an id from another endpoint is not there`, WHERE_NAMED);
  }
  const ours = found.filter((l) => l.namespace === namespace);
  if (ours.length === 0) {
    // Another team's lock, most likely: its owner is named, and no flag is offered that would
    // remove it from here (the namespace of a run is its directory's, README "Scopes and ownership").
    const other = found[0]!.namespace;
    throw new UserError(`${given} is the lock of the namespace '${other}', not of '${namespace}'`, `it is the lock of the namespace '${other}': run force-unlock from that namespace's directory`);
  }
  return ours;
}

/**
 * The lock objects of `namespace` among `locks`, when they are one run's (one name, lockName):
 * what a force-unlock without LOCK removes. Throws a UserError when there is none, or when several
 * runs hold lock objects there (a holder and the runs waiting for it), naming each with the
 * force-unlock that removes it.
 */
function ownLock(ctx: CommandContext, locks: readonly LockObject[], namespace: string, backend: Backend): LockObject[] {
  const ours = locks.filter((l) => l.namespace === namespace).sort((a, b) => a.createdAt - b.createdAt);
  if (ours.length === 0) throw new UserError(`the namespace '${namespace}' is not locked: no lock object of it at ${backend.target.endpoint}, so nothing was removed`, 'nothing to remove: a lock is gone once released, removed, or taken over after it expired');
  const runs = [...new Set(ours.map(runOf))];
  if (runs.length === 1) return ours;
  const each = runs.map((run) => {
    const first = ours.find((l) => runOf(l) === run)!;
    return `  - ${sanitize(run)}, held by ${sanitize(first.who)} (aac ${sanitize(first.operation)}): ${codeSpan(forceUnlock(ctx, run))}`;
  });
  throw new UserError(
    [`${runs.length} runs have lock objects on the namespace '${namespace}', oldest first, so none was removed:`, ...each],
    'name the one to remove: its force-unlock is beside it (the oldest unexpired one holds the namespace; a newer one is a run waiting for it)',
  );
}

/**
 * The run a lock object is of, as force-unlock names it: its name (lockName, which every lock
 * object of one run shares), or its id when its metadata lost the nonce the name is made of (an
 * edited lock: `aac-lock-` alone would name every such one).
 */
function runOf(lock: LockObject): string {
  return lock.nonce === '' ? lock.id : lockName(lock);
}

/**
 * Deletes `lock`: true once removed, false when it was gone already (released by its run while
 * the question was asked). A delete whose answer was lost is settled by one read of it.
 */
async function removeLock(backend: Backend, lock: LockObject): Promise<boolean> {
  try {
    await backend.delete(lock.id);
    return true;
  } catch (err) {
    if (err instanceof BackendError && err.kind === 'not-found') return false;
    if (!(err instanceof BackendError && err.kind === 'outcome-unknown') || (await backend.exists(lock.id).catch(() => true))) throw err;
    return true;
  }
}
