// What the plan says to a definition under a new key when the live resource of its old key, no
// longer defined, is most likely its own: the rename `moved_from:` makes (README: moved_from).
import { canonicalJson } from '../model/canonical.js';
import type { Definition, LiveResource, NormalizedSpec } from '../model/definition.js';
import { valueAt } from '../model/json.js';
import { MARKER_PREFIX } from '../model/marker.js';
import { diffSpecs } from './diff.js';
import type { Rules } from './change.js';
import type { ResourceKind } from '../backends/backend.js';
import { yamlLine } from '../yaml/snippet.js';
import { codeSpan } from '../util/code-span.js';
import { keyProblem } from '../model/key-format.js';

/**
 * How to make a definition take over `old`'s live resource, a key no longer defined: a rename
 * (`moved_from:`), or the old key kept where a definition may still give it (an earlier aac let a
 * key hold `*`: model/key-format.ts). Said by a pin to that resource (match.ts) and by a create
 * whose definition repeats it (likelyMoves).
 */
export function movedFromHint(old: string): string {
  const keep = keyProblem(old) === undefined ? `, or keep the old key with ${codeSpan(yamlLine('key', old))}` : '';
  return `if this file was moved or renamed, add ${codeSpan(yamlLine('moved_from', old, { list: true }))} (the plan then moves it)${keep}`;
}

/**
 * How a resource that the namespace `owner` manages comes to another namespace, for a refusal
 * that names it (`kind`: its noun, where it keeps metadata (ResourceKind.paths.metadata) and how
 * that field is written (its FieldRule.update)). A namespace writes only its own marker, so no
 * aac command removes another's, nor its own without deleting: the owner lets it go by hand on
 * the host, and the pin `id` then adopts it (an unmarked resource) here. Where metadata updates in
 * place, the owner removes the key by an update; where each write is a new immutable version (a
 * versioned agent: no update of metadata), by a new version without it, the older versions keeping
 * it (the marker that counts is the latest version's). `q` shows the namespace's name (`'owner'`
 * by default; in code in a markdown view, where a name such as `@team` would ping).
 */
export function handOverHint(owner: string, id: string, kind: Pick<ResourceKind, 'nouns' | 'paths' | 'fields'>, q: (name: string) => string = (n) => `'${n}'`): string {
  const one = kind.nouns.one;
  const metadata = kind.paths.metadata.join('.');
  const marker = codeSpan(`${MARKER_PREFIX}${owner}`);
  const release = kind.fields.find((f) => f.name === kind.paths.metadata[0])?.update === 'new-version'
    ? `then writes a new version of it whose ${metadata} lacks the key ${marker} on the host (in its portal, or by the API's create of a version: there is no update of a version's ${metadata}), its older versions keeping the key`
    : `then removes the key ${marker} from its ${metadata} on the host (in its dashboard, or by the API's update of ${metadata})`;
  return `to hand it over, ${q(owner)} removes its definition and applies without --prune (the ${one} stays live, still marked), ${release}, as no aac command removes a marker; ${codeSpan(yamlLine('id', id))} here then adopts it`;
}

/**
 * The creates that most likely are renames without `moved_from:`: by key of the definition to
 * create, the key of the orphan (a managed live resource of the plan's namespace with no
 * definition) whose live state the definition would leave unchanged, were they paired — compared
 * as the planner compares a pair (`kind.comparable`, then `diffSpecs`), so the marker, left out
 * of normalized specs, is no difference. Only one-to-one matches: a definition that would match
 * two orphans, or an orphan two definitions, gets nothing. A hint only; the plan does not change.
 * Orphans are grouped by model, name and instructions first (which `kind.comparable` never takes
 * from the live side, so a match has the same), and definitions with one normalized spec are
 * compared once for all (the comparison sees nothing else of them): a fleet renamed at once is
 * compared once per orphan, not pair by pair, whether its definitions differ or are alike.
 */
export function likelyMoves(creates: readonly Definition[], orphans: ReadonlyArray<{ key: string; live: LiveResource }>, rules: Rules): Map<string, string> {
  const { kind, provider, normalized } = rules;
  if (creates.length === 0 || orphans.length === 0) return new Map();
  const { model, name, instructions } = kind.paths;
  const bucket = (spec: NormalizedSpec) => canonicalJson([model, name, instructions].map((path) => valueAt(spec, path) ?? null));
  const byBucket = new Map<string, Array<{ key: string; live: LiveResource }>>();
  for (const o of orphans) {
    const b = bucket(normalized.of(o.live.spec));
    const held = byBucket.get(b);
    if (held) held.push(o);
    else byBucket.set(b, [o]);
  }
  // Definitions alike: the keys of those with one normalized spec, and that spec.
  const alike = new Map<string, { after: NormalizedSpec; keys: string[] }>();
  for (const d of creates) {
    const after = normalized.of(d.spec);
    const spec = canonicalJson(after);
    const held = alike.get(spec);
    if (held) held.keys.push(d.key);
    else alike.set(spec, { after, keys: [d.key] });
  }
  // Each orphan claimed by every definition of a group it matches.
  const same = new Map<string, string[]>();
  const claims = new Map<string, number>();
  for (const { after, keys } of alike.values()) {
    const matched = (byBucket.get(bucket(after)) ?? []).filter(({ live }) => {
      const before = normalized.of(live.spec);
      return diffSpecs(before, kind.comparable(before, after, provider, live.markers ?? {}), kind).fieldChanges.length === 0;
    }).map((o) => o.key);
    for (const key of keys) same.set(key, matched);
    for (const key of matched) claims.set(key, (claims.get(key) ?? 0) + keys.length);
  }
  const out = new Map<string, string>();
  for (const { key } of creates) {
    const matched = same.get(key)!;
    if (matched.length === 1 && claims.get(matched[0]!) === 1) out.set(key, matched[0]!);
  }
  return out;
}
