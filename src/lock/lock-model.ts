// The model aac's lock object is made with. A lock object is a real resource of the kind, and every
// kind's needs a model (Foundry: a deployment) the host has; a definition may name one the host
// lacks (a typo, a deployment not made yet), which must fail that definition's own write, never the
// lock of the whole run. So a model the host refuses for the lock is followed by another: those of
// the live resources of the namespaces the run locks (the host made them, so it took their models),
// then the definitions' other models, each once. Only when the host refuses all is the run refused.
import { BackendError, DEPLOYMENT_NOT_FOUND, type ResourceKind } from '../backends/backend.js';
import type { Spec } from '../model/definition.js';
import { valueAt } from '../model/json.js';
import { UserError } from '../util/errors.js';
import { andList, withArticle } from '../util/words.js';

/** A model the lock object may be made with, and what names it: definition files, or live resources by id. */
export interface ModelSource {
  model: string;
  files: string[];
  live: string[];
}

/** What names a model: a definition (its `file`) or a live resource (its `id`), with its spec. */
export type Named = { spec: Spec; file: string } | { spec: Spec; id: string };

/** The distinct models `named` hold (strings, not empty) at `kind`'s model path, in order of first mention, each with every place that names it. */
export function modelSources(named: Iterable<Named>, kind: ResourceKind): ModelSource[] {
  const byModel = new Map<string, ModelSource>();
  for (const n of named) {
    const model = valueAt(n.spec, kind.paths.model);
    if (typeof model !== 'string' || model === '') continue;
    let source = byModel.get(model);
    if (!source) byModel.set(model, (source = { model, files: [], live: [] }));
    if ('file' in n) source.files.push(n.file);
    else source.live.push(n.id);
  }
  return [...byModel.values()];
}

/**
 * Whether `err` is the host's refusal of the model a lock object's create carried, in either of
 * the two ways hosts answer it:
 * - a 400 whose `param` names the kind's model field (`model`; Foundry agents' `definition.model`,
 *   or its last part, `model`: nothing else in a lock object is so named): how the API refuses any
 *   value of a body (openai-openapi/ASSISTANTS.md "Errors": 400 validation, `param` the JSON path),
 *   and how the emulator's --strict refuses one (emulator/strict.ts);
 * - a 404 whose `code` is DEPLOYMENT_NOT_FOUND (backend.ts, with its source): Azure's answer to a
 *   model (a deployment name) the resource has no deployment of. The code names the deployment,
 *   never the route, so a create's other 404s (a path another API serves) are not taken for it.
 * Nothing is made by a create so refused.
 */
export function refusesModel(err: unknown, kind: ResourceKind): err is BackendError {
  if (!(err instanceof BackendError)) return false;
  const { status, param, code } = err.details;
  if (status === 404) return err.kind === 'not-found' && code === DEPLOYMENT_NOT_FOUND;
  if (err.kind !== 'invalid' || status !== 400) return false;
  return param === kind.paths.model.join('.') || param === kind.paths.model.at(-1);
}

/** A model the host refused for the lock object, with what names it and the host's words. */
interface Refused {
  source: ModelSource;
  said: string;
}

/**
 * The run's lock model, from its first choice to the one the host takes: `next()` is the model to
 * make a lock object with (the one taken, once one was: a tie's next lock object, the second
 * namespace's of `--adopt-namespace`); `refused(model, err)` after the host refused it
 * (refusesModel). The first refusal reads the live resources (`readLive`, once: a listing, which a
 * run whose first model is taken never pays) and tries their models before the definitions' others.
 */
export class LockModels {
  private readonly queue: ModelSource[];
  private readonly refusals: Refused[] = [];
  private taken: string | undefined;
  private liveRead: boolean;

  /**
   * `first`: the models to try in order (modelSources); `readLive`: the models of the live
   * resources the run's locks cover, read when first needed; absent when `first` is those already.
   * `kind` and `namespace` name the lock object in the error when every model is refused.
   */
  constructor(
    first: readonly ModelSource[],
    private readonly kind: ResourceKind,
    private readonly namespace: string,
    private readonly readLive?: () => Promise<ModelSource[]>,
  ) {
    this.queue = [...first];
    this.liveRead = readLive === undefined;
  }

  /** The model to make the lock object with. Throws the run's error (everyRefused) when the host refused every model there is. */
  async next(): Promise<string> {
    if (this.taken !== undefined) return this.taken;
    if (this.queue.length === 0 && !this.liveRead) await this.withLive();
    const source = this.queue[0];
    if (source === undefined) throw this.everyRefused();
    return source.model;
  }

  /** The host made a lock object with `model`: every later one is made with it. */
  took(model: string): void {
    this.taken = model;
  }

  /** The host refused `model` (`err`, refusesModel): the next is tried, the live resources' first. */
  async refused(model: string, err: BackendError): Promise<void> {
    // Taken once and refused since (its deployment removed mid-run): it is tried no more.
    if (this.taken === model) this.taken = undefined;
    const at = this.queue.findIndex((s) => s.model === model);
    const source = at === -1 ? { model, files: [], live: [] } : this.queue.splice(at, 1)[0]!;
    this.refusals.push({ source, said: err.message });
    if (!this.liveRead) await this.withLive();
  }

  /** Puts the live resources' models not yet tried ahead of the definitions' others (each with every place naming it). */
  private async withLive(): Promise<void> {
    this.liveRead = true;
    const live = await this.readLive!();
    const tried = new Set(this.refusals.map((r) => r.source.model));
    const ahead: ModelSource[] = [];
    for (const source of live) {
      if (tried.has(source.model)) continue;
      const queued = this.queue.findIndex((s) => s.model === source.model);
      const files = queued === -1 ? [] : this.queue.splice(queued, 1)[0]!.files;
      ahead.push({ ...source, files });
    }
    this.queue.unshift(...ahead);
  }

  /**
   * The run's error when the host refused every model: the namespace, that nothing was applied,
   * each model tried with the files (or live resources) naming it and the host's words, and the
   * fix: correct the model or create it on the host; -lock=false last, as it gives up the lock.
   */
  private everyRefused(): UserError {
    const { one, many } = this.kind.nouns;
    const lines = [
      `could not take the lock on the namespace '${this.namespace}': the host refused the model of every lock object aac tried (the lock is ${withArticle(one)} aac makes for the run, with a model the host has), so nothing was applied:`,
      ...this.refusals.map(({ source, said }) => `  '${source.model}' (${namedBy(source, this.kind.nouns)}): ${said}`),
    ];
    return new UserError(
      lines,
      `the host refused each of these models (it has no such model or deployment, or these credentials may not use it): correct the model in those files, or create it on the host (on Azure AI Foundry, a model deployment of that name), and run apply again; last, -lock=false applies without a lock: each definition whose model the host refuses then fails on its own, and nothing stops a concurrent apply of these ${many}`,
    );
  }
}

/** `named by assistants/a.yaml and assistants/c.yaml`, `the model of the live agent agent-a`: what names a model tried. */
function namedBy(source: ModelSource, { one, many }: ResourceKind['nouns']): string {
  const said: string[] = [];
  if (source.files.length > 0) said.push(`named by ${capped(source.files)}`);
  if (source.live.length > 0) said.push(`the model of the live ${source.live.length === 1 ? one : many} ${capped(source.live)}`);
  return said.join('; ');
}

/** `a, b and c`, the first NAMED and `and 9998 more` after them: a fleet of thousands on one model would make the error pages long. */
function capped(items: readonly string[]): string {
  return andList(items.length > NAMED ? [...items.slice(0, NAMED), `${items.length - NAMED} more`] : items);
}

/** Files (or live resources) named per refused model, at most. */
const NAMED = 5;
