// A credential written into a definition, found by its place (a header named as one in an MCP
// tool's headers, or holding `Bearer <token>` whatever its name, a token field, the password or a credential-named query parameter of a server's
// URL: the kind's CredentialPlaces), refused whatever its value: the file is committed, and the
// value would be shown in every plan and sent as written. The value is never quoted; the error
// names the file, line, column and path, and what the API offers instead.
import type { ResourceKind } from '../backends/backend.js';
import { credentialByForm, credentialPaths, urlCredentials, urlCredentialTexts } from '../model/credential-places.js';
import type { Diagnostic } from '../model/diagnostic.js';
import { pathText, valueAt, type JsonObject } from '../model/json.js';
import { andList } from '../util/words.js';
import type { YamlSource } from '../yaml/source.js';
import { bringers, valuesOf } from './brought-by.js';

/**
 * A `credential-in-definition` error at each credential `value` (a parsed definition) holds by its
 * place in `kind` (ResourceKind.credentials); [] for a kind without such places. A `${var.…}`
 * reference there is refused alike: a variable's value is written in aac.yaml, in the repository
 * too, and aac reads no value from the environment into a definition (README, Variables) — the
 * conservative reading, as no source says a header may hold a reference. A URL is located at its
 * value and says which of its parts carry the credential (urlCredentials), and, made from
 * variables, which of them bring it in and where the config file writes their values (bringers).
 */
export function credentialsInDefinition(src: YamlSource, value: JsonObject, kind: Pick<ResourceKind, 'credentials'>): Diagnostic[] {
  const places = kind.credentials;
  if (!places) return [];
  return credentialPaths(value, places).map((path) => {
    const held = valueAt(value, path);
    const inUrl = typeof held === 'string' && places.urlFields.includes(String(path.at(-1))) ? urlCredentials(held) : [];
    if (inUrl.length > 0) {
      // Located at the reference; the value, where the fix goes, is the config file's: of the
      // variables the URL is made of, those whose values hold its password or token, not its host.
      const from = bringers(src, path, urlCredentialTexts);
      return src.diag(path, {
        code: 'credential-in-definition',
        message: `${pathText(path)} carries a credential in the URL (${andList(inUrl)}), which would be committed with the definition and shown in every plan${from.length === 0 ? '' : `; it comes from ${andList(from.map((b) => b.shown))}`}`,
        hint: `remove it from the URL${from.length === 0 ? '' : `, or from ${valuesOf(from)} that ${from.length === 1 ? 'puts' : 'put'} it there`} (and rotate it if it was ever committed); ${places.instead}, set up on the host`,
      }, 'value');
    }
    return src.diag(path, {
      code: 'credential-in-definition',
      message: `${pathText(path)} holds a credential (${credentialByForm(String(path.at(-1)), held) ? 'an authentication scheme and its token, whatever the header\'s name' : 'by its name or place, whatever its value'}), which would be committed with the definition and shown in every plan`,
      hint: `remove it (and rotate it if it was ever committed); ${places.instead}, set up on the host. A \`\${var.…}\` is refused too: its value is written in aac.yaml`,
    }, 'key');
  });
}
