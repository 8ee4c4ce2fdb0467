// `aac migrate`'s look at the live state behind a directory of definitions, per environment, read
// as `aac plan --dir DIR [--env NAME]` reads it in this shell: what differs from the files, said per
// definition and field (drift: an edit on the host since the last apply, which a conversion of the
// files alone drops without a word). Read only where the endpoint and the credentials are given;
// elsewhere said unread, with why. Before a migration: the source's classic assistants. With
// `--verify`, after the cut-over: the new directory's agents too (migrate-verify.ts).
import type { ResourceKind } from '../backends/backend.js';
import { credentialsIn, providerInfo } from '../backends/registry.js';
import { loadProjectConfig } from '../config/index.js';
import type { Definition } from '../model/definition.js';
import type { BuiltPlan } from '../model/plan.js';
import type { CommandContext } from './command.js';
import { runConfig } from './environment-option.js';
import { planFromContext } from './pipeline.js';
import { sameRunListings } from './reading.js';
import { shownPath } from '../desired/paths.js';
import type { FileReads } from '../desired/shared-reads.js';
import type { Said } from './migrate-report.js';
import { andList } from '../util/words.js';
import { plural } from '../util/words.js';

/** The kinds of difference between definitions and live resources, in the order a way out names them. */
export const DRIFT_KINDS = ['changed', 'defined', 'live'] as const;
export type DriftKind = (typeof DRIFT_KINDS)[number];

/**
 * One difference between the definitions and the live state, said at its place, with its kind:
 * a field an update would change (`changed`, at its path), a definition with no live resource
 * (`defined`, at its file), a live resource the namespace manages that no definition has
 * (`live`, at no file).
 */
export interface Drift extends Said {
  kind: DriftKind;
}

/** What was read of one environment (absent: a directory without environments). */
export interface LiveRead {
  environment?: string;
  /** The endpoint read, as the client shows it (no credentials, no query); absent when unread. */
  endpoint?: string;
  /** Why it was not read (the variables not set), a clause; absent when read. */
  unread?: string;
  /** What differs from the definitions, each at its file and field, with its kind (none when unread). */
  drift: Drift[];
  /**
   * The live resources whose fields differ from their definitions, each by its id, its
   * definition's key and those fields (an import with --force --replace-differing takes their
   * values); absent when none.
   */
  differing?: Array<{ id: string; key: string; fields: string[] }>;
}

/**
 * Reads the live state behind the definitions directory `dir` (absolute) in each of `environments`
 * (or once, without, for []), as `aac plan --dir DIR [--env NAME]` would in this shell: the run's
 * `--provider`, AAC_NAMESPACE and the endpoint variable apply as they apply to that plan (the
 * variable overrides an environment's `endpoint:` there too). An environment whose provider's
 * credential variables (ProviderInfo.variables.credentials) are not all set, or that has neither
 * the endpoint variable nor an `endpoint:` where its provider has no default host that serves the
 * API (ProviderInfo.variables.defaultEndpoint, defaultRetired), is not read: `unread` says which. What the plan
 * prints on stderr is not repeated (the caller read and reported the definitions already), but
 * its warnings (reading.ts writeWarning), each once: where the read goes is the user's to know, as
 * that plan would say it (an endpoint variable overriding this directory's `endpoint:`).
 * Throws what the plan throws (a host that cannot be reached, credentials refused, a 404), after
 * a line on stderr saying what was being read and the plan that reads the same (`check`, given the
 * environment: that plan as a sentence says it to run, in a code span after any step it needs first).
 * `fileReads`: the run's reads of `dir` (desired/shared-reads.ts), which the plans take their
 * definition, overlay and fragment files from rather than reading them again; absent, they read them.
 */
export async function readLive(ctx: CommandContext, dir: string, environments: readonly string[], check: (environment?: string) => string, fileReads?: FileReads): Promise<LiveRead[]> {
  const reads: LiveRead[] = [];
  // What each plan prints is dropped but its warnings (the endpoint variable that overrides this
  // directory's `endpoint:`, …), said once each however many environments give them; git lists the
  // run's files once, for these reads too.
  const quiet = { ...ctx.io, stderr: { write: () => undefined, isTTY: false } };
  sameRunListings(quiet, ctx.io);
  const said = new Set<string>();
  const warnings = {
    isTTY: ctx.io.stderr.isTTY ?? false,
    write: (text: string) => {
      if (said.has(text)) return;
      said.add(text);
      ctx.io.stderr.write(text);
    },
  };
  for (const environment of environments.length === 0 ? [undefined] : environments) {
    const at: CommandContext = {
      ...ctx,
      io: quiet,
      warnings,
      global: { ...ctx.global, dir, format: 'text' },
      options: environment === undefined ? {} : { env: environment },
    };
    const on = environment === undefined ? {} : { environment };
    const unread = await unreadBecause(at, dir);
    if (unread !== undefined) {
      reads.push({ ...on, unread, drift: [] });
      continue;
    }
    let read: Awaited<ReturnType<typeof planFromContext>>;
    try {
      read = await planFromContext(at, { command: 'plan', prune: false, adoptLegacy: false, targets: [], ...(fileReads ? { reads: fileReads } : {}) });
    } catch (err) {
      // What failed is said by the error; what was being done, here.
      ctx.io.stderr.write(`aac migrate reads the live state of ${shownPath(ctx.io.cwd, dir)}/${environment === undefined ? '' : ` in environment '${environment}'`} to check it against the definitions, as ${check(environment)} does (given no credentials, migrate converts the files alone and says the live state was not read); nothing was written:\n`);
      throw err;
    }
    const { plan, backend, desired } = read;
    const defined = new Set(desired.map((d) => d.key));
    const differing = plan.changes.filter((c) => c.action === 'update' && !c.orphan && defined.has(c.key) && c.id !== undefined).map((c) => ({ id: c.id!, key: c.key, fields: c.changedFields }));
    reads.push({ ...on, endpoint: backend.target.endpoint, drift: driftOf(plan, desired, backend.kind, environment), ...(differing.length > 0 ? { differing } : {}) });
  }
  return reads;
}

/** Why the run `at` (its directory `dir`, its environment) cannot read the live state: the variables it lacks; undefined when it can. */
async function unreadBecause(at: CommandContext, dir: string): Promise<string | undefined> {
  const loaded = await loadProjectConfig(dir, { cwd: at.io.cwd, provider: at.global.provider, credentials: credentialsIn(at.io.env) });
  const config = runConfig(at, loaded);
  const variables = providerInfo(config.provider)?.info.variables;
  if (variables === undefined) return undefined;
  const set = (name: string) => (at.io.env[name] ?? '') !== '';
  const missing = variables.credentials.filter((name) => !set(name));
  // A provider whose default host serves its API (openai-agents', a gateway's) needs no endpoint:
  // the plan goes there, as this read does. One whose default no longer does (OpenAI's Assistants) needs one.
  const defaultServes = variables.defaultEndpoint !== undefined && variables.defaultRetired === undefined;
  const noEndpoint = !defaultServes && !set(variables.endpoint) && (config.endpoint ?? '').trim() === '';
  const lacks = [...(noEndpoint ? [`${variables.endpoint} (or an \`endpoint:\`)`] : []), ...missing];
  return lacks.length === 0 ? undefined : `${andList(lacks)} ${plural(lacks.length, 'is', 'are')} not set`;
}

/**
 * What `plan` (of the definitions `desired`, made without --prune) says differs between them and
 * the live state, as located lines: each field of an update at its place in the definition (its
 * overlay's, when the environment's overlay writes it), a definition with no live resource at its
 * file, and a live resource the namespace manages that no definition has (it is not migrated).
 * A live resource is named as a plan lists it, by its key with its id beside (`'faq' (agent_7c48…)`).
 * The marker alone (an adoption not applied yet) is no difference: `changedFields` leaves it out.
 */
function driftOf(plan: BuiltPlan, desired: readonly Definition[], kind: ResourceKind, environment?: string): Drift[] {
  const byKey = new Map(desired.map((d) => [d.key, d]));
  const on = environment === undefined ? {} : { environment };
  const { one } = kind.nouns;
  return plan.changes.flatMap((c): Drift[] => {
    const def = byKey.get(c.key);
    const live = `the live ${one} ${liveNamed(c.key, c.id)}`;
    if (c.orphan) return [{ ...on, kind: 'live', text: `${live} is managed by this namespace, and no definition has its key: it is not migrated` }];
    if (def === undefined) return [];
    if (c.action === 'create') return [{ ...on, kind: 'defined', file: def.file, text: `no live ${one} has this definition: it was not applied since it was written, or was deleted outside aac` }];
    if (c.action !== 'update') return [];
    return c.changedFields.map((field) => {
      const { file, line, column } = def.locate([field]);
      return { ...on, kind: 'changed', file, line, column, path: field, text: `${live} holds another value: changed outside aac since the last apply, or changed here and not applied` };
    });
  });
}

/** A live resource by its key, its id beside it unless that is the key itself (a name-addressed kind's): `'faq' (agent_7c48…)`. */
function liveNamed(key: string, id: string | null | undefined): string {
  return `'${key}'${id && id !== key ? ` (${id})` : ''}`;
}

/** A directory (as shown) in an environment, as the lines about its live state name it: `classic/ in environment 'prod'`. */
export function liveWhere(dir: string, environment?: string): string {
  return environment === undefined ? `${dir}/` : `${dir}/ in environment '${environment}'`;
}

/** That the live resources (`many`) `read` of `dir` (as shown) match its definitions, and where they were read; undefined when unread or drifted. */
export function matchedLine(read: LiveRead, dir: string, many: string): string | undefined {
  return read.unread === undefined && read.drift.length === 0 ? `The live ${many} of ${liveWhere(dir, read.environment)} match the definitions (read at ${read.endpoint})` : undefined;
}

/**
 * What `reads` of the directory `dir` (as shown) say, as lines for stdout: for each environment
 * read without drift, matchedLine; for each not read, that it was not, why, and the plan whose
 * exit code 0 says there is no drift (`check`, given the environment: that plan as a sentence
 * says it to run, `` `aac plan --dir DIR [--env NAME] --detailed-exitcode` `` in a code span, after
 * any step it needs first). Drift is said by the caller (a refusal, or accepted with the flag).
 */
export function liveLines(reads: readonly LiveRead[], dir: string, many: string, check: (environment?: string) => string): string[] {
  return reads.flatMap((r) => {
    if (r.unread !== undefined) {
      return [`The live ${many} of ${liveWhere(dir, r.environment)} were not read (${r.unread}), so an edit made on the host since the last apply is not known here and is not migrated: check first that ${check(r.environment)} exits 0`];
    }
    return [matchedLine(r, dir, many) ?? []].flat();
  });
}
