// What the loader needs of the environments: which directories hold overlays (never definitions),
// and each definition file as the run's environment sees it — its `$ref` fragments, the
// environment's overlay for its key, and `${var.…}` replaced by the environment's values. Without
// environments only the fragments and the variables' defaults apply.
import { join } from 'node:path';
import { shownPath } from '../desired/paths.js';
import { slashSpelling } from '../desired/slash-paths.js';
import { nearestFile } from '../desired/nearest-file.js';
import { READ_EACH_TIME, type FileReads } from '../desired/shared-reads.js';
import type { RepoBoundary } from '../desired/repo-root.js';
import type { Diagnostic } from '../model/diagnostic.js';
import type { Json } from '../model/json.js';
import { assembleDefinition, assemblesNothing, type Assembled } from './assemble.js';
import { variableValueAt, type Environments } from './config.js';
import { fragmentReader } from './fragment-reader.js';
import { FRAGMENT_FILE, Includes } from './include.js';
import { loadOverlays, overlayDir } from './load-overlays.js';
import type { LocatedDoc } from './located.js';
import { mergeable, overlayProblems, setsIdentity, type BaseDefinition } from './overlays.js';
import type { Scope } from './variables.js';

/** Every overlay directory of the environments `declared` holds, below the definitions directory, `/`-separated: never walked for definitions. */
export function overlayDirs(declared: Environments): string[] {
  return declared.environments.map((e) => e.overlays);
}

export interface DefinitionAssembler {
  /**
   * The definition file `base` (whose key, by its path or its own `key:`, is `key`) assembled;
   * undefined when nothing in it is (no fragment, overlay or variable): the file's parse stands.
   */
  assemble(base: LocatedDoc, key: string): Assembled | undefined;
  /** The sha256 of a fragment or overlay file an assembly read (Assembled.files). */
  digest(abs: string): string | undefined;
  /**
   * The overlays' problems (unreadable, malformed, without a base among `bases` or the path keys
   * of `keyless` definition files, setting an identity field), located. `loaded` gives those two,
   * asked only in an environment: in none, a load of 10,000 definitions made them for nothing.
   */
  overlayDiagnostics(loaded: () => { bases: readonly BaseDefinition[]; keyless?: ReadonlySet<string> }): Diagnostic[];
  /** Whether the overlay for `key` is refused or could not be used: its definition is not valid in this environment. */
  overlayFailed(key: string): boolean;
  /** The environment assembled for, and where its overlay for `key` is (or goes, `<overlays>/<key>.yaml`) as messages show it; undefined in none. */
  overlayOf(key: string): { environment: string; file: string } | undefined;
  /**
   * The environment's overlay directory (absolute) and the overlays read from it, each by its key
   * and its file (absolute, as the walk found it); undefined in no environment.
   */
  overlayFiles: { environment: string; dir: string; files: ReadonlyArray<{ key: string; abs: string }> } | undefined;
}

/**
 * The assembler of the definitions directory `dir` in `environment` (a name `declared` holds), or
 * in none; `asWritten`: every `${var.…}` left as written (Scope.asWritten); `typeAt`: the type an
 * undeclared variable's hint declares (Scope.typeAt). Reads the environment's overlays now, which
 * opens the definitions directory's parse cache (desired/parse-cache.ts): a load makes it once the
 * directory is walked, as it opens the cache itself. Fragments are read as definitions include
 * them, each once; both by `reads` (desired/shared-reads.ts).
 */
export async function definitionAssembler(
  dir: string,
  declared: Environments,
  environment: string | undefined,
  boundary: RepoBoundary,
  cwd: string,
  { asWritten = false, reads = READ_EACH_TIME, typeAt }: { asWritten?: boolean; reads?: FileReads; typeAt?: Scope['typeAt'] } = {},
): Promise<DefinitionAssembler> {
  const env = declared.environments.find((e) => e.name === environment);
  const digests = new Map<string, string>();
  const includes = new Includes(
    fragmentReader(boundary, cwd, digests, reads.fragment),
    (written, from) => slashSpelling(written, from, boundary),
    (written, from) => nearestFile(written, from, boundary, (name) => FRAGMENT_FILE.test(name)),
  );
  const overlays = env ? await loadOverlays(dir, env, boundary, cwd, reads) : { overlays: [], diagnostics: [], unusable: [] };
  for (const o of overlays.overlays) digests.set(o.doc.fileOf([]), o.digest);
  const byKey = new Map(overlays.overlays.map((o) => [o.key, mergeable(o)]));
  const failed = new Set([...overlays.unusable, ...overlays.overlays.filter(setsIdentity).map((o) => o.key)]);
  const defaults = new Map<string, Json>(declared.variables.flatMap((v) => (v.default !== undefined ? [[v.name, v.default] as const] : [])));
  const scope: Scope = {
    declared: declared.variables.map((v) => v.name),
    values: env?.values ?? defaults,
    invalid: env?.invalid ?? new Set(declared.variables.filter((v) => v.defaultInvalid).map((v) => v.name)),
    ...(env ? { valuesAt: env.valuesAt } : {}),
    valueAt: (name) => variableValueAt(name, env, declared.variables),
    // Only a run whose aac.yaml has errors has environments but none chosen.
    ...(!env && declared.environments.length > 0 ? { valuesUnknown: true } : {}),
    ...(asWritten ? { asWritten } : {}),
    ...(typeAt ? { typeAt } : {}),
  };
  return {
    assemble(base, key) {
      const overlay = byKey.get(key);
      if (!overlay && assemblesNothing(base.value)) return undefined;
      const assembled = assembleDefinition(base, overlay, includes, scope);
      return assembled.doc === base && assembled.diagnostics.length === 0 && assembled.unresolved.length === 0 ? undefined : assembled;
    },
    digest: (abs) => digests.get(abs),
    overlayDiagnostics: (loaded) => {
      if (!env) return [...overlays.diagnostics];
      const { bases, keyless } = loaded();
      return [...overlays.diagnostics, ...overlayProblems(overlays.overlays, bases, keyless)];
    },
    // A key, or a directory's `prefix/` ('' for all of them).
    // Not a copy of the set for each key (a load asks for every definition; none fails in no environment).
    overlayFailed: (key) => {
      for (const f of failed) if (f === key || ((f === '' || f.endsWith('/')) && key.startsWith(f))) return true;
      return false;
    },
    overlayOf: (key) => {
      if (!env) return undefined;
      const existing = byKey.get(key)?.fileOf([]);
      return { environment: env.name, file: shownPath(cwd, existing ?? join(overlayDir(dir, env), `${key}.yaml`)) };
    },
    overlayFiles: env && { environment: env.name, dir: overlayDir(dir, env), files: overlays.overlays.map((o) => ({ key: o.key, abs: o.doc.fileOf([]) })) },
  };
}
