// The value of a credential this run holds (each provider's key and token variables: the list the
// redactor masks, registry.ts credentialsIn) written into a file aac reads — a definition, a
// fragment or overlay it is assembled from, its instructions_file, aac.yaml. Every output already
// shows it as [redacted], but the file is meant to be committed, where nothing redacts it: each
// place is warned of with its file, line, column and field, and the variable it is the value of,
// never the value. A warning, not an error: whether a file holds "a credential" depends on which
// variables the machine running aac has set, and a commit must not be valid in CI (no key) and
// invalid on a laptop (the key set); the value is never shown, and apply sends the file's value as
// written, as it would any other text. Only values holdsSecret looks for inside data count (of
// MIN_SECRET_AS_SUBSTRING characters or more): an emulator's `test` or `dummy` is a placeholder,
// not a credential, and ordinary words hold it.
import type { Diagnostic } from '../model/diagnostic.js';
import { eachValue, pathText } from '../model/json.js';
import { lineAndColumn } from '../util/json-syntax.js';
import { REDACTED } from '../util/redact.js';
import type { YamlSource } from '../yaml/source.js';
import { credentialFinder, type Credential } from './credential-names.js';

/** The diagnostic code of such a warning. */
export const CREDENTIAL_VALUE = 'credential-value';

function warning(location: Diagnostic['location'], field: string, what: string, c: Credential, instead: string | undefined): Diagnostic {
  const variable = c.variable ?? 'a configured credential';
  return {
    severity: 'warning',
    code: CREDENTIAL_VALUE,
    location,
    path: field,
    message: `${what} holds the value of ${variable}, in a file meant to be committed: aac shows it as ${REDACTED}, but the file keeps it`,
    hint: `remove it (and rotate ${variable} if the file was ever committed): keys and tokens come from the environment only${instead ? `; ${instead}` : ''}`,
  };
}

/**
 * A `credential-value` warning at each string value and mapping key of `src` (a parsed file, or
 * an assembled definition, whose fields locate in the file that wrote them) that holds the value
 * of one of `credentials`, in document order: located at the value (at the key for a key), its
 * `path` the field's with a key that holds one shown as `[redacted]`. A string a `${var.…}`
 * reference made is judged by its text as written (the value is aac.yaml's, warned of there).
 * `instead`: where the kind keeps a tool's credential (ResourceKind.credentials.instead), for the
 * hint. [] when no credential is long enough to be looked for (redact.ts secretFinder).
 */
export function credentialValues(src: YamlSource, credentials: readonly Credential[], instead?: string): Diagnostic[] {
  const find = credentialFinder(credentials);
  if (!find || src.value === undefined) return [];
  const out: Diagnostic[] = [];
  const at = (path: ReadonlyArray<string | number>, c: Credential, part: 'key' | 'value') => {
    // The field as shown: each key on the way that holds a credential as [redacted].
    const field = pathText(path.map((step) => (typeof step === 'string' && find(step) ? REDACTED : step)));
    out.push(warning(src.locate([...path], part), field, part === 'key' ? `the field name ${field}` : field, c, instead));
  };
  eachValue(src.value, (v, path) => {
    const key = path[path.length - 1];
    const inKey = typeof key === 'string' ? find(key) : undefined;
    if (inKey) at(path, inKey, 'key');
    const written = path.length > 0 && src.reference ? src.reference(path) : undefined;
    const text = written ?? (typeof v === 'string' ? v : undefined);
    if (text === undefined) return true;
    const c = find(text);
    if (c) at(path, c, 'value');
    return false;
  });
  return out;
}

/**
 * The `credential-value` warning for a text file read whole into the field `field` (an
 * instructions_file's prompt: `file` as messages show it), at the line and column of the first
 * value of `credentials` it holds; [] when it holds none (redact.ts secretFinder).
 */
export function credentialValuesInText(file: string, text: string, field: string, credentials: readonly Credential[]): Diagnostic[] {
  const c = credentialFinder(credentials)?.(text);
  if (!c) return [];
  const { line, column } = lineAndColumn(text, text.indexOf(c.value));
  return [warning({ file, line, column }, field, `the text of ${field}`, c, undefined)];
}
