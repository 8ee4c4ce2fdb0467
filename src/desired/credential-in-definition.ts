// A credential written into a definition, found by its place (a header named as one in an MCP
// tool's headers, a token field, the password or a credential-named query parameter of a server's
// URL: the kind's CredentialPlaces), refused whatever its value: the file is committed, and the
// value would be shown in every plan and sent as written. The value is never quoted; the error
// names the file, line, column and path, and what the API offers instead.
import type { ResourceKind } from '../backends/backend.js';
import { credentialPaths, urlCredentials } from '../model/credential-places.js';
import type { Diagnostic } from '../model/diagnostic.js';
import { pathText, valueAt, type JsonObject } from '../model/json.js';
import { andList } from '../util/words.js';
import type { YamlSource } from '../yaml/source.js';
import { referenceNames } from '../environments/variables.js';

/**
 * The variables a URL at `path` took its text from (`${var.…}` references, YamlSource.reference),
 * each with where aac.yaml writes the value it has in this run (YamlSource.variableAt): where a
 * credential they brought in is removed. [] for a URL written whole in the definition.
 */
function urlVariables(src: YamlSource, path: ReadonlyArray<string | number>): string[] {
  const written = src.reference?.([...path]);
  if (written === undefined) return [];
  return [...new Set(referenceNames(written))].map((name) => {
    const at = src.variableAt?.(name);
    return at === undefined ? `\${var.${name}}` : `\${var.${name}}, whose value is at ${at}`;
  });
}

/**
 * A `credential-in-definition` error at each credential `value` (a parsed definition) holds by its
 * place in `kind` (ResourceKind.credentials); [] for a kind without such places. A `${var.…}`
 * reference there is refused alike: a variable's value is written in aac.yaml, in the repository
 * too, and aac reads no value from the environment into a definition (README, Variables) — the
 * conservative reading, as no source says a header may hold a reference. A URL is located at its
 * value and says which of its parts carry the credential (urlCredentials), and, made from
 * variables, where aac.yaml writes their values (urlVariables).
 */
export function credentialsInDefinition(src: YamlSource, value: JsonObject, kind: Pick<ResourceKind, 'credentials'>): Diagnostic[] {
  const places = kind.credentials;
  if (!places) return [];
  return credentialPaths(value, places).map((path) => {
    const held = valueAt(value, path);
    const inUrl = typeof held === 'string' && places.urlFields.includes(String(path.at(-1))) ? urlCredentials(held) : [];
    if (inUrl.length > 0) {
      // Located at the reference; the value, where the fix goes, is aac.yaml's.
      const from = urlVariables(src, path);
      return src.diag(path, {
        code: 'credential-in-definition',
        message: `${pathText(path)} carries a credential in the URL (${andList(inUrl)}), which would be committed with the definition and shown in every plan${from.length === 0 ? '' : `; the URL is made from ${andList(from)}`}`,
        hint: `remove it from the URL${from.length === 0 ? '' : ', or from the value in aac.yaml that puts it there'} (and rotate it if it was ever committed); ${places.instead}, set up on the host`,
      }, 'value');
    }
    return src.diag(path, {
      code: 'credential-in-definition',
      message: `${pathText(path)} holds a credential (by its name or place, whatever its value), which would be committed with the definition and shown in every plan`,
      hint: `remove it (and rotate it if it was ever committed); ${places.instead}, set up on the host. A \`\${var.…}\` is refused too: its value is written in aac.yaml`,
    }, 'key');
  });
}
