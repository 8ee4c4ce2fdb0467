// A credential's value inside what names a definition — its key (its file's path, or `key:`), its
// `id:` pin, or the name that addresses a resource of a name-addressed kind — cannot be redacted
// as data is: the key and the name are how a plan, a saved plan and a live marker find it, so a
// redacted one would never match (a saved plan would be refused as stale, quoting it), and printed
// it leaks the credential. Such a definition is refused before any request that writes, naming
// the variable, never the value. The run's namespace is part of every resource's name alike (the
// marker's metadata key on the host): one that holds a credential is refused before any request.
import { basename } from 'node:path';
import type { ResourceKind } from '../backends/backend.js';
import type { ResolvedNamespace } from '../config/namespace.js';
import type { ProjectConfig } from '../model/config.js';
import type { Definition, SourceLocation } from '../model/definition.js';
import { pathText, valueAt } from '../model/json.js';
import { placeText, type Diagnostic } from '../model/diagnostic.js';
import { throwRefusals, type Refusal } from '../util/refusals.js';
import { andList } from '../util/words.js';
import { redactData, secretFinder } from '../util/redact.js';

/** A value to keep out of names: `variable` names where it came from, when known (`OPENAI_API_KEY`). */
export interface Credential {
  value: string;
  variable?: string;
}

/**
 * Which of `credentials` a text holds (redact.ts secretFinder: the same rule as every other search
 * of data), or undefined; itself undefined when none is long enough to be looked for. The one test
 * of "this text holds a credential" for names and for data (credential-values.ts).
 */
export function credentialFinder(credentials: readonly Credential[]): CredentialFinder | undefined {
  // One per list: the loader asks for one per definition, and making each one's regular
  // expression was a third of what checking 10,000 definitions for credentials cost.
  if (!finders.has(credentials)) {
    const find = secretFinder(credentials.map((c) => c.value));
    finders.set(credentials, find && ((text) => {
      const value = find(text);
      return value === undefined ? undefined : credentials.find((c) => c.value === value);
    }));
  }
  return finders.get(credentials);
}

type CredentialFinder = (text: string) => Credential | undefined;
const finders = new WeakMap<readonly Credential[], CredentialFinder | undefined>();

/**
 * Whether the field at `path` of a definition names it (`key`, `id`, a name-addressed kind's name:
 * what credentialNamesRefusal refuses a credential in, with its own message), so the generic
 * check of data (credential-values.ts) leaves it to that one.
 */
export function namesADefinition(path: ReadonlyArray<string | number>, kind: Pick<ResourceKind, 'identity' | 'paths'>): boolean {
  // Asked of every value of every definition (credential-values.ts): nothing is made to answer.
  if (path.length === 1 && (path[0] === 'key' || path[0] === 'id')) return true;
  if (kind.identity.addressedBy !== 'name' || path.length !== kind.paths.name.length) return false;
  for (let i = 0; i < path.length; i++) if (path[i] !== kind.paths.name[i]) return false;
  return true;
}

/** Whether the field at `path` of aac.yaml is a namespace (top level or an environment's): credentialNamespaceRefusal's to refuse. */
export function namesTheNamespace(path: ReadonlyArray<string | number>): boolean {
  return (path.length === 1 && path[0] === 'namespace') || (path.length === 3 && path[0] === 'environments' && path[2] === 'namespace');
}

/** What credentialNamesRefusal refuses in a definition, and what it asks of it. */
const NAMES_REFUSED = 'a credential this run holds is part of what names a definition, which would print it and keep any plan from matching';
const NAMES_HINT = 'rename the file or folder (or change its `key:`, `id:` or name) so no credential is in it, and rotate the credential: it is in the repository';

/** One definition that holds a credential in what names it: the definition, and what holds it (`its file name and key hold the value of OPENAI_API_KEY`, the file shown redacted) at the first place that does. */
export interface CredentialInName {
  definition: Definition;
  /** `- <file, the value as [redacted]>: its key holds the value of OPENAI_API_KEY`, without the `- `. */
  line: string;
  /** The error at that place (`credential-value`), its file redacted, never its value. */
  diagnostic: Diagnostic;
}

/**
 * Each of `desired` whose file path, key, `id:` or (for a kind addressed by name) name holds one
 * of `credentials` (of MIN_SECRET_AS_SUBSTRING characters or more), in their order: what `aac
 * plan` refuses (credentialNamesRefusal) and `aac validate` says of each definition. The error is
 * located at the first of those that holds one: the top of the file for its path, else the field.
 */
export function credentialsInNames(desired: readonly Definition[], kind: Pick<ResourceKind, 'identity' | 'paths'>, credentials: readonly Credential[]): CredentialInName[] {
  const values = credentials.map((c) => c.value);
  // Made once: made for every text, the finders were most of this check's time.
  const find = credentialFinder(credentials);
  if (!find) return [];
  const findIn = (text: unknown) => (typeof text === 'string' ? find(text) : undefined);
  const byName = kind.identity.addressedBy === 'name';
  const found: CredentialInName[] = [];
  for (const d of desired) {
    // Every definition is searched and almost none holds one: searched with nothing made for it
    // (at 10,000 definitions, the file's name taken apart and the lists made for each were most
    // of this check's 15–45 ms), and what holds one described after.
    const inFile = findIn(d.file);
    const inKey = findIn(d.key);
    const inId = findIn(d.id);
    const inName = byName ? findIn(valueAt(d.spec, kind.paths.name)) : undefined;
    if (!inFile && !inKey && !inId && !inName) continue;
    // The file's own name, or a folder above it (the definitions directory's own name, say), which renaming the file does not cure.
    const where = find(basename(d.file)) ? 'file name' : 'path (a folder above the file)';
    const parts: Array<[string, Credential | undefined, ReadonlyArray<string | number> | undefined]> = [[where, inFile, undefined], ['key', inKey, ['key']], ['id:', inId, ['id']], ['name', inName, kind.paths.name]];
    const held = parts.flatMap(([what, found, path]) => (found ? [{ what, variable: found.variable ?? 'a configured credential', path }] : []));
    const variables = [...new Set(held.map((h) => h.variable))];
    const file = redactData(d.file, values);
    // An `id:` may be an overlay's: located in the file that writes it, named as every file is.
    const shownAt = (at: SourceLocation): SourceLocation => ({ ...at, file: redactData(at.file, values) });
    const said = `its ${andList(held.map((h) => h.what))} ${held.length === 1 ? 'holds' : 'hold'} the value of ${andList(variables)}`;
    const { path } = held[0]!;
    found.push({
      definition: d,
      line: `${file}: ${said}`,
      diagnostic: {
        severity: 'error',
        code: 'credential-value',
        location: path === undefined ? { file, line: 1, column: 1 } : shownAt(d.locate(path, 'value')),
        path: path === undefined ? '' : pathText(path),
        message: `${said}: ${NAMES_REFUSED}`,
        hint: NAMES_HINT,
      },
    });
  }
  return found;
}

/**
 * The refusal (util/refusals.ts) of every definition credentialsInNames finds, each line as `-
 * <file, the value as [redacted]>: its key holds the value of OPENAI_API_KEY`, each also located
 * (`diagnostics`, for `--format json`); undefined when none holds one.
 */
export function credentialNamesRefusal(desired: readonly Definition[], kind: Pick<ResourceKind, 'identity' | 'paths'>, credentials: readonly Credential[]): Refusal | undefined {
  const found = credentialsInNames(desired, kind, credentials);
  if (found.length === 0) return undefined;
  return { message: NAMES_REFUSED, lines: found.map((f) => `  - ${f.line}`), hint: NAMES_HINT, diagnostics: found.map((f) => f.diagnostic) };
}

/**
 * The refusal (util/refusals.ts) of the run's namespace (`given`: where it came from,
 * config/namespace.ts) when it holds one of `credentials`: it is written into every resource's
 * marker on the host (model/marker.ts, the metadata key `aac@NAMESPACE`), where anyone who can
 * list them reads it, and shown in messages. Named by its source, never its value: aac.yaml's
 * (`config.namespaceAt`, the top level's or the run's environment's) located at it (`at`, code
 * `credential-in-namespace`); the flag, AAC_NAMESPACE and the default (the directory's path)
 * plainly. `resources`: the kind's plural noun. Undefined when it holds none.
 */
export function credentialNamespaceRefusal(given: ResolvedNamespace, config: Pick<ProjectConfig, 'namespaceAt' | 'file'>, credentials: readonly Credential[], resources: string): Refusal | undefined {
  const held = credentialFinder(credentials)?.(given.namespace);
  if (!held) return undefined;
  const variable = held.variable ?? 'a configured credential';
  const why = `the namespace is part of what names every one of the ${resources} (the marker aac writes into each one's metadata on the host, where anyone who can list them reads it), so it would be sent, stored and printed`;
  const rotate = `and rotate ${variable} if it was ever shared`;
  const at = config.namespaceAt;
  if (given.source === 'aac.yaml' && at) {
    const field = at.environment !== undefined ? `environments.${at.environment}.namespace` : 'namespace';
    const location = { file: at.file, line: at.line, column: at.column };
    const message = `${field}: holds the value of ${variable}: ${why}`;
    const hint = `write a namespace that is no credential (e.g. team-a), ${rotate}: it is in the repository`;
    return { message: `${placeText(location)}: ${message}`, hint, at: { severity: 'error', code: 'credential-in-namespace', location, path: field, message, hint } };
  }
  const source = given.source === 'default' ? "the default namespace (the definitions directory's path in its git repository)" : given.source;
  const hint = given.source === '--namespace'
    ? `pass a namespace that is no credential (e.g. --namespace team-a), ${rotate}`
    : given.source === 'AAC_NAMESPACE'
      ? `set AAC_NAMESPACE to a namespace that is no credential (e.g. team-a), or unset it (a secret wired into it by mistake, in CI, is the usual cause), ${rotate}`
      : `set \`namespace: NAME\` in aac.yaml, or rename the directory, ${rotate}`;
  return { message: `${source} holds the value of ${variable}: ${why}`, hint };
}

/** Throws credentialNamespaceRefusal's refusal (UserError, located at aac.yaml's `namespace:` when written there), if any; `; nothing was changed`. */
export function refuseCredentialNamespace(given: ResolvedNamespace, config: Pick<ProjectConfig, 'namespaceAt' | 'file'>, credentials: readonly Credential[], resources: string): void {
  throwRefusals([credentialNamespaceRefusal(given, config, credentials, resources)].filter((r): r is Refusal => r !== undefined), { outcome: 'nothing was changed' });
}
