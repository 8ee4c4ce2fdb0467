// Definitions of another kind than the run's provider takes: a directory of foundry-agents
// definitions planned with --provider foundry fails in every file on the same few top-level
// fields. Said once, with the provider, the kind the files are and the way out, rather than as one
// error per file whose hint lists the fields the wrong kind allows. One such file among the
// directory's own is told it belongs elsewhere, not that the directory's provider is wrong. The
// kinds and their providers come in as data (KindOfProviders): this module knows no registry.
import { readFileSync } from 'node:fs';
import type { ResourceKind } from '../backends/backend.js';
import type { Diagnostic } from '../model/diagnostic.js';
import { codeSpan } from '../util/code-span.js';
import { orList } from '../util/words.js';
import { closest } from '../yaml/suggest.js';
import { ALLOWED_FIELDS_HINT } from '../yaml/schema.js';

/** A kind and the providers whose definitions are of it (registry.ts registeredKinds, providersOfKind), in registry order. */
export interface KindOfProviders {
  kind: ResourceKind;
  providers: readonly string[];
}

/**
 * What messages call definitions of `kind`: its noun (`assistant`), or, where another kind of
 * `kinds` has the same noun (Foundry's versioned agents and OpenAI's agents are both `agent`), the
 * providers that take it (`foundry-agents`), so that two kinds are never told apart by one word.
 */
export function kindWords(kind: ResourceKind, kinds: readonly KindOfProviders[]): string {
  if (!kinds.some((k) => k.kind !== kind && k.kind.nouns.one === kind.nouns.one)) return kind.nouns.one;
  return orList(kinds.find((k) => k.kind === kind)?.providers ?? []);
}

/**
 * Where the run's provider was chosen, for the way out a hint names: `--provider` (`flag`), with
 * the provider of aac.yaml's setting it overrides (`overrides`, as `setting` below; absent when
 * aac.yaml names none, or the same); a setting of aac.yaml (`setting`: `provider` or
 * `environments.<name>.provider`; `at`: where its value is written, `assistants/aac.yaml:4:11`); or
 * nothing (`default`: no aac.yaml, or one that names no provider).
 */
export type ProviderChoice = { by: 'flag'; overrides?: { provider: string; setting: string; at: string } } | { by: 'setting'; setting: string; at: string } | { by: 'default' };

/**
 * The way out for a file of `providers`' kind when --provider overrode aac.yaml's setting and that
 * setting names one of them (`drop --provider: aac.yaml's provider: openai-agents (ag/aac.yaml:1:11)
 * reads it`): the flag, not the file or the directory, is what is wrong. Undefined otherwise.
 */
function dropFlagWords(providers: readonly string[], choice: ProviderChoice): string | undefined {
  if (choice.by !== 'flag' || choice.overrides === undefined || !providers.includes(choice.overrides.provider)) return undefined;
  const { provider, setting, at } = choice.overrides;
  return `drop --provider: aac.yaml's ${setting}: ${provider} (${at}) reads it`;
}

/** A kind's top-level fields and those it requires: its published schema's `properties` and `required` (ResourceKind.schema). */
export function topLevelFields(kind: ResourceKind): { fields: Set<string>; required: string[] } {
  const schema = JSON.parse(readFileSync(kind.schema, 'utf8')) as { properties?: Record<string, unknown>; required?: string[] };
  return { fields: new Set(Object.keys(schema.properties ?? {})), required: schema.required ?? [] };
}

/** topLevelFields by kind: each schema is read once a run. */
const fieldsOf = new WeakMap<ResourceKind, { fields: Set<string>; required: string[] }>();
function fieldsOfKind(kind: ResourceKind): { fields: Set<string>; required: string[] } {
  let got = fieldsOf.get(kind);
  if (!got) fieldsOf.set(kind, (got = topLevelFields(kind)));
  return got;
}

/** By the chosen kind: each top-level field it lacks and other kinds have → their providers. */
const providersOfField = new WeakMap<ResourceKind, ReadonlyMap<string, readonly string[]>>();
function otherKindsFields(chosen: ResourceKind, kinds: readonly KindOfProviders[]): ReadonlyMap<string, readonly string[]> {
  const known = providersOfField.get(chosen);
  if (known) return known;
  const own = fieldsOfKind(chosen).fields;
  const providers = new Map<string, string[]>();
  for (const { kind, providers: names } of kinds) {
    if (kind === chosen) continue;
    for (const field of fieldsOfKind(kind).fields) if (!own.has(field)) providers.set(field, [...(providers.get(field) ?? []), ...names]);
  }
  providersOfField.set(chosen, providers);
  return providers;
}

/**
 * For definitions read under `chosen`: each top-level field (a published schema's `properties`)
 * that `chosen` lacks and other kinds of `kinds` have → the hint that the definition looks like
 * one of theirs, naming the providers that take them (in `kinds`' order) and how to choose one,
 * at the setting that chose the provider (`choice`). Said at an unknown field (yaml/schema.ts)
 * instead of a did-you-mean, which points at a field of the wrong kind (an agents `reasoning:` →
 * the Assistants field of a like name) when aac.yaml is missing, misplaced or names no provider;
 * a kind's own hint for the field (ResourceKind.serverOnly) still comes first. `standIn`: with an
 * unknown provider written, the words saying so and what the file was checked as instead (`chosen`
 * is then the kind of the provider standing in: desired/index.ts standInClause).
 */
export function otherKindFieldHints(chosen: ResourceKind, kinds: readonly KindOfProviders[], choice: ProviderChoice, standIn?: string): Readonly<Record<string, string>> {
  const chosenWords = kindWords(chosen, kinds);
  return Object.fromEntries([...otherKindsFields(chosen, kinds)].map(([field, names]) => [field, otherKindHint(field, chosenWords, names, choice, standIn)]));
}

/**
 * `d` where it says a top-level field is unknown and no field of the definition's own kind is near
 * it (the schema's hint is then the list of fields allowed), but one of another kind's is
 * (`definitio` under openai-agents, `reasonin` under foundry-agents): the did-you-mean, with that
 * field's hint of `otherKind` (otherKindFieldHints), so the user learns whose field it is rather
 * than read a list that lacks it. Unchanged otherwise.
 */
export function withOtherKindNearMiss(d: Diagnostic, otherKind: Readonly<Record<string, string>>): Diagnostic {
  const field = unknownTopField(d);
  if (field === undefined || Object.hasOwn(otherKind, field) || !d.hint?.startsWith(ALLOWED_FIELDS_HINT)) return d;
  const near = closest(field, Object.keys(otherKind));
  return near === undefined ? d : { ...d, hint: `did you mean '${near}'? ${otherKind[near]!}` };
}

/** How to choose one of `providers` over the provider `choice` says chose `chosen`'s kind. */
function chooseWords(providers: readonly string[], choice: ProviderChoice): string {
  const one = providers.length === 1 ? providers[0]! : undefined;
  const pass = one !== undefined ? `--provider ${one}` : '--provider with one of them';
  if (choice.by === 'flag') return dropFlagWords(providers, choice) ?? `pass ${pass} instead`;
  if (choice.by === 'default') return one !== undefined ? `set \`provider: ${one}\` in aac.yaml, or pass ${pass}` : 'set `provider:` in aac.yaml to one of them, or pass --provider with it';
  return one !== undefined
    ? `set ${codeSpan(`${choice.setting}: ${one}`)} at ${choice.at} (where the provider is chosen), or pass ${pass}`
    : `set ${codeSpan(`${choice.setting}:`)} at ${choice.at} (where the provider is chosen) to one of them, or pass --provider with it`;
}

/** The hint for `field`, a field of `providers`' kind, in a definition of the kind `chosenWords` names (kindWords). */
function otherKindHint(field: string, chosenWords: string, providers: readonly string[], choice: ProviderChoice, standIn?: string): string {
  const choose = chooseWords(providers, choice);
  if (standIn !== undefined) return `'${field}' is a field of ${orList(providers)} definitions; ${standIn}: ${choose}`;
  return `'${field}' is a field of ${orList(providers)} definitions, not of ${chosenWords} ones: this file looks like one of theirs; ${choose}`;
}

/** A top-level field a diagnostic says is unknown, or undefined. */
function unknownTopField(d: Diagnostic): string | undefined {
  return d.severity === 'error' && d.code === 'unknown-field' && /^[A-Za-z_$][\w$-]*$/.test(d.path) ? d.path : undefined;
}

/**
 * The kinds of `kinds` (not `chosen`) a file read under `chosen` is one of, by the top-level fields
 * it writes that `chosen` lacks (`unknown`), with the fields that tell each: one that kind requires
 * (`definition:` of a foundry-agents definition, `model:` of an Assistants one: its schema's
 * `required`), or fields that kind alone has when it has every one of them — a field no kind has
 * is a typo, left to its own did-you-mean, and one `chosen` has its own hint for (its
 * ResourceKind.serverOnly: `temperature:` in an agent) is the file's own mistake. In `kinds`' order.
 */
function kindsTold(unknown: readonly string[], chosen: ResourceKind, kinds: readonly ResourceKind[]): Array<{ kind: ResourceKind; fields: string[] }> {
  if (unknown.length === 0) return [];
  const own = fieldsOfKind(chosen).fields;
  return kinds.filter((k) => k !== chosen).flatMap((kind) => {
    const theirs = fieldsOfKind(kind);
    const telling = unknown.filter((f) => theirs.fields.has(f) && !own.has(f));
    const required = telling.some((f) => theirs.required.includes(f));
    const only = unknown.every((f) => telling.includes(f) && !Object.hasOwn(chosen.serverOnly, f));
    return required || only ? [{ kind, fields: [...new Set(telling)].sort() }] : [];
  });
}

/**
 * Of `told` (kindsTold), the kinds with the most telling fields: an openai-agents file under
 * foundry-agents writes `reasoning` too, which tells it from an Assistants one; one that writes
 * only `model` and `instructions` may be either, and both are named.
 */
function mostTold<T extends { fields: readonly string[] }>(told: readonly T[]): T[] {
  const most = Math.max(0, ...told.map((c) => c.fields.length));
  return told.filter((c) => c.fields.length === most);
}

/** By file: the top-level fields `found` says it writes that are unknown, in order. */
function unknownByFile(found: readonly Diagnostic[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const d of found) {
    const field = unknownTopField(d);
    if (field !== undefined) out.set(d.location.file, [...(out.get(d.location.file) ?? []), field]);
  }
  return out;
}

/**
 * The other kinds the definition files are, when a load under `chosen` read none valid (`valid`:
 * how many it read valid) and every file with an error (in `found`, the load's diagnostics) is
 * one of theirs (kindsTold): a stray field of another kind in a file of the right one is the
 * file's own mistake, said with its own hint. Of the kinds every file is, those told by the most
 * fields, in `kinds`' order, with those fields (sorted) and the files. Undefined otherwise: the
 * errors are the files' own.
 */
export function definitionsOfAnotherKind(found: readonly Diagnostic[], valid: number, chosen: ResourceKind, kinds: readonly ResourceKind[]): { kinds: ResourceKind[]; fields: string[]; files: string[] } | undefined {
  if (valid > 0) return undefined;
  const files = [...new Set(found.filter((d) => d.severity === 'error').map((d) => d.location.file))];
  const unknown = unknownByFile(found);
  if (files.length === 0) return undefined;
  const told = files.map((f) => kindsTold(unknown.get(f) ?? [], chosen, kinds));
  const every = kinds.filter((k) => told.every((t) => t.some((c) => c.kind === k)))
    .map((kind) => ({ kind, fields: [...new Set(told.flatMap((t) => t.find((c) => c.kind === kind)!.fields))] }));
  const best = mostTold(every);
  if (best.length === 0) return undefined;
  return { kinds: best.map((c) => c.kind), fields: [...new Set(best.flatMap((c) => c.fields))].sort(), files };
}

/**
 * The diagnostics of a directory's definition files (`files`, each file's, as loaded under
 * `chosen`) where a few of them are another kind's (kindsTold) and most are not: the hint at each
 * field of such a file that tells its kind says the file belongs in a definitions directory of
 * that kind's providers (`kinds`), not that the directory's provider is the wrong one, as
 * otherKindFieldHints says (a field `chosen` has its own hint for keeps it: an Assistants field
 * in an agent's directory names `aac migrate` there). `dir`: the directory as messages show it.
 * Unchanged when half the files or more are of another kind: then the provider may be what is wrong.
 * When --provider overrode an aac.yaml provider of the file's kind (`choice`, dropFlagWords), the
 * other files are not told to be the chosen kind's (they are valid under both) nor the file to
 * move into a directory of the provider this one already has: the way out is dropping the flag.
 */
export function withStrayFileHints(files: readonly Diagnostic[][], chosen: ResourceKind, kinds: readonly KindOfProviders[], dir: string, choice: ProviderChoice): Diagnostic[][] {
  const all = kinds.map((k) => k.kind);
  const told = files.map((found) => (found.length === 0 ? [] : mostTold(kindsTold([...unknownByFile(found).values()].flat(), chosen, all))));
  const strays = told.filter((t) => t.length > 0).length;
  if (strays === 0 || strays * 2 >= files.length) return [...files];
  const own = files.length - strays;
  const chosenWords = kindWords(chosen, kinds);
  return files.map((found, i) => {
    const theirs = told[i]!;
    if (theirs.length === 0) return found;
    const providers = theirs.flatMap((t) => kinds.find((k) => k.kind === t.kind)?.providers ?? []);
    return found.map((d) => {
      const field = unknownTopField(d);
      if (field === undefined || !theirs.some((t) => t.fields.includes(field)) || Object.hasOwn(chosen.serverOnly, field)) return d;
      const drop = dropFlagWords(providers, choice);
      if (drop !== undefined) return { ...d, hint: `'${field}' is a field of ${orList(providers)} definitions, not of ${chosenWords} ones: this file looks like one of theirs; ${drop}` };
      return { ...d, hint: `'${field}' is a field of ${orList(providers)} definitions, not of ${chosenWords} ones: this file looks like one of theirs, while ${own} of the ${files.length} definition files in ${dir}/ are ${chosenWords} ones; move it to a definitions directory whose provider is ${orList(providers)}` };
    });
  });
}
