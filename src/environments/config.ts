// Environments in aac.yaml: where each one plans (provider, endpoint, namespace), the values of its
// variables, and its overlay directory. The JSON Schema (schema/aac.schema.json) checks the shape;
// this module checks what a schema cannot say: a value's declared type, a value for a variable that
// is not declared, and two environments that would manage the same assistants.
import { endpointWithoutVariable } from '../backends/http/endpoint.js';
import { defaultProvider, providerInfo, providerNames } from '../backends/registry.js';
import type { ProviderName } from '../model/config.js';
import type { SourceLocation } from '../model/definition.js';
import type { Diagnostic } from '../model/diagnostic.js';
import { isObject, type Json, type JsonObject } from '../model/json.js';
import { formatPath } from '../yaml/source.js';
import { closest } from '../yaml/suggest.js';
import { located, type LocatedDoc } from './located.js';
import { hasType, VARIABLE_NAME, VARIABLE_TYPES, type VariableType } from './variables.js';
import { NOT_READ_HERE } from '../model/reference.js';
import { withArticle } from '../util/words.js';
import { EXACT, type PathFold } from '../util/path-case.js';

export interface Variable {
  name: string;
  /** Where aac.yaml declares it: its name's key under `variables:`. */
  at: SourceLocation;
  /** Undefined when the declaration's type is not one (reported by the schema): its values are then not checked. */
  type?: VariableType;
  /** The value of every environment that gives none. */
  default?: Json;
  /** Where aac.yaml writes `default` (its value), when it has one. */
  defaultAt?: SourceLocation;
  /** What it is for (documentation only; aac migrate carries it). */
  description?: string;
  /** A default of the wrong type was given (and reported): the variable has a value, not a usable one. */
  defaultInvalid?: true;
}

export interface Environment {
  name: string;
  /**
   * What the environment itself sets; what it leaves out is aac.yaml's top level (and then the
   * usual defaults). These stand in for the top level's, so what overrides aac.yaml overrides
   * them too (`--provider`, `--namespace`, AAC_NAMESPACE, the endpoint variables such as
   * OPENAI_BASE_URL): one precedence rule with or without environments, and the GitHub Action's
   * `endpoint` input and emulator keep working.
   */
  provider?: ProviderName;
  /** True when it writes a `provider:` that does not exist (then `provider` is absent: see ProjectConfig.providerUnknown). */
  providerUnknown?: true;
  /** That `provider:` as written, when it is text (ProjectConfig.providerWritten). */
  providerWritten?: string;
  /** Where its `provider:` value is written, when it writes one (a known provider or not). */
  providerAt?: SourceLocation;
  endpoint?: string;
  /** Where its `endpoint:` value is written, when it writes one. */
  endpointAt?: SourceLocation;
  namespace?: string;
  /** Where its `namespace:` value is written, when it writes one. */
  namespaceAt?: SourceLocation;
  /** Its overlay directory, relative to the definitions directory, `/`-separated. */
  overlays: string;
  /** Its own `retain_versions:` (≥ 1), which stands in for the top level's; absent when it writes none, or one refused. */
  retainVersions?: number;
  /** Every declared variable that has a value here: the environment's own, else the default. */
  values: ReadonlyMap<string, Json>;
  /** The values it gives itself (`values:`), without the defaults: what `aac migrate` carries over. */
  ownValues: ReadonlyMap<string, Json>;
  /** Where aac.yaml writes each of `ownValues` (its value): where a problem a value brings is fixed. */
  ownValuesAt: ReadonlyMap<string, SourceLocation>;
  /**
   * The declared variables whose value here is of the wrong type (reported in aac.yaml): they have
   * a value, so a reference to one is left as written, never reported again as missing.
   */
  invalid: ReadonlySet<string>;
  /** Where values for this environment are written, for messages (`environments.prod.values (aac.yaml:12:7)`). */
  valuesAt: string;
}

/**
 * Where aac.yaml writes the value the variable `name` has in `env` (none: a run without
 * environments), as a message names it: the environment's own value (Environment.ownValuesAt),
 * else the declared default (Variable.defaultAt) — `assistants/aac.yaml:9:16
 * (environments.prod.values.mcp_url)`; undefined when it has neither.
 */
export function variableValueAt(name: string, env: Pick<Environment, 'name' | 'ownValuesAt'> | undefined, variables: readonly Variable[]): string | undefined {
  const own = env?.ownValuesAt.get(name);
  if (own) return `${own.file}:${own.line}:${own.column} (environments.${env!.name}.values.${name})`;
  const at = variables.find((v) => v.name === name)?.defaultAt;
  return at && `${at.file}:${at.line}:${at.column} (variables.${name}.default)`;
}

export interface Environments {
  variables: readonly Variable[];
  /** In the file's order: the order they are validated, planned and promoted in. */
  environments: readonly Environment[];
  /** Where aac.yaml writes the `environments:` key, when it does: the place an unknown `--env` is said at. */
  declaredAt?: SourceLocation;
}

/** What a project without `variables:` and `environments:` declares. */
export const NO_ENVIRONMENTS: Environments = { variables: [], environments: [] };

/** An environment's name: it shows in plans, file names and CI (GitHub Environments), so plain. */
export const ENVIRONMENT_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/;

/** The overlay directory an environment gets when it names none: `overlays/<name>` in the definitions directory. */
export const overlayDirFor = (name: string) => `overlays/${name}`;

/** A directory named as an environment's overlay directory that no declared environment reads, and the definition files in it. */
export interface UndeclaredOverlays {
  /** Below the definitions directory, `/`-separated: `overlays/prod`. */
  dir: string;
  /** The environment it would be the overlay directory of. */
  environment: string;
  /** The files in it (below the definitions directory), as discovery found them. */
  rels: string[];
}

/**
 * The environment whose default overlay directory (overlayDirFor) holds the path `rel` (below the
 * definitions directory, `/`-separated), when it is none of `declared` (each declared
 * environment's overlay directory, nor one inside or around it): what an environment removed from
 * aac.yaml leaves behind. Undefined otherwise.
 */
function undeclaredOverlayDirOf(rel: string, declared: readonly string[], fold: PathFold = EXACT): { dir: string; environment: string } | undefined {
  const top = overlayDirFor('');
  // The top is ASCII, so a fold keeps its length: what follows it is rel's own spelling. One
  // that is not the top in any case is not folded (the fold may probe the file system).
  if (!rel.toLowerCase().startsWith(top) || !fold(rel).startsWith(fold(top))) return undefined;
  const steps = rel.slice(top.length).split('/');
  const environment = steps[0]!;
  if (steps.length < 2 || !ENVIRONMENT_NAME.test(environment)) return undefined;
  const dir = overlayDirFor(environment);
  const [mine, theirs] = [fold(dir), declared.map(fold)];
  if (theirs.some((d) => d === mine || mine.startsWith(`${d}/`) || d.startsWith(`${mine}/`))) return undefined;
  return { dir, environment };
}

/**
 * The directories among the paths `rels` (definition files below the definitions directory,
 * `/`-separated) named as an environment's default overlay directory (overlayDirFor) with an
 * environment's name, that none of `declared` (each declared environment's overlay directory)
 * is: what an environment removed from aac.yaml leaves behind. Read as definitions, its overlays
 * would be broken definitions (an overlay holds only a difference), or new resources of other keys.
 * `fold`: how the definitions directory's file system compares names (util/path-case.ts): where it
 * ignores case, `Overlays/Staging/x.yaml` is in `overlays/staging/`, and `Overlays/Prod/` is prod's.
 */
export function undeclaredOverlayDirs(rels: readonly string[], declared: readonly string[], fold: PathFold = EXACT): UndeclaredOverlays[] {
  const found = new Map<string, UndeclaredOverlays>();
  for (const rel of rels) {
    const undeclared = undeclaredOverlayDirOf(rel, declared, fold);
    if (undeclared === undefined) continue;
    const held = found.get(undeclared.dir);
    if (held) held.rels.push(rel);
    else found.set(undeclared.dir, { ...undeclared, rels: [rel] });
  }
  return [...found.values()];
}

/**
 * The overlay directory that holds the path `rel` (below the definitions directory,
 * `/`-separated), so that a run never reads a file there as a definition: a declared
 * environment's (`declared`, each with its overlay directory), or an undeclared one's that the
 * load refuses (undeclaredOverlayDirs); undefined when none does. `dir` is below the definitions
 * directory, `/`-separated, a declared one's as aac.yaml spells it. `fold`: how the file system
 * of the definitions directory compares names (util/path-case.ts pathFoldAt): where it ignores
 * case, `Overlays/Prod/x.yaml` is a file in `overlays/prod/`.
 */
export function overlayDirHolding(rel: string, declared: ReadonlyArray<Pick<Environment, 'name' | 'overlays'>>, fold: PathFold = EXACT): { dir: string; environment: string; declared: boolean } | undefined {
  const held = declared.find((e) => fold(rel).startsWith(`${fold(e.overlays)}/`));
  if (held) return { dir: held.overlays, environment: held.name, declared: true };
  const undeclared = undeclaredOverlayDirOf(rel, declared.map((e) => e.overlays), fold);
  return undeclared && { ...undeclared, declared: false };
}

/** The fields that say which live resources an environment manages, at its level or the top. */
const TARGET_FIELDS = ['provider', 'endpoint', 'namespace'] as const;

/** What the top level of aac.yaml sets, for what an environment leaves out. */
export interface TopLevel {
  provider?: ProviderName;
  endpoint?: string;
  namespace?: string;
}

/**
 * The variables and environments of aac.yaml's `value`, whatever else is wrong in it: a part of the
 * wrong shape (reported by the schema) is read as far as it can be, never dropped whole, so that
 * what depends on it is still checked and nothing is reported as missing that is only misspelt
 * (an environment with a bad name or shape still has its values and overlays; a variable whose
 * type is not one is still declared). `refused(path)`: whether an error was reported at the field
 * path (`environments.dev.endpoint`); an environment's endpoint or namespace that has one is left
 * out (as the top level's are), so a refused value (a secret in a URL) is never a run's setting.
 * `environments` is empty when none is declared.
 */
export function readEnvironments(
  config: Pick<LocatedDoc, 'locate'> & { value: JsonObject },
  top: TopLevel,
  refused: (path: string) => boolean = () => false,
  settings: ReadonlySet<string> = new Set(),
): { environments: Environments; diagnostics: Diagnostic[] } {
  // Config messages never quote values (a secret may sit in any field), so there is nothing written to quote.
  const doc: LocatedDoc = { ...config, fileOf: () => config.locate([]).file, written: () => undefined };
  const diagnostics: Diagnostic[] = [];
  const variables: Variable[] = [];
  for (const [name, decl] of Object.entries(isObject(config.value.variables) ? config.value.variables : {})) {
    if (!VARIABLE_NAME.test(name)) {
      // Still declared: the environments' values for it are not reported as undeclared.
      diagnostics.push(located(doc, ['variables', name], { code: 'invalid-name', message: `'${name}' is not a variable name: letters, digits, '_' and '-', starting with a letter or '_'`, hint: renameTo(madeName(name, '_', VARIABLE_NAME), 'chat_model') }, 'key'));
    }
    const given = isObject(decl) ? decl : {};
    const type = VARIABLE_TYPES.find((t) => t === given.type);
    const variable: Variable = { name, at: config.locate(['variables', name], 'key'), ...pick('type', type), ...pick('description', typeof given.description === 'string' ? given.description : undefined) };
    if (given.default !== undefined && given.default !== null) {
      if (type === undefined || hasType(given.default, type)) {
        variable.default = given.default;
        variable.defaultAt = config.locate(['variables', name, 'default'], 'value');
      } else {
        diagnostics.push(typeMismatch(doc, ['variables', name, 'default'], name, type, given.default));
        variable.defaultInvalid = true;
      }
    }
    variables.push(variable);
  }
  const declared = variables.map((v) => v.name);
  const environments: Environment[] = [];
  const targetUnknown = new Set<string>();
  // Each name folded to lower case (as desired/case-clash.ts folds paths), with its first spelling.
  const folded = new Map<string, string>();
  const written = isObject(config.value.environments) ? config.value.environments : {};
  for (const [name, declaredEnv] of Object.entries(written)) {
    // A setting YAML read as an entry (reported by the schema, with the indent) is no environment:
    // nothing is checked or counted in it, and --env does not name it.
    if (settingReadAsEntry(written, name, settings)) continue;
    // Still an environment, so its values and overlays are checked (and its overlays are never read as definitions).
    if (!ENVIRONMENT_NAME.test(name)) {
      diagnostics.push(located(doc, ['environments', name], { code: 'invalid-name', message: `'${name}' is not an environment name: letters, digits, '.', '_' and '-', starting with a letter or digit, at most 63 characters`, hint: renameTo(madeName(name, '-', ENVIRONMENT_NAME), 'prod or eu-staging') }, 'key'));
    }
    // Names are case-sensitive, but files are named after them (the default overlay directory, a
    // suggested plan file), and a case-insensitive file system (macOS, Windows) holds one for `Prod` and `prod`.
    const twin = folded.get(name.toLowerCase());
    if (twin === undefined) folded.set(name.toLowerCase(), name);
    else {
      diagnostics.push(located(doc, ['environments', name], {
        code: 'case-clash',
        message: `environments '${twin}' and '${name}' differ only in case: aac names files after an environment (its overlay directory ${overlayDirFor(name)}/ unless it names one, the ${name}.plan.json it suggests), and a case-insensitive file system (macOS, Windows) holds one for both`,
        hint: `rename '${name}' so that it differs from '${twin}' in more than case (or merge the two)`,
      }, 'key'));
    }
    const env: JsonObject = isObject(declaredEnv) ? declaredEnv : {};
    const given = isObject(env.values) ? env.values : {};
    const values = new Map<string, Json>();
    const ownValues = new Map<string, Json>();
    const ownValuesAt = new Map<string, SourceLocation>();
    const invalid = new Set<string>();
    for (const v of variables) {
      if (v.default !== undefined) values.set(v.name, v.default);
      if (v.defaultInvalid) invalid.add(v.name);
    }
    for (const [key, value] of Object.entries(given)) {
      const path = ['environments', name, 'values', key];
      const variable = variables.find((v) => v.name === key);
      if (!variable) {
        const near = closest(key, declared);
        diagnostics.push(located(doc, path, {
          code: 'unknown-variable',
          message: `environment '${name}' gives a value for '${key}', which is not a declared variable`,
          hint: near ? `did you mean '${near}'?` : `declare it under variables: (${key}: { type: ${typeof value === 'number' ? 'number' : typeof value === 'boolean' ? 'boolean' : 'string'} })`,
        }, 'key'));
      } else if (value === null) {
        // `null` leaves the variable to its default, as in an overlay.
      } else if (variable.type !== undefined && !hasType(value, variable.type)) {
        diagnostics.push(typeMismatch(doc, path, key, variable.type, value));
        values.delete(key);
        invalid.add(key);
      } else {
        values.set(key, value);
        ownValues.set(key, value);
        ownValuesAt.set(key, config.locate(path, 'value'));
        invalid.delete(key);
      }
    }
    const endpoint = typeof env.endpoint === 'string' && !refused(formatPath(['environments', name, 'endpoint'])) ? env.endpoint : undefined;
    const namespace = typeof env.namespace === 'string' && !refused(formatPath(['environments', name, 'namespace'])) ? env.namespace : undefined;
    // A target field written (here, or at the top level for one left out here) but refused: where
    // this environment's resources are is not known, so it is compared with no other.
    const taken: TopLevel = { provider: providerNames().find((p) => p === env.provider), endpoint, namespace };
    // So is one that is no mapping (reported by the schema): most often its settings sit, unindented, beside it.
    if (!isObject(declaredEnv) || TARGET_FIELDS.some((f) => (env[f] !== undefined ? taken[f] === undefined : refused(f)))) targetUnknown.add(name);
    const at = env.values !== undefined ? ['environments', name, 'values'] : ['environments', name];
    const loc = config.locate(at, 'key');
    environments.push({
      name,
      ...pick('provider', providerNames().find((p) => p === env.provider)),
      ...pick('providerUnknown', env.provider !== undefined && !providerNames().includes(env.provider as string) ? true : undefined),
      ...pick('providerWritten', typeof env.provider === 'string' && !providerNames().includes(env.provider) ? env.provider : undefined),
      ...pick('providerAt', env.provider !== undefined ? config.locate(['environments', name, 'provider'], 'value') : undefined),
      ...pick('endpoint', endpoint),
      ...pick('endpointAt', endpoint !== undefined ? config.locate(['environments', name, 'endpoint'], 'value') : undefined),
      ...pick('namespace', namespace),
      ...pick('namespaceAt', namespace !== undefined ? config.locate(['environments', name, 'namespace'], 'value') : undefined),
      overlays: overlaysOf(doc, name, env.overlays, diagnostics),
      ...pick('retainVersions', typeof env.retain_versions === 'number' && !refused(formatPath(['environments', name, 'retain_versions'])) ? env.retain_versions : undefined),
      values,
      ownValues,
      ownValuesAt,
      invalid,
      valuesAt: `environments.${name}.values (${loc.file}:${loc.line}:${loc.column})`,
    });
  }
  diagnostics.push(...sharedTargets(doc, environments.filter((e) => !targetUnknown.has(e.name)), top));
  const declaredAt = config.value.environments !== undefined ? config.locate(['environments'], 'key') : undefined;
  return { environments: { variables, environments, ...pick('declaredAt', declaredAt) }, diagnostics };
}

/**
 * Whether the entry `name` of `environments` is one of the settings each environment takes
 * (`settings`: the schema's fields of an environment) that YAML read as an entry of its own: written
 * at the environments' column, so with a value that is no mapping (`retain_versions: 3`), or after
 * an entry that has none (`prod:`, then `values: {…}`). An environment named `values` that holds a
 * mapping, after one that holds one, is an environment.
 */
function settingReadAsEntry(environments: JsonObject, name: string, settings: ReadonlySet<string>): boolean {
  if (!settings.has(name)) return false;
  const names = Object.keys(environments);
  const before = names[names.indexOf(name) - 1];
  return !isObject(environments[name]) || (before !== undefined && environments[before] === null);
}

/**
 * The environment's overlay directory, `/`-separated: a path inside the definitions directory (so
 * it stays inside the repository, and discovery can leave it out of the definitions).
 */
function overlaysOf(doc: LocatedDoc, name: string, given: Json | undefined, diagnostics: Diagnostic[]): string {
  if (typeof given !== 'string') return overlayDirFor(name);
  const segments = given.replace(/\\/g, '/').split('/').filter((s) => s !== '' && s !== '.');
  if (/^([A-Za-z]:|[\\/])/.test(given) || segments.includes('..') || segments.length === 0) {
    diagnostics.push(located(doc, ['environments', name, 'overlays'], {
      code: 'invalid-overlays',
      message: `overlays '${given}' is not a directory inside the definitions directory`,
      hint: `write a relative path below the definitions directory, e.g. ${overlayDirFor(name)}`,
    }));
    return overlayDirFor(name);
  }
  return segments.join('/');
}

/**
 * A name made of `given` that `rule` takes: every run of characters the names do not hold (other
 * than ASCII letters, digits, `.`, `_` and `-`) made one `separator`, leading and trailing ones
 * dropped (`EU Staging!` → `EU-Staging`); undefined when what is left is not one `rule` takes.
 */
function madeName(given: string, separator: string, rule: RegExp): string | undefined {
  const made = given.replace(/[^A-Za-z0-9._-]+/g, separator).replace(/^[._-]+|[._-]+$/g, '');
  return made !== given && rule.test(made) ? made : undefined;
}

/** The hint for a name that is none: rename it to the one made of it (madeName), else the example's. */
function renameTo(made: string | undefined, example: string): string {
  return made !== undefined ? `rename it, e.g. '${made}'` : `rename it, e.g. ${example}`;
}

function pick<K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, V>);
}

function typeMismatch(doc: LocatedDoc, path: string[], name: string, type: VariableType, value: Json): Diagnostic {
  const got = Array.isArray(value) ? 'a list' : isObject(value) ? 'a mapping' : typeof value === 'number' ? (Number.isInteger(value) ? 'an integer' : 'a number') : withArticle(typeof value);
  return located(doc, path, {
    code: 'invalid-type',
    message: `variable '${name}' is declared as ${type}, but this value is ${got}`,
    hint: type === 'string' ? 'quote the value, so YAML keeps it as text'
      // A value of one variable is not another's reference (aac.yaml is read as written).
      : typeof value === 'string' && value.includes('${var.') ? NOT_READ_HERE
      : `give ${type === 'integer' ? 'an' : 'a'} ${type}, or change the declared type`,
  });
}

/**
 * The environments that share a target with an earlier one: the same provider, endpoint and
 * namespace, so they would manage the same resources and undo each other's applies. `second` is
 * the later one, `first` the earliest on its target. An endpoint is the one a run uses without
 * the provider's endpoint variable (endpointWithoutVariable: the one written, here or at the top
 * level, else the provider's default), as the variable, when set, overrides every environment's
 * alike: one that writes OpenAI's own URL and one that writes none are on one host. Two providers
 * of one API (one backend: a gateway's and OpenAI's) that run against one URL are on one host.
 * `endpoints`: `written` when both write it; `unwritten` when neither does: each then takes the
 * run's (the variable, or the default), so they are on one endpoint as far as aac.yaml can say;
 * `default` when one writes the provider's default and the other none. One that writes another
 * endpoint than the default and one that writes none are not compared: the variable is known only
 * when a command runs.
 */
export function sharedTargetPairs(
  environments: readonly Pick<Environment, 'name' | 'provider' | 'endpoint' | 'namespace'>[],
  top: TopLevel,
): SharedTarget[] {
  const out: SharedTarget[] = [];
  const seen = new Map<string, { name: string; written: boolean; provider: string }>();
  for (const e of environments) {
    const provider = e.provider ?? top.provider ?? defaultProvider();
    const written = e.endpoint ?? top.endpoint;
    const known = providerInfo(provider);
    const endpoint = endpointWithoutVariable(written, known?.info.variables);
    // A URL is the host whichever provider of its API runs against it; without one, the provider's variable says where.
    const host = endpoint === undefined || known === undefined ? ['provider', provider] : ['api', known.backend.name, endpoint];
    const id = JSON.stringify([host, e.namespace ?? top.namespace ?? null]);
    const first = seen.get(id);
    if (first === undefined) seen.set(id, { name: e.name, written: written !== undefined, provider });
    else {
      const endpoints = first.provider !== provider ? 'providers' : first.written === (written !== undefined) ? (first.written ? 'written' : 'unwritten') : 'default';
      out.push({ first: first.name, second: e.name, endpoints });
    }
  }
  return out;
}

/**
 * Two environments on one target (sharedTargetPairs), and how aac.yaml says they are on one
 * endpoint: both write it, neither does, one writes the provider's default, or (`providers`) two
 * providers of one API run against one URL.
 */
export interface SharedTarget {
  first: string;
  second: string;
  endpoints: 'written' | 'unwritten' | 'default' | 'providers';
}

/** Each of sharedTargetPairs located at the later environment's key, with the fix. */
function sharedTargets(doc: LocatedDoc, environments: readonly Environment[], top: TopLevel): Diagnostic[] {
  const why: Record<SharedTarget['endpoints'], string> = {
    written: 'same provider, endpoint and namespace',
    unwritten: "same provider and namespace, and neither writes an endpoint, so both take the run's",
    default: "same provider and namespace, and one writes the provider's default endpoint, which the other, writing none, takes too",
    providers: 'same endpoint and namespace, with two providers of one API',
  };
  return sharedTargetPairs(environments, top).map(({ first, second, endpoints }) => located(doc, ['environments', second], {
    code: 'shared-environment-target',
    message: `environments '${first}' and '${second}' manage the same live resources (${why[endpoints]}): each apply would undo the other's`,
    hint: endpoints === 'written' || endpoints === 'providers' ? `give '${second}' its own namespace: (or endpoint:)` : `give '${second}' its own namespace: (or each environment its own endpoint:)`,
  }, 'key'));
}
