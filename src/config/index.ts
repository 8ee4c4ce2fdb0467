// The project config, aac.yaml at the top of the definitions directory: which host the definitions
// are planned against. Schema-checked like the definitions, and refuses anything that looks like a
// secret: keys and tokens come from the environment only, so a config file is always safe to commit.
import { existsSync, lstatSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { versioned } from '../backends/backend.js';
import { defaultProvider, kindForProvider, providerInfo, providerNames, standInProvider } from '../backends/registry.js';
import { endpointSlip, parametersNamed, pathCredential } from '../backends/http/endpoint.js';
import type { ProjectConfig } from '../model/config.js';
import { byPlace, type Diagnostic } from '../model/diagnostic.js';
import { CREDENTIAL_QUERY_PARAMETER, urlCredentialNames } from '../model/credential-places.js';
import type { Json, JsonObject } from '../model/json.js';
import { eachValue, isObject, valueAt } from '../model/json.js';
import { proposedNamespace } from '../model/marker.js';
import { codeSpan } from '../util/code-span.js';
import { NOT_READ_HERE } from '../model/reference.js';
import { andList, orList } from '../util/words.js';
import { schemaFile } from '../util/package.js';
import { CONFIG_FILES } from '../desired/discover.js';
import { shownPath } from '../desired/paths.js';
import { validateAgainst } from '../yaml/schema.js';
import { readBounded } from '../desired/file-access.js';
import { repoRoot } from '../desired/repo-root.js';
import { statDefinitionsDir } from '../desired/definitions-dir.js';
import { isDirectory } from '../util/file-kind.js';
import { lazy } from '../util/lazy.js';
import { EMPTY_FILE, formatPath, MAX_FILE_BYTES, readYamlSource, type FileRole, type YamlSource } from '../yaml/source.js';
import { NO_ENVIRONMENTS, readEnvironments, type Environments } from '../environments/config.js';
import { namesTheNamespace, type Credential } from '../desired/credential-names.js';
import { credentialValues } from '../desired/credential-values.js';
import { otherProviderHint } from '../backends/other-provider-names.js';
import { configAbove, configAboveWarning } from './config-above.js';

/** A broken symlink exists (and is an error); a missing file does not (and means the defaults). */
function lstatOrUndefined(path: string) {
  try {
    return lstatSync(path);
  } catch {
    return undefined;
  }
}

/** aac.yaml's JSON Schema. */
export const CONFIG_SCHEMA = schemaFile('aac.schema.json');

/** What aac.yaml must be, for the message when it holds a list or a single value. */
const CONFIG_ROLE: FileRole = {
  mapping: 'aac.yaml is a mapping of settings (provider:, endpoint:, namespace:, options:, environments:, …)',
  hint: "write one setting per line, e.g. `provider: openai`; README's section `aac.yaml` lists them",
  // An empty aac.yaml is no error: every setting has its default.
  empty: 'write one setting per line, or delete the file',
  size: `aac.yaml, the project config, is at most ${MAX_FILE_BYTES} bytes`,
  tooLarge: 'aac.yaml holds only settings: keep definitions in their own files and prompts in instructions files',
  binary: 'aac.yaml is the project config, UTF-8 YAML text: write its settings as text (e.g. `provider: openai`), or move the file that is there away',
  oneDocument: 'aac.yaml, the project config, is one document',
  documents: 'merge the settings into one mapping and remove the `---` line',
  quotesValues: false,
};

/**
 * The most actions apply may have in flight, as aac.yaml's schema states it
 * (`options.concurrency.maximum`): `--concurrency` takes the same range.
 */
export function maxConcurrency(): number {
  const schema = JSON.parse(readFileSync(CONFIG_SCHEMA, 'utf8')) as { properties: { options: { properties: { concurrency: { maximum: number } } } } };
  return schema.properties.options.properties.concurrency.maximum;
}

/** The settings an environment takes, as aac.yaml's schema states them (`environments.*.properties`). */
const environmentSettings = lazy(() => {
  const schema = JSON.parse(readFileSync(CONFIG_SCHEMA, 'utf8')) as { properties: { environments: { additionalProperties: { properties: object } } } };
  return new Set(Object.keys(schema.properties.environments.additionalProperties.properties));
});

const SECRET_NAME = /(^|[_-])(api[_-]?key|apikey|key|keys|token|tokens|secret|secrets|password|passwd|credentials?|bearer|authorization)$/i;

function secretFields(src: YamlSource, value: Json, provider: string, path: (string | number)[] = []): Diagnostic[] {
  if (!isObject(value)) return [];
  return Object.entries(value).flatMap(([k, v]) => {
    const here = [...path, k];
    if (SECRET_NAME.test(k)) {
      return [src.diag(here, {
        code: 'secret-in-config',
        message: `'${k}' looks like a secret; secrets come from the environment: ${providerInfo(provider)?.info.secrets ?? 'set the provider\'s key variable'} instead`,
        hint: 'remove it from the file (and rotate it if the file was ever committed)',
      })];
    }
    return secretFields(src, v, provider, here);
  });
}

/**
 * The checks of an `endpoint:` at `path` (the top level's, or an environment's) for `provider`
 * (the one that reads it): every problem of the one value, each its own diagnostic at the value,
 * so that one run names them all (a value fixed for one is not refused next run for another).
 * Without http:// or https:// it is told the URL meant (endpointSlip), and the rest is checked on
 * that URL. A credential in its query (`?sig=`, `?api-key=`) belongs in the provider's endpoint
 * variable, whole URL and all: aac sends that URL's query on every request and shows its values as
 * [redacted] (http/endpoint.ts querySecrets). One in its userinfo (`user:password@`) has no such
 * place: aac sends no credentials from a URL (resolveEndpoint drops them), so the provider's key
 * variable is the fix. Messages name a query parameter, never a value.
 */
function endpointChecks(src: YamlSource, endpoint: Json | undefined, path: string[], provider: string): Diagnostic[] {
  // Not a string, or one after white space: the schema's own words.
  if (typeof endpoint !== 'string' || /^\s/.test(endpoint)) return [];
  const info = providerInfo(provider)?.info;
  const out: Diagnostic[] = [];
  // Said as the endpoint variable's is (resolveEndpoint): `localhost:18402` is told the scheme and
  // the path it lacks.
  const slip = endpointSlip(endpoint, info?.basePath);
  if (slip !== undefined) {
    out.push(src.diag(path, { code: 'invalid-format', message: `endpoint ${slip}`, hint: 'write the whole URL, with its http:// or https://' }, 'value'));
  }
  const url = urlMeant(endpoint);
  if (url === undefined) return out;
  const userinfo = url.username !== '' || url.password !== '';
  if (userinfo) {
    out.push(src.diag(path, {
      code: 'secret-in-config',
      message: 'endpoint carries credentials (user:password@); secrets come from the environment',
      hint: `remove them from the URL (aac sends no credentials from a URL) and ${info?.secrets ?? "set the provider's key variable"} instead`,
    }, 'value'));
  }
  const inQuery = [...new Set([...url.searchParams.keys()].filter((k) => CREDENTIAL_QUERY_PARAMETER.test(k)))];
  if (inQuery.length > 0) {
    const variable = info?.variables.endpoint ?? "the provider's endpoint variable";
    out.push(src.diag(path, {
      code: 'secret-in-config',
      message: `endpoint carries a credential in its query (${parametersNamed(inQuery)}), which would be committed with aac.yaml; secrets come from the environment`,
      hint: `remove \`endpoint:\` here and put the whole URL, query included${userinfo ? ' (its user:password@ left out)' : ''}, in ${variable}: aac sends its query on every request and shows every query value as [redacted]`,
    }, 'value'));
  }
  // A credential in the path (pathCredential: the endpoint variable's is refused alike) is
  // refused as a query's is, but with no variable to move it to (a URL's path is the endpoint
  // itself): never quoted.
  const inPath = pathCredential(url);
  if (inPath !== undefined) {
    out.push(src.diag(path, {
      code: 'secret-in-config',
      message: `endpoint carries a credential in its path (${inPath}), which would be committed with aac.yaml and sent in every request's URL; secrets come from the environment`,
      hint: `remove it from the URL (aac sends no credentials from a URL) and ${info?.secrets ?? "set the provider's key variable"} instead`,
    }, 'value'));
  }
  // A fragment is never sent (WHATWG URL: it stays with the client), so a key there reaches no
  // server; it would only be committed.
  const inFragment = urlCredentialNames(url.href, 'fragment');
  if (inFragment.length > 0) {
    out.push(src.diag(path, {
      code: 'secret-in-config',
      message: `endpoint carries a credential in its fragment (${parametersNamed(inFragment)}), which would be committed with aac.yaml`,
      hint: `remove the URL's #… part (a fragment is never sent to the host) and ${info?.secrets ?? "set the provider's key variable"} instead`,
    }, 'value'));
  }
  return out;
}

/**
 * The URL `endpoint` is, or, without a scheme (`host/v1?key=…`, which endpointSlip refuses), the
 * https:// one it means; undefined when it is neither. `u:KEY@host` without `//` is no URL of
 * scheme `u:` here, as WHATWG would read it, but the userinfo it was meant as.
 */
function urlMeant(endpoint: string): URL | undefined {
  try {
    return new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(endpoint) ? endpoint : `https://${endpoint}`);
  } catch {
    return undefined;
  }
}

/**
 * Warnings for a `${var.…}` written in a string of aac.yaml (a variable's default, an environment's
 * value, any setting), located at the string: aac.yaml reads no references (README, Environments,
 * "Variables"), so the string is used as written — a variable's value is put into the definitions
 * with the reference in it, and sent so. A string already refused at its path (`refused`: an
 * option or a value of another type, whose error carries the same hint) is not warned of again,
 * nor a variable's description (documentation only). Values are never quoted in config messages.
 */
function referencesNotRead(src: YamlSource, value: JsonObject, refused: ReadonlySet<string>): Diagnostic[] {
  const out: Diagnostic[] = [];
  eachValue(value, (v, at) => {
    if (typeof v !== 'string' || !v.includes('${var.')) return;
    const path = [...at];
    if (refused.has(formatPath(path)) || (path[0] === 'variables' && path[2] === 'description')) return;
    out.push(src.diag(path, {
      code: 'reference-not-read',
      severity: 'warning',
      message: `${formatPath(path)} holds a \${var.…} reference, which aac.yaml does not read: it is used, and sent, as written`,
      hint: NOT_READ_HERE,
    }, 'value'));
  });
  return out;
}

/** aac.yaml read: the top level's settings, its problems, and the environments it declares. */
export interface LoadedConfig {
  /** The top level's settings, `--provider` applied; an environment's own replace them (`configIn`). */
  config: ProjectConfig;
  diagnostics: Diagnostic[];
  /** Empty when aac.yaml declares none (or could not be read). */
  environments: Environments;
  /** The file the settings were read from (aac.yaml or aac.yml), absolute; undefined when none was, or it holds no mapping. */
  path?: string;
}

/**
 * `retain_versions:` (at `at`: the top level's, or an environment's under its own provider) is for
 * a kind whose resources have versions; elsewhere it would mean nothing, so it is refused.
 */
function retentionChecks(src: YamlSource, retain: Json | undefined, provider: string, at: readonly string[] = []): Diagnostic[] {
  if (retain === undefined || !providerNames().includes(provider)) return [];
  const kind = kindForProvider(provider);
  if (versioned(kind)) return [];
  return [src.diag([...at, 'retain_versions'], {
    code: 'unsupported-field',
    message: `retain_versions keeps the newest versions of versioned agents; the ${kind.nouns.many} of the provider ${provider} have no versions`,
    hint: 'remove it, or use it with a provider whose agents have versions (foundry-agents)',
  })];
}

/**
 * `options.api_version:` is the api-version a Foundry project's APIs take (ProviderInfo.servedAt:
 * only those providers send one, azure-foundry/AGENTS.md Parts 1 and 2); under another provider it
 * would mean nothing, so it is refused, as retain_versions is where there are no versions.
 */
function apiVersionChecks(src: YamlSource, options: Json | undefined, provider: string): Diagnostic[] {
  if (!isObject(options) || typeof options.api_version !== 'string' || !providerNames().includes(provider)) return [];
  if (providerInfo(provider)?.info.servedAt !== undefined) return [];
  const sending = providerNames().filter((name) => providerInfo(name)?.info.servedAt !== undefined);
  return [src.diag(['options', 'api_version'], {
    code: 'unsupported-field',
    message: `options.api_version sets the api-version query parameter, which only ${andList(sending)} send; the provider ${provider} sends none, so it would change nothing`,
    hint: `remove it, or use it with ${orList(sending)}`,
  }, 'key')];
}

/**
 * `d` (a diagnostic of aac.yaml's schema) with, when it refuses a `provider:` (the top level's or
 * an environment's) in `value` written as one of Azure's names for its hosts (`azure-openai`),
 * which no did-you-mean reaches, a hint naming the providers that serve Azure's hosts
 * (backends/other-provider-names.ts).
 */
function withAzureProviderHint(d: Diagnostic, value: JsonObject): Diagnostic {
  if (d.code !== 'invalid-value' || !/^(environments\.[^.]+\.)?provider$/.test(d.path)) return d;
  const given = valueAt(value, d.path.split('.'));
  const azure = typeof given === 'string' ? otherProviderHint(given) : undefined;
  return azure === undefined ? d : { ...d, hint: azure };
}

/**
 * Terraform's top-level settings a Terraform user writes in aac.yaml, each with what aac has
 * instead: too far from aac.yaml's field names for "did you mean".
 */
const TERRAFORM_SETTINGS: Record<string, string> = {
  workspaces: "aac.yaml's environments are what Terraform's workspaces are: declare each under `environments:` with its own namespace: or endpoint:, and pick one with --env",
  workspace: "aac.yaml's environments are what Terraform's workspaces are: declare each under `environments:` with its own namespace: or endpoint:, and pick one with --env",
  backend: 'aac keeps no state to store (every plan reads the live resources, and the lock is an object on the host): remove it',
};

/** `d` (a diagnostic of aac.yaml's schema) with, when it refuses one of TERRAFORM_SETTINGS at the top level, what aac has instead. */
function withTerraformSettingHint(d: Diagnostic): Diagnostic {
  if (d.code !== 'unknown-field' || !Object.hasOwn(TERRAFORM_SETTINGS, d.path)) return d;
  return { ...d, hint: TERRAFORM_SETTINGS[d.path]! };
}

/**
 * `d` (a diagnostic of aac.yaml's schema) with, when it refuses the pattern of a `namespace:` (the
 * top level's or an environment's) in `value`, a hint proposing a valid one made of the value
 * given (model/marker.ts proposedNamespace) instead of the rule the message already says. A value
 * a secret check flagged never reaches here (its diagnostic is that check's).
 */
function withNamespaceProposal(d: Diagnostic, value: JsonObject): Diagnostic {
  if (d.code !== 'invalid-format' || !/^(environments\.[^.]+\.)?namespace$/.test(d.path)) return d;
  const given = valueAt(value, d.path.split('.'));
  const proposal = typeof given === 'string' ? proposedNamespace(given) : undefined;
  return proposal === undefined ? d : { ...d, hint: `write a valid one, e.g. ${codeSpan(`namespace: ${proposal}`)} (the value given, each run of other characters made one '-')` };
}

/**
 * Reads aac.yaml (or aac.yml) inside `dir`. No file is fine: the defaults apply. `opts.provider`
 * (--provider) overrides the file's provider; the default is openai. `opts.credentials`: the run's
 * (registry.ts credentialsIn), whose values written in the file are warned of (credential-values.ts).
 */
export async function loadProjectConfig(
  dir: string,
  opts: { cwd: string; provider?: string; credentials?: readonly Credential[] },
): Promise<LoadedConfig> {
  const fallback: ProjectConfig = { provider: opts.provider ?? defaultProvider(), options: {} };
  // An aac.yaml that is there but says nothing readable may have named another provider.
  const unreadable: ProjectConfig = { ...fallback, ...(opts.provider === undefined ? { providerUnknown: true } : {}) };
  let path: string | undefined;
  let bytes: Buffer | undefined;
  // A directory that cannot be reached is named as such, not as its aac.yaml (one that does not exist means the defaults).
  statDefinitionsDir(dir, opts.cwd);
  const boundary = repoRoot(dir);
  for (const name of CONFIG_FILES) {
    path = join(dir, name);
    // The rule every file aac reads follows (symlinks only inside the repository, regular files only, bounded size).
    const got = readBounded(path, boundary, MAX_FILE_BYTES, CONFIG_ROLE.tooLarge);
    if (!('code' in got)) {
      bytes = got.bytes;
      break;
    }
    if (got.code === 'file-not-found' && !lstatOrUndefined(path)) continue;
    // A config that is there but cannot be read must not silently mean "openai, defaults".
    const file = shownPath(opts.cwd, path);
    // A directory has no line to point at: it is named alone.
    const named = isDirectory(path);
    return {
      config: { ...unreadable, file },
      diagnostics: [{
        severity: 'error',
        code: got.code,
        location: named ? { file } : { file, line: 1, column: 1 },
        path: '',
        message: `cannot read the project config: ${got.reason}`,
        hint: got.hint,
      }],
      environments: NO_ENVIRONMENTS,
    };
  }
  if (!bytes || !path) {
    const above = configAbove(resolve(opts.cwd, dir));
    return { config: fallback, diagnostics: above === undefined ? [] : [configAboveWarning(above, resolve(opts.cwd, dir), (p) => shownPath(opts.cwd, p))], environments: NO_ENVIRONMENTS };
  }

  const file = shownPath(opts.cwd, path);
  const src = readYamlSource(file, bytes, CONFIG_ROLE);
  // An empty config file is a config with every default.
  const diagnostics = src.diagnostics.filter((d) => d.code !== EMPTY_FILE);
  for (const other of CONFIG_FILES.map((name) => join(dir, name)).filter((p) => p !== path && existsSync(p))) {
    diagnostics.push({
      severity: 'warning',
      code: 'ignored-config',
      location: { file: shownPath(opts.cwd, other), line: 1, column: 1 },
      path: '',
      message: `${file} is the project config; this file is ignored`,
      hint: `merge it into ${file} and delete it`,
    });
  }
  const value = src.value;
  if (!isObject(value)) return { config: { ...unreadable, file }, diagnostics, environments: NO_ENVIRONMENTS };

  const fileProvider = providerNames().find((p) => p === value.provider);
  const provider = opts.provider ?? fileProvider ?? standInProvider(value.provider);
  const secrets = secretFields(src, value, provider);
  const secretPaths = new Set(secrets.map((d) => d.path));
  // Values are never quoted in config messages: a secret may sit in a field with an innocent name.
  // The registry decides which providers exist; the schema's enum is the editors' copy of it (a
  // test keeps the two equal), which a backend registered at run time is not in.
  // Every field of aac.yaml and every limit on it is aac's own, not an API's.
  const environmentsValue = isObject(value.environments) ? value.environments : {};
  // An environment's endpoint is read by its own provider (--provider over both, as configIn has it).
  const providerOf = (e: JsonObject) => opts.provider ?? providerNames().find((p) => p === e.provider) ?? provider;
  const endpoints = [
    ...endpointChecks(src, value.endpoint, ['endpoint'], provider),
    ...Object.entries(environmentsValue).flatMap(([name, e]) => (isObject(e) ? endpointChecks(src, e.endpoint, ['environments', name, 'endpoint'], providerOf(e)) : [])),
  ];
  const retentions = [
    ...retentionChecks(src, value.retain_versions, provider),
    ...Object.entries(environmentsValue).flatMap(([name, e]) => (isObject(e) ? retentionChecks(src, e.retain_versions, providerOf(e), ['environments', name]) : [])),
  ];
  // An endpoint's own check says more than the schema's pattern at the same place (the URL meant).
  const endpointPaths = new Set(endpoints.map((d) => d.path));
  const schema = validateAgainst(CONFIG_SCHEMA, src, { document: basename(path), ownFields: new Set(Object.keys(value)), quoteValues: false })
    .filter((d) => !secretPaths.has(d.path) && !endpointPaths.has(d.path) && !(d.path === 'provider' && fileProvider !== undefined));
  diagnostics.push(...secrets, ...schema.map((d) => withTerraformSettingHint(withAzureProviderHint(withNamespaceProposal(d, value), value))), ...endpoints, ...retentions, ...apiVersionChecks(src, value.options, provider), ...credentialValues(src, opts.credentials ?? [], undefined, namesTheNamespace));
  const ok = !diagnostics.some((d) => d.severity === 'error');
  const retain = ok && typeof value.retain_versions === 'number' ? value.retain_versions : undefined;
  const top = {
    ...(fileProvider !== undefined ? { provider: fileProvider } : {}),
    ...(ok && typeof value.endpoint === 'string' ? { endpoint: value.endpoint } : {}),
    ...(ok && typeof value.namespace === 'string' ? { namespace: value.namespace } : {}),
  };
  // Read whatever else is wrong: the definitions are still checked in every environment, and
  // without them an environment's overlays would be read as definitions and its variables as missing.
  const refused = new Set(diagnostics.filter((d) => d.severity === 'error').map((d) => d.path));
  const declared = readEnvironments({ value, locate: src.locate }, top, (path) => refused.has(path), environmentSettings());
  diagnostics.push(...declared.diagnostics);
  diagnostics.push(...referencesNotRead(src, value, new Set(diagnostics.filter((d) => d.severity === 'error').map((d) => d.path))));
  diagnostics.sort(byPlace);

  const options: ProjectConfig['options'] = {};
  const o = isObject(value.options) ? value.options : {};
  if (typeof o.api_version === 'string') options.api_version = o.api_version;
  if (typeof o.concurrency === 'number') options.concurrency = o.concurrency;
  if (typeof o.timeout_ms === 'number') options.timeout_ms = o.timeout_ms;
  if (typeof o.max_retries === 'number') options.max_retries = o.max_retries;
  return {
    config: {
      provider,
      ...(opts.provider === undefined && value.provider !== undefined && fileProvider === undefined ? { providerUnknown: true, ...(typeof value.provider === 'string' ? { providerWritten: value.provider } : {}) } : {}),
      ...(top.endpoint !== undefined ? { endpoint: top.endpoint, endpointAt: src.locate(['endpoint'], 'value') } : {}),
      ...(top.namespace !== undefined ? { namespace: top.namespace, namespaceAt: src.locate(['namespace'], 'value') } : {}),
      // Known or not: the hints that name the way to another provider point at it.
      ...(value.provider !== undefined ? { providerAt: src.locate(['provider'], 'value') } : {}),
      ...(fileProvider !== undefined && fileProvider !== provider ? { providerOverridden: fileProvider } : {}),
      ...(retain === undefined ? {} : { retainVersions: retain }),
      file,
      ...(typeof value.$schema === 'string' ? { schema: value.$schema } : {}),
      options,
    },
    diagnostics,
    environments: declared.environments,
    path,
  };
}
