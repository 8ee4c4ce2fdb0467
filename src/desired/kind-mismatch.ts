// Definitions of another kind than the run's provider takes: a directory of foundry-agents
// definitions planned with --provider foundry fails in every file on the same few top-level
// fields. Said once, with the provider, the kind the files are and the way out, rather than as one
// error per file whose hint lists the fields the wrong kind allows.
import { readFileSync } from 'node:fs';
import type { ResourceKind } from '../backends/backend.js';
import type { Diagnostic } from '../model/diagnostic.js';
import { orList, withArticle } from '../util/words.js';
import { unknownProviderWords } from '../backends/registry.js';

/** A kind's top-level fields and those it requires: its published schema's `properties` and `required` (ResourceKind.schema). */
export function topLevelFields(kind: ResourceKind): { fields: Set<string>; required: string[] } {
  const schema = JSON.parse(readFileSync(kind.schema, 'utf8')) as { properties?: Record<string, unknown>; required?: string[] };
  return { fields: new Set(Object.keys(schema.properties ?? {})), required: schema.required ?? [] };
}

/** otherKindFieldHints by the chosen kind: each schema is read once a run. */
const hintsOf = new Map<ResourceKind, Readonly<Record<string, string>>>();

/**
 * For definitions read under `chosen`: each top-level field (a published schema's `properties`)
 * that `chosen` lacks and other kinds of `kinds` have → the hint that the definition looks like
 * one of theirs, naming the providers that take them (`providersOf`, in registry order) and how to
 * choose one. Said at an unknown field (yaml/schema.ts) instead of a did-you-mean, which points at
 * a field of the wrong kind (an agents `reasoning:` → the Assistants field of a like name) when aac.yaml is missing, misplaced
 * or names no provider; a kind's own hint for the field (ResourceKind.serverOnly) still comes first.
 */
export function otherKindFieldHints(chosen: ResourceKind, kinds: readonly ResourceKind[], providersOf: (kind: ResourceKind) => string[], providerWritten?: string): Readonly<Record<string, string>> {
  const known = providerWritten === undefined ? hintsOf.get(chosen) : undefined;
  if (known) return known;
  const own = topLevelFields(chosen).fields;
  const providers = new Map<string, string[]>();
  for (const kind of kinds) {
    if (kind === chosen) continue;
    for (const field of topLevelFields(kind).fields) if (!own.has(field)) providers.set(field, [...(providers.get(field) ?? []), ...providersOf(kind)]);
  }
  const hints = Object.fromEntries([...providers].map(([field, names]) => [field, otherKindHint(field, chosen, names, providerWritten)]));
  if (providerWritten === undefined) hintsOf.set(chosen, hints);
  return hints;
}

/** The hint for `field`; with an unknown provider written (`providerWritten`), `chosen` is the default's kind standing in, said as such. */
function otherKindHint(field: string, chosen: ResourceKind, providers: readonly string[], providerWritten?: string): string {
  const choose = providers.length === 1
    ? `set \`provider: ${providers[0]!}\` in aac.yaml, or pass --provider ${providers[0]!}`
    : `set \`provider:\` in aac.yaml to one of them, or pass --provider with it`;
  if (providerWritten !== undefined) return `'${field}' is a field of ${orList(providers)} definitions; ${unknownProviderWords(providerWritten)}, so this file was checked as ${withArticle(chosen.nouns.one)} definition, the default provider's: ${choose}`;
  return `'${field}' is a field of ${orList(providers)} definitions, not of ${chosen.nouns.one} ones: this file looks like one of theirs; ${choose}`;
}

/** A top-level field a diagnostic says is unknown, or undefined. */
function unknownTopField(d: Diagnostic): string | undefined {
  return d.severity === 'error' && d.code === 'unknown-field' && /^[A-Za-z_$][\w$-]*$/.test(d.path) ? d.path : undefined;
}

/**
 * The other kinds the definition files are, when a load under `chosen` read none valid (`valid`:
 * how many it read valid) and every file with an error (in `found`, the load's diagnostics)
 * writes at its top level a field `chosen` lacks that such a kind requires (`definition:` of a
 * foundry-agents definition, `model:` of an Assistants one: its schema's `required`): a stray
 * field of another kind in a file of the right one (`temperature:` in an openai-agents
 * definition) is the file's own mistake, said with its own hint. Of those kinds, the ones that have the most of the unknown fields (an openai-agents file under
 * foundry-agents writes `reasoning` too, which tells it from an Assistants one; one that writes
 * only `model` and `instructions` may be either, and both are named), in `kinds`' order, with
 * those fields (sorted) and the files. Undefined otherwise: the errors are the files' own.
 */
export function definitionsOfAnotherKind(found: readonly Diagnostic[], valid: number, chosen: ResourceKind, kinds: readonly ResourceKind[]): { kinds: ResourceKind[]; fields: string[]; files: string[] } | undefined {
  if (valid > 0) return undefined;
  const files = [...new Set(found.filter((d) => d.severity === 'error').map((d) => d.location.file))];
  const unknown = found.flatMap((d) => { const f = unknownTopField(d); return f === undefined ? [] : [{ file: d.location.file, field: f }]; });
  if (files.length === 0 || unknown.length === 0) return undefined;
  const own = topLevelFields(chosen);
  const candidates = kinds.filter((k) => k !== chosen).flatMap((kind) => {
    const theirs = topLevelFields(kind);
    const telling = unknown.filter((u) => theirs.fields.has(u.field) && !own.fields.has(u.field));
    const told = new Set(telling.filter((u) => theirs.required.includes(u.field)).map((u) => u.file));
    return files.every((f) => told.has(f)) ? [{ kind, fields: [...new Set(telling.map((u) => u.field))].sort() }] : [];
  });
  const most = Math.max(0, ...candidates.map((c) => c.fields.length));
  const best = candidates.filter((c) => c.fields.length === most);
  if (best.length === 0) return undefined;
  return { kinds: best.map((c) => c.kind), fields: [...new Set(best.flatMap((c) => c.fields))].sort(), files };
}
