// The value of a credential this run holds (each provider's key and token variables: the list the
// redactor masks, registry.ts credentialsIn) written into a file aac reads — a definition, a
// fragment or overlay it is assembled from, its instructions_file, aac.yaml. An error, each place
// with its file, line, column and field, and the variable it is the value of, never the value:
// every plan and pull-request comment shows it as [redacted], but apply sends the file's text as
// written (into a live prompt), so the plan reviewed would never show what is applied; and the
// file is meant to be committed, where nothing redacts it. Whether a file holds one depends on the
// variables of the machine running aac — and that machine's key is the one apply would send. Only
// the exact configured values count: text that only looks like a key (`sk-…` of no variable) is
// shown as written in every plan, so review sees what is sent. Only values holdsSecret looks for
// inside data count (of MIN_SECRET_AS_SUBSTRING characters or more): an emulator's `test` or
// `dummy` is a placeholder, not a credential, and ordinary words hold it.
import type { CredentialPlaces } from '../model/credential-places.js';
import type { Diagnostic } from '../model/diagnostic.js';
import { eachValue, pathText } from '../model/json.js';
import { lineAndColumn } from '../util/json-syntax.js';
import { REDACTED } from '../util/redact.js';
import { andList } from '../util/words.js';
import type { YamlSource } from '../yaml/source.js';
import { bringers, valuesOf, type Bringer } from './brought-by.js';
import { credentialFinder, type Credential } from './credential-names.js';

/** The diagnostic code of such an error. */
export const CREDENTIAL_VALUE = 'credential-value';

/**
 * `instead`: what the API offers for a credential at this field (an MCP tool's headers), or
 * undefined for any other field (a prompt, a description). `through`: the variables whose
 * `${var.…}` references brought it into the field (their values are the config file's), when the
 * field is written without it.
 */
function error(location: Diagnostic['location'], field: string, what: string, c: Credential, instead: string | undefined, through?: readonly Bringer[]): Diagnostic {
  const variable = c.variable ?? 'a configured credential';
  const remove = through === undefined
    ? 'remove it'
    : `remove the credential from ${valuesOf(through)}, or the reference from this field`;
  return {
    severity: 'error',
    code: CREDENTIAL_VALUE,
    location,
    path: field,
    message: `${what} holds the value of ${variable}${through === undefined ? '' : ` through ${andList(through.map((b) => b.shown))}`}, a credential this run reads: every plan shows it as ${REDACTED}, but apply would send it to the host as written, and the file is meant to be committed`,
    hint: `${remove} (and rotate ${variable} if the file was ever committed): ${instead ?? 'keys and tokens stay out of prompts and definitions; aac reads them from the environment only, and a tool that needs one gets it from the platform\'s connection or credential mechanism'}`,
  };
}

/** Whether `path` lies where the kind keeps a tool's credentials (a `headers` map, a `within` of ResourceKind.credentials), where its `instead` is the fix. */
function atCredentialPlace(path: ReadonlyArray<string | number>, places: CredentialPlaces | undefined): boolean {
  return places !== undefined && path.some((step) => typeof step === 'string' && (places.headerMaps.includes(step) || places.secretFields.some((f) => f.within === step)));
}

/**
 * A `credential-value` error at each string value and mapping key of `src` (a parsed file, or
 * an assembled definition, whose fields locate in the file that wrote them) that holds the value
 * of one of `credentials`, in document order: located at the value (at the key for a key), its
 * `path` the field's with a key that holds one shown as `[redacted]`. A string a `${var.…}`
 * reference made is judged by its text as written, and by the value it was made into: one that
 * holds a credential only once made is refused here too, naming the variables that bring it in
 * and where the config file writes their values (bringers; the value is refused there too), so
 * the definition that uses it is not counted valid.
 * `places`: where the kind keeps a tool's credentials (ResourceKind.credentials): a value there
 * gets its `instead` as the fix, any other the generic one. `namedElsewhere`: fields a more
 * specific check refuses a credential in (what names a definition or the namespace:
 * credential-names.ts), left to it. [] when no credential is long enough to be looked for (redact.ts secretFinder).
 */
export function credentialValues(src: YamlSource, credentials: readonly Credential[], places?: CredentialPlaces, namedElsewhere: (path: ReadonlyArray<string | number>) => boolean = () => false): Diagnostic[] {
  const find = credentialFinder(credentials);
  if (!find || src.value === undefined) return [];
  const out: Diagnostic[] = [];
  const at = (path: ReadonlyArray<string | number>, c: Credential, part: 'key' | 'value', through?: readonly Bringer[]) => {
    // The field as shown: each key on the way that holds a credential as [redacted].
    const field = pathText(path.map((step) => (typeof step === 'string' && find(step) ? REDACTED : step)));
    out.push(error(src.locate([...path], part), field, part === 'key' ? `the field name ${field}` : field, c, atCredentialPlace(path, places) ? places!.instead : undefined, through));
  };
  eachValue(src.value, (v, path) => {
    if (namedElsewhere(path)) return false;
    const key = path[path.length - 1];
    const inKey = typeof key === 'string' ? find(key) : undefined;
    if (inKey) at(path, inKey, 'key');
    const written = path.length > 0 && src.reference ? src.reference(path) : undefined;
    const text = written ?? (typeof v === 'string' ? v : undefined);
    if (text === undefined) return true;
    const c = find(text);
    if (c) at(path, c, 'value');
    // Written without one, made with one by a reference: named with the variable that holds it.
    const made = !c && written !== undefined && typeof v === 'string' ? find(v) : undefined;
    if (made) {
      // None when the text around the references makes it (a variable's empty value joins it): said as written.
      const by = bringers(src, [...path], (text) => (text.includes(made.value) ? [made.value] : []));
      at(path, made, 'value', by.length > 0 ? by : undefined);
    }
    return false;
  });
  return out;
}

/**
 * The `credential-value` error for a text file read whole into the field `field` (an
 * instructions_file's prompt: `file` as messages show it), at the line and column of the first
 * value of `credentials` it holds; [] when it holds none (redact.ts secretFinder).
 */
export function credentialValuesInText(file: string, text: string, field: string, credentials: readonly Credential[]): Diagnostic[] {
  const c = credentialFinder(credentials)?.(text);
  if (!c) return [];
  const { line, column } = lineAndColumn(text, text.indexOf(c.value));
  return [error({ file, line, column }, field, `the text of ${field}`, c, undefined)];
}
