// Where a host is and how to sign in to it, shared by the backends: the endpoint from the
// environment or aac.yaml, and an Azure AI Foundry project's connection (classic agents and the
// named, versioned agents use the same project endpoint, api-version and Entra ID tokens).
import { createRequire } from 'node:module';
import type { ProjectConfig } from '../../model/config.js';
import type { EndpointFrom } from '../../model/plan.js';
import { codePoint, INVISIBLE_SOURCE } from '../../util/invisible.js';
import { redact } from '../../util/redact.js';
import { decodedFormText, decodedSegment } from '../../util/uri-text.js';
import { andList, orList } from '../../util/words.js';
import { urlCredentialNames } from '../../model/credential-places.js';
import { emptyVariable, setButEmpty } from '../../util/empty-variable.js';
import { BackendError, type ProviderVariables, type Warn } from '../backend.js';
import type { Connection } from './connection.js';

type Env = Record<string, string | undefined>;

/**
 * The values of an endpoint's query that are credentials: a configured endpoint's query carries
 * them often enough (`?sig=`, `?code=`, `?subscription-key=`) that every value is treated as one;
 * `api-version` is aac's own setting, never a secret. Each value is given as a URL may spell it:
 * decoded, percent-encoded as requests send it (a SAS `sig` is base64: `+`, `/` and `=` travel as
 * `%2B`, `%2F`, `%3D`), and form-encoded (a space as `+`), so a request URL in a debug line or an
 * error is redacted whichever spelling it shows.
 */
export function querySecrets(query: Record<string, string>): string[] {
  return Object.entries(query)
    .filter(([name]) => name !== SETTING)
    .flatMap(([, value]) => [value, encodeURIComponent(value), new URLSearchParams({ v: value }).toString().slice('v='.length)]);
}

/** The query parameter that is aac's own setting, not a credential. */
const SETTING = 'api-version';

/** `url` as it may be printed: userinfo and every query value but `api-version` shown as `[redacted]` (util/redact.ts), also as written (`%2b` for `%2B`). */
function printableUrl(url: string): string {
  let secrets: string[] = [];
  try {
    const parsed = new URL(url);
    const written = parsed.search.slice(1).split('&').map((pair) => pair.split('='));
    secrets = [
      ...querySecrets(Object.fromEntries(parsed.searchParams)),
      ...written.filter(([name]) => decodedFormText(name ?? '') !== SETTING).map(([, ...value]) => value.join('=')),
    ];
  } catch {
    // Not a URL: the patterns of redact() still catch userinfo and `key=…`.
  }
  return redact(url, [], secrets);
}

/**
 * An endpoint as any two are compared (two environments' targets, a variable and aac.yaml, a saved
 * plan's and a run's, a pull request's and its base branch's): one spelling of one URL. The WHATWG
 * URL parser lower-cases the scheme and host and drops the scheme's default port (`:443` for
 * https, `:80` for http); the path's trailing slashes and the fragment are dropped too (requests
 * are made below the path, and a fragment is never sent). The query is kept. Text that is not a
 * URL is compared trimmed, without trailing slashes.
 */
export function comparableEndpoint(endpoint: string): string {
  const text = endpoint.trim();
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return text.replace(/\/+$/, '');
  }
  url.hash = '';
  url.pathname = url.pathname.replace(/\/+$/, '');
  return url.toString().replace(/\/+$/, '');
}

/**
 * The endpoint a run of a provider uses when its endpoint variable is not set, as
 * comparableEndpoint spells it: `written` (aac.yaml's `endpoint:`, an environment's or the top
 * level's), else the provider's default (`variables.defaultEndpoint`, e.g. OpenAI's own API);
 * undefined when there is neither, or `written` is blank. An endpoint written as the default and
 * none written are one host, whatever the variable: set, it overrides both (resolveEndpoint).
 */
export function endpointWithoutVariable(written: string | undefined, variables: Pick<ProviderVariables, 'defaultEndpoint'> | undefined): string | undefined {
  const endpoint = written?.trim() ?? variables?.defaultEndpoint;
  return endpoint ? comparableEndpoint(endpoint) : undefined;
}

/**
 * An endpoint as aac prints it where it says which endpoint a run uses (`aac environments --format
 * json`): comparableEndpoint's spelling, so that two printed alike are one endpoint, with its
 * userinfo and every query value but `api-version` shown as `[redacted]` (printableUrl).
 */
export const shownEndpoint = (endpoint: string): string => printableUrl(comparableEndpoint(endpoint));

/**
 * The warning when the endpoint variable `envName` (set, non-empty) overrides a different
 * `endpoint:` written in aac.yaml (`config.endpoint`, at `config.endpointAt`): the variable wins,
 * as documented, but a run sent elsewhere than the file says should not go unnoticed. Both URLs
 * are shown with credentials redacted. Undefined when the two are the same endpoint (compared
 * as URLs: comparableEndpoint) or either is missing.
 */
export function endpointOverride(env: Env, envName: string, config: ProjectConfig): { message: string; hint: string } | undefined {
  const given = nonEmpty(env, envName);
  const written = config.endpoint?.trim();
  if (given === undefined || !written || comparableEndpoint(given) === comparableEndpoint(written)) return undefined;
  const at = config.endpointAt;
  const whose = at?.environment !== undefined ? ` of environment '${at.environment}'` : '';
  const where = at ? ` (${at.file}:${at.line}:${at.column})` : config.file ? ` (${config.file})` : '';
  return {
    message: `${envName} (${printableUrl(given)}) overrides endpoint: ${printableUrl(written)}${whose}${where}`,
    hint: `the variable wins; unset ${envName} to use the endpoint in ${at?.file ?? config.file ?? 'aac.yaml'}, or make the two the same`,
  };
}

/**
 * Where a run's endpoint comes from, in resolveEndpoint's order: the variable `envName` when it is
 * set (and non-empty), else aac.yaml's `endpoint:` (the run's environment's, when it writes one:
 * `config.endpointAt`), else the provider's default.
 */
export function endpointOrigin(env: Env, envName: string, config: ProjectConfig): 'variable' | 'aac.yaml' | 'default' {
  return nonEmpty(env, envName) ? 'variable' : config.endpoint?.trim() ? 'aac.yaml' : 'default';
}

/**
 * endpointOrigin as a plan records it (Plan.endpointFrom): the variable's name, or aac.yaml's
 * `endpoint:` at its place (`config.endpointAt`, else the file), or the default. Never the URL.
 */
export function endpointFrom(env: Env, envName: string, config: ProjectConfig): EndpointFrom {
  switch (endpointOrigin(env, envName, config)) {
    case 'variable':
      return { source: 'variable', variable: envName };
    case 'aac.yaml': {
      const at = config.endpointAt;
      return {
        source: 'aac.yaml',
        file: at?.file ?? config.file ?? 'aac.yaml',
        ...(at ? { line: at.line, column: at.column } : {}),
        ...(at?.environment !== undefined ? { environment: at.environment } : {}),
      };
    }
    case 'default':
      return { source: 'default' };
  }
}

/** aac.yaml's `endpoint:` as a message names it: `` `endpoint:` of environment 'prod' (a/aac.yaml:5:9) ``, from its place (`endpointAt`), else its file. */
export function writtenEndpointPlace(config: Pick<ProjectConfig, 'endpointAt' | 'file'>): string {
  const at = config.endpointAt;
  const whose = at?.environment !== undefined ? ` of environment '${at.environment}'` : '';
  return `\`endpoint:\`${whose} (${at ? `${at.file}:${at.line}:${at.column}` : (config.file ?? 'aac.yaml')})`;
}

/** A plan's aac.yaml `endpoint:` (EndpointFrom) as writtenEndpointPlace names it. */
export function plannedEndpointPlace(from: Extract<EndpointFrom, { source: 'aac.yaml' }>): string {
  const { file, line, column, environment } = from;
  return writtenEndpointPlace(line !== undefined && column !== undefined ? { endpointAt: { file, line, column, ...(environment !== undefined ? { environment } : {}) } } : { file });
}

/** Hosts whose server is on this machine, where the scheme to add is http:// (one elsewhere is https://). */
const LOOPBACK = /^(localhost|127(\.\d+){3}|\[::1\]|0\.0\.0\.0)$/i;

/**
 * Why `raw` is not an http(s) URL to send requests to, completing "the endpoint in … "; undefined
 * when it is one. A value with no `scheme://` at all (`localhost:18402`, `127.0.0.1:18402/v1`,
 * `host:port` as other tools take it, which the URL parser reads as the scheme `localhost:` or
 * refuses) is told what to add: http:// for a loopback host, else https://, and `basePath` when
 * it has no path (`write http:// before it and /v1 after it`). The value is never quoted, nor the
 * URL it would make: wherever it comes from (an endpoint variable, aac.yaml), it may be a key
 * pasted into the wrong field — two secrets swapped in a CI file — and the URL parser lower-cases
 * a host, which no exact-match masking (redact's, CI's) would then catch. A control character
 * anywhere (controlIn) and a port out of 1–65535 (portSlip) are named first, in those words.
 */
export function endpointSlip(raw: string, basePath?: string): string | undefined {
  const control = controlIn(raw);
  if (control) return control;
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(raw);
  const port = portSlip(scheme ? raw.slice(scheme[0].length) : raw, scheme !== null);
  if (port) return port;
  if (scheme) {
    let url: URL | undefined;
    try {
      url = new URL(raw);
    } catch {
      return 'is not a URL; expected e.g. https://host/v1';
    }
    return url.protocol === 'https:' || url.protocol === 'http:' ? undefined : `must be an http:// or https:// URL, not ${url.protocol}//`;
  }
  let meant: URL;
  try {
    meant = new URL(`https://${raw}`);
  } catch {
    return 'is not a URL (it has no http:// or https://); expected e.g. https://host/v1';
  }
  const add = LOOPBACK.test(meant.hostname) ? 'http://' : 'https://';
  const path = meant.pathname.replace(/\/+$/, '');
  return `has no http:// or https://: write ${add} before it${basePath !== undefined && path === '' ? ` and ${basePath} after it` : ''}`;
}

/** Whether `c` is a control character: C0 (below U+0020) or DEL. */
const isControl = (c: string): boolean => c < '\x20' || c === '\x7f';

/**
 * Why `raw` holds a control character (C0 or DEL), as endpointSlip words it: its code point and
 * its position (1-based, in characters). The WHATWG URL parser drops a tab or a line break
 * anywhere and percent-encodes the other controls in a path, so `http://h/v1\r\nX: 1` was sent to
 * `/v1X:%201/…` and read as a 404 from the host. Never the value: it may be a key pasted there.
 */
function controlIn(raw: string): string | undefined {
  const chars = [...raw];
  const at = chars.findIndex(isControl);
  if (at < 0) return undefined;
  return `holds a control character (${codePoint(chars[at]!)}) at position ${at + 1}, which a URL cannot carry (the URL parser would drop or encode it, and requests would go elsewhere): a line break or a control character a paste left inside the value; give the URL alone, on one line`;
}

/**
 * Why the port in `authority` (what follows `scheme://`, or the whole of a value without one) is
 * none a request can reach: digits from 1 to 65535 (a TCP port is 16 bits; the URL parser refuses
 * more, and port 0 is no port to connect to: connecting to it is refused). Undefined when it has
 * no port, or a good one, and for text after a colon in a value without a scheme (`schemed`
 * false: `u:KEY@host` is userinfo meant, endpointSlip's other words). Only a number is quoted,
 * never other text there (it may be a secret).
 */
function portSlip(authority: string, schemed: boolean): string | undefined {
  const userinfoAndHost = authority.split(/[/?#]/, 1)[0]!;
  const host = userinfoAndHost.slice(userinfoAndHost.lastIndexOf('@') + 1);
  const port = /^(?:\[[^\]]*\]|[^:[\]]*):(.+)$/.exec(host)?.[1];
  if (port === undefined) return undefined;
  if (!/^\d+$/.test(port)) return schemed ? 'has a port that is not a number: a port is a number from 1 to 65535' : undefined;
  const n = Number(port);
  return n >= 1 && n <= 65535 ? undefined : `has port ${port}, and a port is a number from 1 to 65535`;
}

export function nonEmpty(env: Env, name: string): string | undefined {
  const v = env[name]?.trim();
  return v ? v : undefined;
}

/**
 * What node:http sends in a header value: tab, printable ASCII and the rest of Latin-1 (its
 * validateHeaderValue, which refuses any other character with ERR_INVALID_CHAR; the SDK's
 * `Headers` refuses a line break and anything above U+00FF before that).
 */
const HEADER_VALUE_CHAR = /^[\t\x20-\x7e\x80-\xff]$/;

/**
 * The variable `name`'s value as nonEmpty reads it (trimmed; undefined when unset or blank), for
 * a request header: a key, a token, an organization or project id. A value holding a character no
 * header can carry — a control character or a line break inside it, a zero-width space: what a
 * copy from a terminal or a password manager may leave — is refused here, before any request, as
 * the variable's own mistake: sent, Node refuses it as the request leaves, which read as a host
 * that could not be reached. Throws BackendError('config') naming the variable, the character's
 * position (1-based, in characters) and its code point — never the value.
 */
export function headerVariable(env: Env, name: string): string | undefined {
  const v = nonEmpty(env, name);
  if (v === undefined) return undefined;
  const chars = [...v];
  const at = chars.findIndex((c) => !HEADER_VALUE_CHAR.test(c));
  if (at < 0) return v;
  const { what, cause, fix } = unsendable(chars[at]!);
  throw new BackendError('config', `${name} holds ${what} (${codePoint(chars[at]!)}) at position ${at + 1}, which no request can send: ${cause}; set ${name} again ${fix}`);
}

// U+2028 and U+2029 break lines too; the invisible characters are util/invisible.ts's.
const HIDDEN_CHAR = new RegExp(`^[\\u2028\\u2029${INVISIBLE_SOURCE}]$`, 'u');

/**
 * Why `c`, a character HEADER_VALUE_CHAR refuses, is in a variable's value, in words for
 * headerVariable's message: a control character or a line break, or an invisible character, is
 * what a paste leaves; a visible one beyond U+00FF (`€`, a typographic quote, an emoji) was typed
 * or converted into it. Its code point is shown, never its neighbours: no request can carry it, so
 * it is part of no credential a host accepts.
 */
function unsendable(c: string): { what: string; cause: string; fix: string } {
  if (isControl(c)) return { what: 'a control character', cause: 'a line break or a control character a paste left inside the value', fix: 'with the value alone' };
  if (HIDDEN_CHAR.test(c)) return { what: 'an invisible character', cause: 'an invisible character or a line break a paste left inside the value', fix: 'with the value alone' };
  return {
    what: 'a character outside Latin-1',
    cause: 'a request header carries only characters up to U+00FF, and keys, tokens and ids are plain ASCII: this one was typed or converted into the value (a typographic quote or dash, €, an emoji)',
    fix: 'with the value as its provider issued it (copied from the provider\'s page, not from a document or a chat)',
  };
}

/**
 * The endpoint from the environment (`variables.endpoint`), else aac.yaml, else the host's default
 * (`variables.defaultEndpoint`).
 * Userinfo and query are dropped (credentials never travel in a URL; fetch refuses them anyway) and
 * the query's parameters are returned to be sent on every request. `warn` is told when the variable
 * overrides a different endpoint written in aac.yaml (endpointOverride), and when it holds a
 * user:password, which is not sent (aac.yaml refuses one: config/secrets), shown redacted.
 * `basePath`: the path the provider's API is served below (Connection.basePath), for the URL
 * suggested when the value has no http(s):// (endpointSlip). Throws BackendError('config') when
 * the value is set but empty, missing, or not an http(s) URL (naming where it came from).
 */
export function resolveEndpoint(
  env: Env,
  variables: ProviderVariables,
  config: ProjectConfig,
  warn?: Warn,
  basePath?: string,
): { base: string; query: Record<string, string>; source: string; on: Pick<Connection, 'environment'> } {
  const envName = variables.endpoint;
  const fallback = variables.defaultEndpoint;
  // Set but empty (`OPENAI_BASE_URL=` in a CI file, an unset secret) is a mistake, not a wish for
  // the default endpoint: the SDK would read it as the public one, which no longer serves this API.
  if (setButEmpty(env, envName)) {
    const unset = `to use ${config.endpoint?.trim() ? '`endpoint:` in aac.yaml' : fallback ? `the default ${fallback}` : 'an endpoint from aac.yaml'}`;
    const { message, hint } = emptyVariable(envName, "the server's URL (e.g. http://127.0.0.1:8080/v1)", unset);
    throw new BackendError('config', `${message}; ${hint}`);
  }
  const raw = nonEmpty(env, envName) ?? config.endpoint?.trim() ?? fallback;
  const origin = endpointOrigin(env, envName, config);
  const source = origin === 'variable' ? envName : origin === 'aac.yaml' ? `\`endpoint:\` in ${config.file ?? 'aac.yaml'}` : 'the default';
  if (!raw) {
    throw new BackendError(
      'config',
      `the ${config.provider} provider needs an endpoint: set the environment variable ${envName} (or \`endpoint:\` in aac.yaml)`,
    );
  }
  const from = origin === 'variable' ? `the environment variable ${envName}` : origin === 'aac.yaml' ? writtenEndpointPlace(config) : `the default for ${config.provider}`;
  const slip = endpointSlip(raw, basePath);
  if (slip) throw new BackendError('config', `the endpoint in ${from} ${slip}`);
  const url = new URL(raw);
  // Refused, not only redacted where printed: it would be sent in every request's URL, to the
  // host and any proxy's logs. Said without the URL, which holds it.
  const inPath = pathCredential(url);
  if (inPath !== undefined) {
    const fix = `remove it from the URL in ${origin === 'variable' ? envName : from} (aac sends no credentials from a URL) and set ${orList(variables.credentials)} instead`;
    // Ends with its fix, as the transport's errors do (errors.ts apartFromFix).
    throw new BackendError('config', `the endpoint in ${from} carries a credential in its path (${inPath}), which aac would send in every request's URL; ${fix}`, { fix });
  }
  // Only once the variable is known to be a URL: a value that is not one is refused unquoted.
  const override = endpointOverride(env, envName, config);
  if (override && warn) warn(override.message, override.hint);
  if ((url.username !== '' || url.password !== '') && warn) {
    warn(
      `${envName} (${printableUrl(raw)}) holds a user:password, which aac does not send (it sends no credentials from a URL)`,
      `remove it from ${envName}: aac sends only the provider's own credentials (${variables.credentials.join(', ')})`,
    );
  }
  const query = Object.fromEntries(url.searchParams);
  url.username = '';
  url.password = '';
  url.search = '';
  url.hash = '';
  const on = config.environment === undefined ? {} : { environment: { name: config.environment, endpointVariable: envName } };
  return { base: url.toString().replace(/\/+$/, ''), query, source, on };
}

/**
 * The credential `url`'s path carries, in words for a message (`the 'api-key' parameter`, `a
 * segment of the form of an API key`), never its value; undefined when none. A path parameter
 * named as a credential (`/v1;api-key=…`: model/credential-places.ts) is sent in every request's
 * URL and printed wherever the endpoint is; so is a segment of an OpenAI key's form (`sk-` and at
 * least 20 characters, percent-decoded: redact.ts masks one in any text), a key pasted into the
 * path. Other segments are not judged: a Foundry project's name or an Azure id is as long and as
 * random. One rule for aac.yaml's `endpoint:` (config/index.ts) and the endpoint variable
 * (resolveEndpoint), which both refuse it.
 */
export function pathCredential(url: URL): string | undefined {
  const names = urlCredentialNames(url.href, 'path');
  if (names.length > 0) return parametersNamed(names);
  return url.pathname.split('/').some((segment) => OPENAI_KEY_FORM.test(decodedSegment(segment))) ? 'a segment of the form of an API key' : undefined;
}

/** `the 'api-key' parameter`, `the 'key' and 'sig' parameters`: credential-named URL parameters in a message. */
export function parametersNamed(names: readonly string[]): string {
  return names.length === 1 ? `the '${names[0]}' parameter` : `the ${andList(names.map((k) => `'${k}'`))} parameters`;
}

/** An OpenAI API key's form (`sk-…`, `sk-proj-…`: dozens of characters, as its dashboard issues them; util/redact.ts). */
const OPENAI_KEY_FORM = /^sk-[A-Za-z0-9_-]{20,}$/;

/** The path the OpenAI protocol is served below (Connection.basePath of openai, portkey, zerobot and openai-agents). */
export const V1_PATH = '/v1';

/**
 * OpenAI's own API, where the official SDK sends requests when OPENAI_BASE_URL is not set
 * (openai-node's default `baseURL`): the default endpoint of openai and openai-agents.
 */
export const OPENAI_DEFAULT_ENDPOINT = 'https://api.openai.com/v1';

/** The `api-version` both Foundry APIs are served at (azure-foundry/AGENTS.md: `info.version` v1). */
export const DEFAULT_API_VERSION = 'v1';

/** What serves both Foundry agent APIs (ProviderInfo.servedAt): the project endpoint, `{endpoint}/assistants` and `{endpoint}/agents` (azure-foundry/AGENTS.md). */
export const FOUNDRY_PROJECT = 'an Azure AI Foundry project endpoint';

/**
 * An Azure AI Foundry project's variables, for classic and versioned agents alike (azure-foundry/AGENTS.md);
 * `signIn`, the secrets DefaultAzureCredential's service principal or user sign-in reads when no
 * token is given (@azure/identity EnvironmentCredential: AZURE_CLIENT_SECRET,
 * AZURE_CLIENT_CERTIFICATE_PASSWORD, AZURE_PASSWORD; the ids beside them are no secrets).
 */
export const FOUNDRY_VARIABLES: ProviderVariables = {
  endpoint: 'AZURE_AI_PROJECT_ENDPOINT',
  credentials: ['AAC_FOUNDRY_TOKEN'],
  signIn: ['AZURE_CLIENT_SECRET', 'AZURE_CLIENT_CERTIFICATE_PASSWORD', 'AZURE_PASSWORD'],
};

/**
 * An Azure AI Foundry project (azure-foundry/AGENTS.md): the project endpoint from
 * AZURE_AI_PROJECT_ENDPOINT or `endpoint:`, `api-version` on every call (aac.yaml's
 * `options.api_version`, else the endpoint's, else v1), and an Entra ID bearer token:
 * AAC_FOUNDRY_TOKEN if set, else DefaultAzureCredential for https://ai.azure.com/.default.
 */
export async function foundryProjectConnection(config: ProjectConfig, env: Env, listPath: string, warn?: Warn): Promise<Connection> {
  const { base, query, source, on } = resolveEndpoint(env, FOUNDRY_VARIABLES, config, warn, FOUNDRY_BASE_PATH);
  const given = headerVariable(env, FOUNDRY_VARIABLES.credentials[0]!);
  const apiVersion =
    config.options.api_version !== undefined
      ? { value: config.options.api_version, source: `options.api_version in ${config.file ?? 'aac.yaml'}` }
      : query['api-version'] !== undefined
        ? { value: query['api-version'], source: `the endpoint's query (${source})` }
        : { value: DEFAULT_API_VERSION, source: "aac's default" };
  return {
    provider: config.provider,
    baseURL: base,
    endpointSource: source,
    ...on,
    bearer: given ?? (await entraTokenSource(config.provider)),
    headers: {},
    query: { ...query, 'api-version': apiVersion.value },
    apiVersion,
    organization: null,
    project: null,
    secrets: given ? [given] : [],
    updateMethod: 'post',
    canOrder: true,
    listPath,
    basePath: FOUNDRY_BASE_PATH,
    credentialHint: given
      ? 'check AAC_FOUNDRY_TOKEN (an Entra ID token for https://ai.azure.com/.default)'
      : 'check `az login` or the service principal / OIDC login of this job, and its role on the Foundry project',
  };
}

/** The project endpoint's path (AGENTS.md: `https://<account>.services.ai.azure.com/api/projects/<project-name>`). */
export const FOUNDRY_BASE_PATH = '/api/projects/<project>';

const ENTRA_SCOPE = 'https://ai.azure.com/.default';

/**
 * Packages loaded on demand are required, not imported: `aac` runs its code from the compile
 * cache (src/compile-cache.cts), where Node 20 has no callback for a dynamic import().
 */
const requireOnDemand = createRequire(import.meta.url);

/** The range package.json's optional peer dependency allows, for the install hint. */
const IDENTITY_PACKAGE = '@azure/identity@^4.13.1';

/**
 * `@azure/identity` is most of the install and only Foundry users without AAC_FOUNDRY_TOKEN need
 * it, so it is an optional peer dependency: loaded here on demand, and when it is not installed,
 * the error says how to get it or do without it.
 */
async function loadIdentity(provider: string): Promise<typeof import('@azure/identity')> {
  try {
    return requireOnDemand('@azure/identity') as typeof import('@azure/identity');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'ERR_MODULE_NOT_FOUND' && code !== 'MODULE_NOT_FOUND') throw err;
    throw new BackendError(
      'auth',
      `provider ${provider} signs in with Entra ID through the optional package @azure/identity, which is not installed; ` +
        `install it beside aac (\`npm install --save-dev ${IDENTITY_PACKAGE}\`), ` +
        'or give a token in AAC_FOUNDRY_TOKEN (`az account get-access-token --resource https://ai.azure.com --query accessToken -o tsv`)',
    );
  }
}

/**
 * Tokens from `DefaultAzureCredential` (az login, a service principal's variables, GitHub OIDC).
 * Imported only here, so the other profiles never load @azure/identity. The credential caches
 * and refreshes tokens itself, so asking before each request is cheap and survives expiry.
 */
async function entraTokenSource(provider: string): Promise<() => Promise<string>> {
  const { DefaultAzureCredential } = await loadIdentity(provider);
  const credential = new DefaultAzureCredential();
  return async () => {
    try {
      const token = await credential.getToken(ENTRA_SCOPE);
      if (token?.token) return token.token;
    } catch (err) {
      throw new BackendError(
        'auth',
        `could not get an Entra ID token for ${ENTRA_SCOPE}: ${firstLine((err as Error).message)}; ` +
          'run `az login`, set a service principal (AZURE_CLIENT_ID, AZURE_TENANT_ID, AZURE_CLIENT_SECRET), ' +
          'or give a token in AAC_FOUNDRY_TOKEN',
      );
    }
    throw new BackendError('auth', `no Entra ID token was returned for ${ENTRA_SCOPE}; give one in AAC_FOUNDRY_TOKEN`);
  };
}

function firstLine(text: string): string {
  return text.split('\n')[0] ?? '';
}
