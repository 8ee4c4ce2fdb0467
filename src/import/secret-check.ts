// Import writes live data into files; a configured credential found there (a key pasted into a
// prompt, a token in a name) must not end up committed to git. Such an import is refused as a
// whole, with every other problem import's checks find, naming each assistant, the field and the
// file it would have gone to, before anything is written. The credential itself is never printed:
// a file name made from it is not shown either. Nor in another spelling: a key and a file name are
// made from a name lower-cased, each run of other characters a `-` (util/slug.ts), so the name
// `SK_TEST_ABC…` of a key `sk-test-ABC…` was written, and printed, as `sk-test-abc….yaml`: which
// redaction, exact as a credential is, let through.
import type { ResourceKind } from '../backends/backend.js';
import { credentialPaths } from '../model/credential-places.js';
import { pathText } from '../model/json.js';
import type { Refusal } from '../util/refusals.js';
import { holdsSecret, secretPaths } from '../util/redact.js';
import type { ImportBuild } from './generate.js';
import type { Candidate } from './select.js';

/**
 * The refusal (util/refusals.ts) that lists every imported assistant whose data holds one of
 * `secrets` (exactly), whose name, key or file names hold one in any spelling (spelled), and any
 * file that would hold one; undefined when none does.
 */
export function secretsRefusal(build: ImportBuild, candidates: readonly Candidate[], kind: ResourceKind, secrets: readonly string[]): Refusal | undefined {
  const folded = secrets.map(spelled);
  const inName = (text: string) => holdsSecret(spelled(text), folded);
  const namePath = kind.paths.name.join('.');
  const problems: string[] = [];
  for (const a of build.imported) {
    const c = candidates.find((x) => x.live.id === a.id);
    if (!c) continue;
    const fields = secretPaths(c.live.spec, secrets);
    const respelled = !fields.includes(namePath) && a.name !== null && inName(a.name);
    if (respelled) fields.push(`${namePath} (in another spelling)`);
    if (c.kind === 'orphan' && inName(c.key)) fields.push('its key (in the marker)');
    const all = [a.file, a.instructionsFile, a.overlayFile].filter((f): f is string => f !== undefined);
    const files = all.filter((f) => !inName(f));
    if (fields.length === 0 && files.length === all.length && !inName(a.key)) continue;
    const named = c.kind === 'new' && (respelled || fields.includes(namePath));
    const where = named || files.length < all.length ? ' (its file name would be made from it)' : '';
    problems.push(`  - ${a.id}${files.length > 0 ? ` → ${files.join(', ')}` : ''}: ${fields.length > 0 ? fields.join(', ') : 'its key'}${where}`);
  }
  // Whatever else would carry one (the checks above name the usual routes).
  if (problems.length === 0 && build.writes.some((w) => inName(w.path) || holdsSecret(w.content, secrets))) {
    problems.push('  - a file it would write');
  }
  if (problems.length === 0) return undefined;
  return {
    message: 'refusing to import: live data holds the value of a configured credential, which would be written into the definitions',
    lines: problems,
    hint: `remove the credential from the ${kind.nouns.one} (and rotate it: it was stored there), or leave that ${kind.nouns.one} out with --id or --name`,
  };
}

/**
 * The refusal (util/refusals.ts) that lists every imported resource whose live data holds a credential by its
 * place (the kind's CredentialPlaces: a header named as one in an MCP tool's headers, a token
 * field, a server URL with a password or a credential-named query parameter), with the path and the file it would have gone to — never the value: a bearer token of an
 * MCP server would otherwise be written into a file meant for git, which validate would then
 * refuse. The sources have no way to keep it out of the definition (no variable comes from the
 * environment), so the import is refused; the kind's `instead` is the way to keep it off the agent.
 * Undefined when none does.
 */
export function credentialHeadersRefusal(build: ImportBuild, candidates: readonly Candidate[], kind: ResourceKind): Refusal | undefined {
  const places = kind.credentials;
  if (!places) return undefined;
  const problems: string[] = [];
  for (const a of build.imported) {
    const c = candidates.find((x) => x.live.id === a.id);
    const paths = c ? credentialPaths(c.live.spec, places).map(pathText) : [];
    if (paths.length > 0) problems.push(`  - ${a.id} → ${a.file}: ${paths.join(', ')}`);
  }
  if (problems.length === 0) return undefined;
  return {
    message: 'refusing to import: live data holds headers named as credentials (or other credential fields, or URLs that carry one), whose values would be written into the definitions',
    lines: problems,
    hint: `remove the credential from the ${kind.nouns.one} (and rotate it if it was ever committed) and ${places.instead}, or leave that ${kind.nouns.one} out with --id or --name`,
  };
}

/**
 * `text` as import's derived names may spell it, to look for a credential in: its letters and
 * digits alone, lower-cased, marks dropped (`SK_Test-Ábc` → `sktestabc`), the most a key or a file
 * name made from a name (util/slug.ts slugify: NFKD, marks dropped, lower-cased, each run of other
 * characters `-`) keeps of it. A credential is long and random, so a text of another's that folds
 * to hold one is as unlikely as one holding it exactly.
 */
function spelled(text: string): string {
  return text.normalize('NFKD').replace(/[^\p{L}\p{N}]+/gu, '').toLowerCase();
}
