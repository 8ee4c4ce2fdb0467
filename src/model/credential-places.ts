// Credentials known by their place rather than their value: a header named as one in a tool's
// headers map (an MCP server's), a field that holds an access token or a secret to inject, the
// user:password@ or a credential-named query parameter of a URL the host calls (an MCP server's
// `server_url`). aac cannot tell a live token
// from a harmless value, so the place is enough: validate refuses a value there in a definition
// (it would be committed and shown in every plan), import refuses to write one, and every
// rendering of live data shows one as [redacted] (util/redact.ts DataRedactor). Which places a
// kind has is its data (ResourceKind.credentials); which header and query parameter names are
// credentials is stated here, once.
import { isObject } from './json.js';

/**
 * HTTP header names that carry credentials by convention (`Authorization`, `Authentication` and
 * `Auth`, which some servers take instead, `X-API-Key`, `X-Auth-Token`, `Cookie`, a name ending in
 * `-Key`: Azure API Management's `Ocp-Apim-Subscription-Key`, Azure Functions' `x-functions-key`,
 * …), in any letter case.
 */
export const CREDENTIAL_HEADER = /authori[sz]ation|^auth(?:entication)?$|api[-_]?key|(?:^|[-_])key$|token|secret|password|cookie|^x-[a-z-]*auth/i;

/**
 * A header value that is a credential whatever its header's name: an HTTP authentication scheme
 * (`Bearer`, `Basic`) and its credentials, a token68 (RFC 9110 §11.4: letters, digits and
 * `-._~+/`, then `=` padding) of 8 characters or more with a digit in it — a token, a JWT, a
 * base64 `user:password`, as a gateway forwards one under its own name (`X-Upstream: Bearer …`);
 * words (`Bearer only`, `Basic authentication`) are not one.
 */
const CREDENTIAL_HEADER_VALUE = /^\s*(?:bearer|basic)\s+(?=[A-Za-z._~+/-]*\d)[A-Za-z0-9._~+/-]{8,}=*\s*$/i;

/** Whether a header `name` with `value` carries a credential: by its name (CREDENTIAL_HEADER), or by its value's form (credentialByForm). */
function credentialHeader(name: string, value: unknown): boolean {
  return CREDENTIAL_HEADER.test(name) || credentialByForm(name, value);
}

/** Whether a header `name` with `value` carries a credential by its value's form alone (CREDENTIAL_HEADER_VALUE), its name being no credential's: what a message says of it. */
export function credentialByForm(name: string, value: unknown): boolean {
  return !CREDENTIAL_HEADER.test(name) && typeof value === 'string' && CREDENTIAL_HEADER_VALUE.test(value);
}

/**
 * Query parameter names that carry credentials by convention, in any letter case: aac's own rule
 * (README, Hosts and credentials), for aac.yaml's `endpoint:` and a definition's URLs alike. A name
 * that holds `key`, `token`, `sig`, `secret` or `password`/`passwd` (`?sig=`, `?api-key=`,
 * `?access_token=`, `?client_secret=`), and the short names that are one only whole: Azure
 * Functions' function key `?code=` (Microsoft Learn, "Work with access keys in Azure Functions":
 * "the key value in the code query string"; an MCP server hosted there is called at
 * `…/runtime/webhooks/mcp/sse?code=…`), `?auth=` and `?pwd=`, which as parts of a name would
 * take `?zipcode=` or `?oauth_version=` for one.
 */
export const CREDENTIAL_QUERY_PARAMETER = /key|token|sig|secret|password|passwd|^(?:code|auth|pwd)$/i;

/**
 * What of `url` carries a credential, as words for a message: its userinfo (`user:password@`, a
 * user alone too: `https://TOKEN@host` is how a token is often put there) and each path, query or
 * fragment parameter named as one (CREDENTIAL_QUERY_PARAMETER) with a value — a fragment's too, as
 * OAuth's implicit grant returns its token there (`#access_token=…`, RFC 6749 §4.2.2); [] for a
 * URL without, or text that is no absolute URL (the schema's to judge).
 */
export function urlCredentials(url: string): string[] {
  const parts = credentialParts(url);
  if (parts === undefined) return [];
  const named = (where: UrlPart) => {
    const names = parameterNames(parts, where);
    return names.length > 0 ? [`its ${where} parameter${names.length === 1 ? '' : 's'} ${names.map((n) => `'${n}'`).join(', ')}`] : [];
  };
  return [...(parts.userinfo.length > 0 ? ['its user:password@'] : []), ...named('path'), ...named('query'), ...named('fragment')];
}

/** The names (decoded, each once) of `url`'s `where` parameters named as a credential with a value (urlCredentials); [] for none or no absolute URL. */
export function urlCredentialNames(url: string, where: UrlPart): string[] {
  const parts = credentialParts(url);
  return parts === undefined ? [] : parameterNames(parts, where);
}

const parameterNames = (parts: NonNullable<ReturnType<typeof credentialParts>>, where: UrlPart): string[] =>
  [...new Set(parts.parameters.filter((p) => p.in === where).map(({ name }) => name))];

/**
 * The texts of `url` that carry a credential (the parts urlCredentials names): its user name and
 * password, and each credential-named query or fragment parameter's value, as the URL spells them
 * (WHATWG's serialization: percent-encoded where the input was), none empty; [] for none or no
 * absolute URL. What a message asks of them is which `${var.…}` brought each in (desired/brought-by.ts).
 */
export function urlCredentialTexts(url: string): string[] {
  const parts = credentialParts(url);
  return parts === undefined ? [] : [...parts.userinfo, ...parts.parameters.map(({ text }) => text)];
}

/**
 * The parts of a URL that hold `name=value` pairs: its path's parameters (`/v1;api-key=…`, RFC 3986
 * §3.3's `;`-separated parameters of a segment, which some servers still read), its query and its fragment.
 */
export type UrlPart = 'path' | 'query' | 'fragment';

/** The credential parts of `url` (urlCredentials): the non-empty user name and password, and each path, query or fragment parameter named as one with a value (its name decoded, its value as written); undefined for no absolute URL. */
function credentialParts(url: string): { userinfo: string[]; parameters: Array<{ name: string; text: string; in: UrlPart }> } | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  const parameters = [
    ...parsed.pathname.split('/').flatMap((segment) => credentialPairs(segment.split(';').slice(1).join('&'))).map((p) => ({ ...p, in: 'path' as const })),
    ...credentialPairs(parsed.search.slice(1)).map((p) => ({ ...p, in: 'query' as const })),
    ...credentialPairs(parsed.hash.slice(1)).map((p) => ({ ...p, in: 'fragment' as const })),
  ];
  return { userinfo: [parsed.username, parsed.password].filter((t) => t !== ''), parameters };
}

/**
 * Each `name=value` of `pairs` (a query or a fragment without its `?` or `#`) whose name is a
 * credential's (CREDENTIAL_QUERY_PARAMETER) and whose value is not empty: its name read as
 * URLSearchParams reads it, its value as written.
 */
function credentialPairs(pairs: string): Array<{ name: string; text: string }> {
  if (pairs === '') return [];
  return pairs.split('&').flatMap((pair) => {
    const eq = pair.indexOf('=');
    const [name, text] = eq < 0 ? [pair, ''] : [pair.slice(0, eq), pair.slice(eq + 1)];
    const decoded = new URLSearchParams(`${name}=`).keys().next().value ?? '';
    return text !== '' && CREDENTIAL_QUERY_PARAMETER.test(decoded) ? [{ name: decoded, text }] : [];
  });
}

/** Where a kind's definitions hold credentials by their place (ResourceKind.credentials). */
export interface CredentialPlaces {
  /** Keys of string maps whose members named as credentials (CREDENTIAL_HEADER) hold one: `headers`. */
  headerMaps: readonly string[];
  /**
   * Members that hold a credential whatever their value: `key` of an object whose `type` is `type`
   * (`{ key: 'authorization', type: 'mcp' }`), or of an object reached under the key `within`, itself
   * or as an item of the list there (`{ key: 'value', within: 'domain_secrets' }`).
   */
  secretFields: ReadonlyArray<{ key: string; type?: string; within?: string }>;
  /**
   * Members whose value is a URL the host calls (an MCP server's `server_url`): one that carries a
   * credential (urlCredentials) holds one there, shown with those parts alone as [redacted].
   */
  urlFields: readonly string[];
  /** What the API offers instead, as a clause for the hints: "give the MCP server a vault credential named by the tool's `credential_id` instead". */
  instead: string;
}

/** Whether `value` holds something: null, '' and an absent member carry no credential. */
function held(value: unknown): boolean {
  return value !== null && value !== undefined && value !== '';
}

/** Where an object was read: under the key `under` (undefined at the top), as an item of the list there when `item`. */
export interface Reached {
  under: string | undefined;
  item: boolean;
}

/** Whether what an object holds depends on where it was `reached` (a header map, a `within`), not only on itself. */
export function placeMatters(places: CredentialPlaces, reached: Reached): boolean {
  const { under, item } = reached;
  if (under === undefined) return false;
  if (!item && places.headerMaps.includes(under)) return true;
  // Indexed, with no callback: asked of every object a plan redacts.
  for (let i = 0; i < places.secretFields.length; i++) if (places.secretFields[i]!.within === under) return true;
  return false;
}

/** The names of the members of `object`, `reached` as said, that hold a credential by their place; none when it has no such member. */
export function credentialMembers(places: CredentialPlaces, object: Readonly<Record<string, unknown>>, reached: Reached): readonly string[] {
  // Asked of every object of every definition and every object a plan redacts, which almost never
  // holds one: indexed loops (no iterator made), and a list made only for a member found.
  let names: string[] | undefined;
  if (reached.under !== undefined && !reached.item && places.headerMaps.includes(reached.under)) {
    for (const [name, value] of Object.entries(object)) if (credentialHeader(name, value) && held(value)) (names ??= []).push(name);
  }
  for (let i = 0; i < places.secretFields.length; i++) {
    const { key, type, within } = places.secretFields[i]!;
    const here = type !== undefined ? object.type === type : within !== undefined && reached.under === within;
    if (here && Object.hasOwn(object, key) && held(object[key]) && !names?.includes(key)) (names ??= []).push(key);
  }
  for (let i = 0; i < places.urlFields.length; i++) {
    const key = places.urlFields[i]!;
    const value = object[key];
    if (typeof value === 'string' && urlCredentials(value).length > 0 && !names?.includes(key)) (names ??= []).push(key);
  }
  return names ?? NO_MEMBERS;
}

/** What credentialMembers gives for an object with none (most): one empty list, never changed. */
const NO_MEMBERS: readonly string[] = Object.freeze([]);

/**
 * The paths (`['tools', 0, 'transport', 'headers', 'Authorization']`) of every credential `value`
 * (plain data: a definition, a live spec) holds by its place, in document order.
 */
export function credentialPaths(value: unknown, places: CredentialPlaces): Array<Array<string | number>> {
  const found: Array<Array<string | number>> = [];
  // One path, extended and cut back as the walk goes, copied only for a credential found; only
  // lists and objects are entered (a definition is mostly strings). Every definition of every
  // plan is walked, and a path and a place made for each of its values were most of the walk.
  const path: Array<string | number> = [];
  const walk = (v: object, reached: Reached) => {
    if (Array.isArray(v)) {
      const inList: Reached = { under: reached.under, item: true };
      for (let i = 0; i < v.length; i++) {
        const item: unknown = v[i];
        if (item === null || typeof item !== 'object') continue;
        path.push(i);
        walk(item, inList);
        path.pop();
      }
      return;
    }
    const members = credentialMembers(places, v as Record<string, unknown>, reached);
    for (const k of Object.keys(v)) {
      const item: unknown = (v as Record<string, unknown>)[k];
      if (members.includes(k)) found.push([...path, k]);
      else if (item !== null && typeof item === 'object') {
        path.push(k);
        walk(item, { under: k, item: false });
        path.pop();
      }
    }
  };
  if (isObject(value) || Array.isArray(value)) walk(value, { under: undefined, item: false });
  return found;
}
