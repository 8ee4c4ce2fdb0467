// Two definitions directories of one repository that give one namespace on one host each take the
// other's resources for orphans of their own: a plan of either lists the other's as unmanaged,
// and its --prune deletes them. The namespace is each directory's boundary (README, Scopes and
// ownership), so the repository's other aac.yaml files are read — found by the run's one `git
// ls-files` (desired/git-listing.ts), nothing at all outside a git repository — and a run whose
// namespace one of them also gives is refused before any request (`plan`, `apply`), or told as an
// error (`validate`), at this directory's `namespace:`. A submodule's directories are not read:
// git lists a submodule as one entry, and listing its files too (`--recurse-submodules`) takes
// no `--others`, so it would be a second process that still misses a directory just made.
// README says so. A directory that holds no definitions (its aac.yaml alone: README's retirement
// directory) manages nothing, so it takes nothing from another, and its --prune deletes the
// namespace's resources only with --allow-empty, which says that is the aim.
import { existsSync, type Dirent } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { endpointWithoutVariable } from '../backends/http/endpoint.js';
import { kindForProvider, providerInfo } from '../backends/registry.js';
import { loadProjectConfig } from '../config/index.js';
import { resolveNamespace } from '../config/namespace.js';
import { namespaceProblem } from '../model/marker.js';
import { definingFiles } from '../desired/defining-files.js';
import { isInside } from '../desired/file-access.js';
import type { GitListing } from '../desired/git-listing.js';
import { shownPath } from '../desired/paths.js';
import type { Environments } from '../environments/config.js';
import { configIn } from '../environments/select.js';
import { CONFIG_FILES, DEFINITION } from '../desired/discover.js';
import type { ManagingDirectory } from '../plan/build.js';
import type { Diagnostic } from '../model/diagnostic.js';
import { codeSpan } from '../util/code-span.js';
import { realOrResolved } from '../util/real-path.js';
import { isDirectory } from '../util/file-kind.js';
import { DEFAULT_DIR, type ProjectConfig } from '../model/config.js';

/** The code of the error. */
export const NAMESPACE_CLASH = 'namespace-in-other-directory';

/** Where one run of a directory works, as its aac.yaml says it: the settings of one environment (or the top level's). */
interface Place {
  config: ProjectConfig;
  namespace: string;
  /** The directory, absolute. */
  dir: string;
  /** Its aac.yaml's variables and environments (none for this run's own place, which is not loaded here). */
  environments?: Environments;
}

/**
 * The namespace a run of `config` in `dir` works in by the repository's files alone: its
 * `namespace:`, else the default (the directory's path in the repository, config/namespace.ts);
 * --namespace and AAC_NAMESPACE are a run's own choice and not read. Undefined when there is no
 * valid default (that run is refused for it by its own).
 */
function placeOf(config: ProjectConfig, dir: string, cwd: string, environments?: Environments): Place | undefined {
  try {
    const { namespace } = resolveNamespace({ env: {}, ...(config.namespace !== undefined ? { config: config.namespace } : {}), dir, shownDir: shownPath(cwd, dir) });
    return { config, namespace, dir, ...(environments ? { environments } : {}) };
  } catch {
    return undefined;
  }
}

/**
 * Whether two places may be on one host: one provider, and endpoints that are not both written
 * in aac.yaml and different (compared as URLs, endpointWithoutVariable). Where neither writes one,
 * both runs use the provider's endpoint variable or its default: the same (`neither`). Where one
 * writes none and the other the provider's default (`defaulted`: the one writing none), both are
 * on the default, or on the variable when it is set: the same. Where one writes none and the other
 * another endpoint (`unwritten`), its runs use the variable or the default wherever they are made,
 * which may be the host the other writes: taken to be the same. Two providers are one host
 * (`providers`) where they serve one API (one backend: a gateway's provider and OpenAI's) and each
 * runs against the same URL without its variable (its written endpoint, else its default): both
 * list the same resources there. Two providers' variables are two, so one that writes no endpoint
 * is not taken to be at the other's. The endpoint variable of this run is not read: it is this
 * shell's, not the repository's.
 */
function sameHost(mine: Place, theirs: Place): { same: false } | { same: true; neither?: true; unwritten?: Place; defaulted?: Place; providers?: true } {
  const [a, b] = [mine.config.endpoint, theirs.config.endpoint];
  if (mine.config.provider !== theirs.config.provider) {
    const [x, y] = [mine, theirs].map((p) => providerInfo(p.config.provider));
    const [at, there] = [endpointWithoutVariable(a, x?.info.variables), endpointWithoutVariable(b, y?.info.variables)];
    return x !== undefined && x.backend === y?.backend && at !== undefined && at === there ? { same: true, providers: true } : { same: false };
  }
  if (a === undefined && b === undefined) return { same: true, neither: true };
  const variables = providerInfo(mine.config.provider)?.info.variables;
  const equal = endpointWithoutVariable(a, variables) === endpointWithoutVariable(b, variables);
  if (a !== undefined && b !== undefined) return equal ? { same: true } : { same: false };
  const writesNone = a === undefined ? mine : theirs;
  return equal ? { same: true, defaulted: writesNone } : { same: true, unwritten: writesNone };
}

/** How a message names where a place's namespace comes from: `b/aac.yaml:2:12`, `b/aac.yaml:5:16, environment 'prod'`, `its path in the repository: b/aac.yaml writes no namespace:`. */
function namespaceSource(place: Place, cwd: string): string {
  const at = place.config.namespaceAt;
  if (place.config.namespace !== undefined && at) return `${at.file}:${at.line}:${at.column}${at.environment !== undefined ? `, environment '${at.environment}'` : ''}`;
  return `its path in the repository: ${configName(place, cwd)} writes no namespace:`;
}

/** How a message names a place's aac.yaml, with its environment: `b/aac.yaml`, `b/aac.yaml (environment 'prod')`, `b/ (no aac.yaml)`. */
function configName(place: Place, cwd: string): string {
  const file = place.config.file ?? `${shownPath(cwd, place.dir)}/ (no aac.yaml)`;
  return place.config.environment !== undefined ? `${file} (environment '${place.config.environment}')` : file;
}

/** The error at `mine`'s namespace (its `namespace:`, else its aac.yaml, else its directory) for `theirs`, which gives the same on the same host (`host`, sameHost). */
function clash(mine: Place, theirs: Place, host: { neither?: true; unwritten?: Place; defaulted?: Place; providers?: true }, cwd: string): Diagnostic {
  const at = mine.config.namespaceAt;
  const written = mine.config.namespace !== undefined && at !== undefined;
  const field = at?.environment !== undefined ? `environments.${at.environment}.namespace` : 'namespace';
  const what = written ? `${field}: '${mine.namespace}'` : `the default namespace '${mine.namespace}' (this directory's path in the repository${mine.config.environment !== undefined ? `, in environment '${mine.config.environment}'` : ''})`;
  const { provider } = mine.config;
  const variable = providerInfo(provider)?.info.variables.endpoint ?? "the provider's endpoint variable";
  const endpoint = host.neither
    ? ` and endpoint (neither writes \`endpoint:\`: both use ${variable} or the provider's default)`
    : host.unwritten
      ? `, taken to be at the same endpoint: ${configName(host.unwritten, cwd)} writes no \`endpoint:\`, so its runs use ${variable} or the provider's default, which may be the host the other writes`
      : host.defaulted
        ? ` and endpoint: ${configName(host.defaulted, cwd)} writes no \`endpoint:\`, so its runs use the provider's default, which the other writes (${variable}, when set, overrides both)`
        : ' and endpoint';
  const { many } = kindForProvider(provider).nouns;
  const other = shownPath(cwd, theirs.dir);
  // The directory's own path is the namespace no other directory of the repository has by default.
  const path = placeOf({ ...mine.config, namespace: undefined }, mine.dir, cwd)?.namespace;
  // An environment's: the path and its name, as a namespace's segments (`team-a/prod`).
  const own = path !== undefined && at?.environment !== undefined ? `${path === '.' ? '' : `${path}/`}${at.environment}` : path;
  const example = own !== undefined && own !== mine.namespace && namespaceProblem(own) === undefined ? `, e.g. ${codeSpan(`${field}: ${own}`)} here` : ` (here, or in ${theirs.config.file ?? `${other}/aac.yaml`})`;
  const on = host.providers
    ? `at the same endpoint, with providers of one API (${provider} here, ${theirs.config.provider} there)`
    : `on the same provider (${provider})${endpoint}`;
  return {
    severity: 'error',
    code: NAMESPACE_CLASH,
    location: written ? { file: at.file, line: at.line, column: at.column } : { file: mine.config.file ?? shownPath(cwd, mine.dir) },
    path: written ? field : '',
    message: `${what} is also the namespace of the definitions directory ${other}/ in this repository (${namespaceSource(theirs, cwd)}), ${on}: each directory's plan takes the other's ${many} for unmanaged ones of its own, and its --prune deletes them`,
    hint: `give each definitions directory of the repository a distinct namespace${example}`,
  };
}

/**
 * The places of the repository's other definitions directories — each with an aac.yaml that git
 * tracks or would add (`listing`, the run's GitListing), not `dir` (absolute) itself (one below it
 * is a definitions directory of its own, which `dir`'s run does not read:
 * desired/definition-files.ts), and the default one below `cwd` when `dir` is inside it and it
 * has no aac.yaml (its runs read `dir`'s files as their own, in its default namespace) — one for
 * each of its environments (or its top level, when it declares none). One whose aac.yaml has
 * errors is left out: it cannot plan. [] outside a git repository (nothing is run), or when git
 * fails (the listing's debug line says why).
 */
async function otherPlaces(dir: string, { cwd, listing }: { cwd: string; listing: GitListing }): Promise<Place[][]> {
  const files = await listing.configs();
  if (!files) return [];
  const realDir = realOrResolved(cwd, dir);
  const configured = [...new Set(files.filter((f) => existsSync(f)).map((f) => dirname(f)))];
  const byDefault = join(cwd, DEFAULT_DIR);
  const enclosing = isDirectory(byDefault) && !CONFIG_FILES.some((name) => existsSync(join(byDefault, name))) && isInside(realOrResolved(cwd, byDefault), realDir) ? [byDefault] : [];
  const others = [...configured, ...enclosing].filter((d) => realOrResolved(cwd, d) !== realDir);
  const out: Place[][] = [];
  for (const other of others) {
    const loaded = await loadProjectConfig(other, { cwd }).catch(() => undefined);
    if (!loaded || loaded.diagnostics.some((d) => d.severity === 'error')) continue;
    const declared = loaded.environments.environments;
    out.push((declared.length > 0 ? declared.map((e) => configIn(loaded.config, e, undefined)) : [loaded.config]).flatMap((c) => placeOf(c, other, cwd, loaded.environments) ?? []));
  }
  return out;
}

/**
 * Whether `dir` (absolute) may hold a definition: a *.yaml or *.yml file at any depth but its own
 * aac.yaml, or anything that is neither a file nor a directory (a symbolic link, which a walk may
 * follow), or a directory that cannot be read. Wider than the walk (desired/discover.ts): a
 * fragment, an overlay or a file .aacignore skips counts too, so only a directory that surely
 * defines nothing (its aac.yaml alone, with files of other names) is false. Stops at the first.
 */
async function mayDefine(dir: string): Promise<boolean> {
  const pending = [dir];
  for (let at = pending.pop(); at !== undefined; at = pending.pop()) {
    let entries: Dirent[];
    try {
      entries = await readdir(at, { withFileTypes: true });
    } catch {
      return true;
    }
    for (const e of entries) {
      if (e.isDirectory()) pending.push(join(at, e.name));
      else if (!e.isFile() || (DEFINITION.test(e.name) && !(at === dir && CONFIG_FILES.includes(e.name)))) return true;
    }
  }
  return false;
}

/** mayDefine of each directory asked, walked once. */
function definingDirs(): (dir: string) => Promise<boolean> {
  const known = new Map<string, Promise<boolean>>();
  return (dir) => {
    let found = known.get(dir);
    if (!found) known.set(dir, (found = mayDefine(dir)));
    return found;
  };
}

/**
 * For each of `runs` (the settings of the environments the command runs in `dir`, absolute; one
 * for plan and apply, every declared one for validate), an error (NAMESPACE_CLASH) for each other
 * definitions directory of the repository (otherPlaces) one of whose environments gives the same
 * namespace on the same host (sameHost), when both directories may hold definitions (mayDefine).
 * [] outside a git repository.
 */
export async function namespaceClashes(dir: string, runs: readonly ProjectConfig[], { cwd, listing }: { cwd: string; listing: GitListing }): Promise<Diagnostic[]> {
  const others = await otherPlaces(dir, { cwd, listing });
  if (others.length === 0) return [];
  const mine = runs.flatMap((run) => placeOf(run, dir, cwd) ?? []);
  const defines = definingDirs();
  const out: Diagnostic[] = [];
  for (const theirs of others) {
    for (const m of mine) {
      for (const t of theirs) {
        if (m.namespace !== t.namespace) continue;
        const host = sameHost(m, t);
        if (!host.same) continue;
        // Read only here, where the two would clash: a directory that defines nothing takes nothing.
        if (!(await defines(m.dir)) || !(await defines(t.dir))) continue;
        const found = clash(m, t, host, cwd);
        // Environments that inherit the top level's namespace are one place: told once.
        if (!out.some((d) => d.message === found.message && d.location.line === found.location.line)) out.push(found);
        break;
      }
    }
  }
  return out;
}

/** Another definitions directory of the repository that manages a namespace (namespaceManagers), its files not read. */
export interface NamespaceManager extends Omit<ManagingDirectory, 'files'> {
  /** The directory, absolute. */
  abs: string;
  /** The settings its runs read its definitions with (those of the environment that gives the namespace), and its aac.yaml's environments. */
  run: ProjectConfig;
  environments?: Environments;
}

/**
 * By namespace of `namespaces`: the other definitions directory of the repository (otherPlaces)
 * one of whose environments gives that namespace on the host of `run` (the settings `dir`,
 * absolute, is run with; sameHost) and that may hold definitions (mayDefine) — compared as
 * namespaceClashes compares. Its resources of that namespace are its own. Its definition files
 * are not read (withDefiningFiles reads them for what needs them). Empty outside a git
 * repository, or when git fails.
 */
export async function namespaceManagers(dir: string, run: ProjectConfig, namespaces: readonly string[], { cwd, listing }: { cwd: string; listing: GitListing }): Promise<Map<string, NamespaceManager>> {
  const out = new Map<string, NamespaceManager>();
  if (namespaces.length === 0) return out;
  const others = await otherPlaces(dir, { cwd, listing });
  // The run's host: its provider and written endpoint; the namespace is not compared.
  const mine: Place = { config: run, namespace: '', dir };
  const defines = definingDirs();
  for (const theirs of others) {
    for (const t of theirs) {
      if (!namespaces.includes(t.namespace) || out.has(t.namespace) || !sameHost(mine, t).same || !(await defines(t.dir))) continue;
      out.set(t.namespace, { dir: shownPath(cwd, t.dir), abs: t.dir, source: namespaceSource(t, cwd), run: t.config, ...(t.environments ? { environments: t.environments } : {}) });
    }
  }
  return out;
}

/**
 * `managers` (namespaceManagers) each with its files by the key each defines, as its own run
 * reads them (definingFiles, shown from `cwd`): what this directory has of the keys one defines
 * are copies, of the others moved here. Each directory is read once.
 */
export async function withDefiningFiles(managers: ReadonlyMap<string, NamespaceManager>, cwd: string): Promise<Map<string, ManagingDirectory>> {
  const entries = await Promise.all([...managers].map(async ([namespace, m]) => [namespace, { dir: m.dir, source: m.source, files: await definingFiles(m, cwd) }] as const));
  return new Map(entries);
}
