// `aac emulator --strict`: what the live services refuse and the lenient emulator takes — a model
// the host does not have, and ids in a body that name nothing the host holds. The checks are each
// dialect's (which fields carry a model or ids is the API's); the refusals are made here, one way.
// No source gives the status or code of either refusal: the conservative reading is a 400 naming
// the field (`param`), as for every other body the API refuses (openai-openapi/ASSISTANTS.md,
// "Errors": 400 validation with `param` the JSON path), rather than a 404, which the sources use
// for a path's own resource; the codes (`model_not_found`, `not_found`) are the emulator's own.
import { invalid } from './errors.js';

export interface Strictness {
  /** The model (Foundry: deployment) names taken: --models, else the sources' list (backends/registry.ts knownModels). */
  models: ReadonlySet<string>;
  /** File ids taken as uploaded: the emulator serves no Files API, so no other file id exists. */
  files: ReadonlySet<string>;
  /**
   * Project connection ids taken as the project's (classic Foundry's azure_ai_search
   * `index_connection_id`): the emulator serves no connections API, so no other id exists.
   */
  connections: ReadonlySet<string>;
  /**
   * Whether a dialect of this emulator holds an item of `collection` (as the dialect names it) with
   * this id; in one serving several APIs at one address, any part's (one project's stores).
   */
  holds(collection: string, id: string): boolean;
}

/** Throws the 400 for a `model` (at `param`) not in `known`; `noun` names it as the host does (`model`, `model deployment`). Anything but a string is left to the schemas. */
export function checkModel(model: unknown, param: string, known: ReadonlySet<string>, noun: string): void {
  if (typeof model !== 'string' || known.has(model)) return;
  throw invalid(param, `The ${noun} '${model}' does not exist or you do not have access to it (emulator --strict: known are those --models names, else the sources' list).`, 'model_not_found');
}

/** Throws the 400 for the first id in `ids` (an array at `param`) that `exists` denies; `noun`: what it names (`vector store`, `file`). Anything but an array of strings is left to the schemas. */
export function checkIds(ids: unknown, param: string, exists: (id: string) => boolean, noun: string): void {
  if (!Array.isArray(ids)) return;
  for (const [i, id] of ids.entries()) checkId(id, `${param}[${i}]`, exists, noun);
}

/** Throws the 400 for `id` (at `param`) when `exists` denies it; `noun` as checkIds'. Anything but a string is left to the schemas. */
export function checkId(id: unknown, param: string, exists: (id: string) => boolean, noun: string): void {
  if (typeof id === 'string' && !exists(id)) throw invalid(param, `No ${noun} found with id '${id}' (emulator --strict).`, 'not_found');
}
