// `aac force-unlock LOCK_ID`: removes the lock a run left behind (killed, or its machine gone), as
// `terraform force-unlock` does. Only a lock object of this namespace is deleted: any other id is
// refused, whatever it is.
import { describeLock, runningHolder } from '../lock/lock.js';
import { lockObjects, RENEW_EVERY_MS } from '../lock/lock-object.js';
import { BackendError } from '../backends/backend.js';
import { UserError } from '../util/errors.js';
import type { Command } from './command.js';
import { ENV_OPTION } from './environment-option.js';
import { loadConfig } from './pipeline.js';
import { NAMESPACE_OPTION, runNamespace } from './namespace-option.js';
import { connect, sayNamespaceOverride } from './reading.js';
import { canAsk, confirmed } from './confirm.js';
import { pointOfNoReturn } from './point-of-no-return.js';
import { sanitize } from '../util/invisible.js';

const CONFIRM = "Remove this lock? If its run is still applying, two runs may then write at once. Only 'yes' is accepted: ";

export const forceUnlockCommand: Command = {
  name: 'force-unlock',
  summary: 'Remove the lock a killed or lost run left on this namespace',
  usage: 'aac force-unlock LOCK_ID [--yes] [options]',
  description: [
    'Deletes the lock object LOCK_ID (the id `aac apply` names when it finds the namespace locked),',
    'after showing who holds it and asking for confirmation (--yes skips the question). Only a lock',
    "of this directory's namespace is removed; any other id is refused. A lock also expires by itself",
    'a few minutes after its run stopped renewing it. A lock whose holder is a process still running on',
    'this host is kept unless --even-if-running: wait for that run, or stop it. Terraform\'s -force is --yes.',
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
    const id = ctx.positionals[0];
    if (id === '') throw new UserError('the lock id given to aac force-unlock is empty (a variable that expanded to nothing?)', '`aac apply` names the id of the lock it finds');
    if (id === undefined) throw new UserError('aac force-unlock needs the lock id', `usage: ${this.usage}; \`aac apply\` names the id of the lock it finds`);
    const config = await loadConfig(ctx, 'force-unlock');
    const { namespace } = runNamespace(ctx, config);
    sayNamespaceOverride(ctx, config, false);
    const backend = await connect(ctx, config);
    const live = await backend.listAll();
    const lock = lockObjects(live, backend.kind).find((l) => l.id === id);
    const hint = '`aac apply` names the lock id when it finds the namespace locked';
    const gone = () => new UserError(`there is no lock ${id}: it was released or removed already`, hint);
    if (!lock) {
      if (live.some((l) => l.id === id)) throw new UserError(`${id} is not a lock: force-unlock deletes only aac's lock objects`, hint);
      // Not there at all: a lock released already, or an id of another host's (never known which).
      throw new UserError(`${id} is not a lock object of the namespace '${namespace}': nothing has that id at ${backend.target.endpoint}; a lock is gone once released or removed, and an id from another endpoint is not there`, hint);
    }
    if (lock.namespace !== namespace) {
      // Another team's lock, most likely: its owner is named, and no flag is offered that would
      // remove it from here (the namespace of a run is its directory's, README "Scopes and ownership").
      throw new UserError(
        `${id} is the lock of the namespace '${lock.namespace}', not of '${namespace}'`,
        `it is the lock of the namespace '${lock.namespace}': run force-unlock from that namespace's directory`,
      );
    }
    ctx.io.stdout.write(`The namespace '${namespace}' is locked:\n${describeLock(lock).join('\n')}\n`);
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
    try {
      await backend.delete(lock.id);
    } catch (err) {
      // Released by its run while the question was asked.
      if (err instanceof BackendError && err.kind === 'not-found') throw gone();
      // Its answer was lost: one read of the lock says whether it was removed.
      if (!(err instanceof BackendError && err.kind === 'outcome-unknown') || (await backend.exists(lock.id).catch(() => true))) throw err;
    }
    ctx.io.stdout.write(`The lock ${sanitize(lock.id)} was removed: the namespace '${namespace}' is unlocked.\n`);
    return 0;
  },
};
