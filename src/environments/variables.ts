// Typed variables, as Terraform's: declared once in aac.yaml (`variables: {name: {type, default}}`),
// given a value per environment, and referenced from any string in a definition as `${var.name}`.
// A string that is exactly one reference takes the value with its type (`temperature:
// "${var.temperature}"` becomes the number); a reference inside longer text is replaced by the
// value's text. `$${` writes a literal `${`. Other `${…}` text (a prompt's own template syntax) is
// left as written.
import type { Diagnostic } from '../model/diagnostic.js';
import { eachValue, isObject, put, type Json } from '../model/json.js';
import { WHOLE_REFERENCE } from '../model/reference.js';
import { formatPath, type FieldPath } from '../yaml/source.js';
import { closest } from '../yaml/suggest.js';
import { Assembly, located, replacedAll, type LocatedDoc } from './located.js';
import type { DiagnosticCode } from '../model/diagnostic-codes.js';

export const VARIABLE_TYPES = ['string', 'number', 'integer', 'boolean'] as const;
export type VariableType = (typeof VARIABLE_TYPES)[number];

/** A variable's name, as Terraform spells them. */
export const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** Whether `value` is of `type` (an integer is a number too). */
export function hasType(value: Json, type: VariableType): boolean {
  switch (type) {
    case 'string': return typeof value === 'string';
    case 'boolean': return typeof value === 'boolean';
    case 'number': return typeof value === 'number' && Number.isFinite(value);
    case 'integer': return typeof value === 'number' && Number.isInteger(value);
  }
}

/** What the references of one environment resolve against. */
export interface Scope {
  /** The declared variables' names (for "unknown variable" and did-you-mean). */
  declared: readonly string[];
  /** The value of each declared variable that has one here (the environment's, else its default). */
  values: ReadonlyMap<string, Json>;
  /** Where the environment's values are written (`environments.prod.values (aac.yaml:14:5)`); undefined without environments. */
  valuesAt?: string;
  /** Where aac.yaml writes the value a variable has here (LocatedDoc.variableAt); undefined for one without a value. */
  valueAt?(name: string): string | undefined;
  /** Declared variables whose value here is of the wrong type (reported in aac.yaml): left as written, not reported again. */
  invalid?: ReadonlySet<string>;
  /**
   * Environments are declared but none is chosen (aac.yaml has errors): which value each variable
   * has is not known, so none is reported missing; references are left as written.
   */
  valuesUnknown?: boolean;
  /**
   * The scalar type the definition's schema wants at `path` of the document `value`
   * (yaml/wanted-type.ts wantedType, with the run's kind's schema), undefined where it wants none
   * or several: the type an undeclared variable's hint declares for a reference that is a whole
   * string there. Without it, or where it says none, the hint declares a string.
   */
  typeAt?(value: Json, path: FieldPath): VariableType | undefined;
  /**
   * The definitions are read as written (`aac migrate`, which carries the variables over to the
   * new directory): each reference is checked (a known name, a place that takes one) but no
   * string that holds one, or an escaped `$${`, is changed — a default is never written in.
   */
  asWritten?: boolean;
}

/** Fields whose value must be the same in every environment: the key is the assistant's identity. */
const NO_REFERENCES: ReadonlySet<string> = new Set(['key', 'moved_from']);

// `$${` (an escaped `${`), or `${var.NAME}` with anything up to the closing brace as NAME.
const TOKEN = /\$(\$\{)|\$\{var\.([^}]*)\}/g;

/**
 * Whether `text` (a string value, or a mapping's key) may hold a `${var.…}` reference, a near
 * miss or an escaped `$${`: every string substitution reads holds `${`; one without is left as it is.
 */
export function mayReference(text: string): boolean {
  return text.includes('${');
}

/**
 * The variable names `text` references, as substitution reads it: each `${var.NAME}` (NAME as
 * written, a malformed one too), in order, repeats kept; an escaped `$${var.x}` is none.
 */
export function referenceNames(text: string): string[] {
  return [...text.matchAll(TOKEN)].flatMap((m) => (m[2] !== undefined ? [m[2]] : []));
}

/**
 * The variables of `written` (a string with references, as YamlSource.reference gives it) that
 * bring into the text it makes what `find` finds in the whole made text (each reference with its
 * value, `value(name)`, this run's): the texts of a credential (a value; a URL's user, password and
 * token, found where the URL's shape puts them, which only the whole text may have). For each text
 * found that the text made with every reference left empty holds as often (there it is written,
 * not brought in), none; for each other, every variable whose value, made into the text with every
 * other reference left empty, holds it more often than that; every variable when none does alone
 * (their values make it together). In order, each once; [] when nothing found is brought in. An
 * escaped `$${` is read as the `${` it makes.
 */
export function broughtBy(written: string, value: (name: string) => Json | undefined, find: (text: string) => readonly string[]): string[] {
  const names = [...new Set(referenceNames(written))];
  /** The text with the value of each reference `given` takes, every other one left empty. */
  const madeWith = (given: (name: string) => boolean) => written.replace(TOKEN, (_m, escaped: string | undefined, name: string | undefined) =>
    escaped ?? (given(name!) ? String(value(name!) ?? '') : ''));
  const times = (made: string, text: string) => made.split(text).length - 1;
  const whole = madeWith(() => true);
  const empty = madeWith(() => false);
  const bringing = new Set(find(whole).flatMap((text) => {
    const asWritten = times(empty, text);
    if (times(whole, text) <= asWritten) return [];
    const alone = names.filter((name) => times(madeWith((n) => n === name), text) > asWritten);
    return alone.length > 0 ? alone : names;
  }));
  return names.filter((name) => bringing.has(name));
}

/**
 * `value` written so that a definition reads it back as exactly itself: every `${` in a string
 * value (at any depth) as `$${`, which substitution gives back as `${` (TOKEN matches the
 * rightmost `$${` of a run of `$`, so `$${` becomes `$$${` and reads back as `$${`). Mapping keys
 * are left as they are: references are not read there. For text that came from a host (aac
 * import), where a `${var.x}` or `${{ secrets.X }}` is the text's own.
 */
export function asLiteral(value: Json): Json {
  // A function, as a replacement string would read `$$` as one `$`.
  if (typeof value === 'string') return value.replaceAll('${', () => '$${');
  if (Array.isArray(value)) return value.map(asLiteral);
  if (!isObject(value)) return value;
  const out: Record<string, Json> = {};
  for (const [k, v] of Object.entries(value)) put(out, k, asLiteral(v));
  return out;
}

/**
 * `doc` with every `${var.…}` reference replaced. An unknown name, a value the environment does
 * not have, a reference in `key:` or `moved_from:`, and a malformed name are errors located at
 * the string that holds the reference; what looks like a misspelt reference is a warning there
 * (nearMissReferences). Positions are kept: a replaced value is located where its
 * reference was written. `unresolved`: the paths of the strings left as written (each error's,
 * and those whose value is reported in aac.yaml or not known), whose checks would only echo it.
 */
export function substituteVariables(doc: LocatedDoc, scope: Scope): { doc: LocatedDoc; diagnostics: Diagnostic[]; unresolved: FieldPath[]; used: Map<string, Json> } {
  const diagnostics: Diagnostic[] = [...nearMissReferences(doc), ...referencesInKeys(doc)];
  const unresolved: FieldPath[] = [];
  const used = new Map<string, Json>();
  /** The strings written with references (or an escaped `$${`) that were replaced, by their path as formatPath writes it. */
  const references = new Map<string, string>();
  const replaced: Array<[FieldPath, Json]> = [];
  // In the document's order, so problems come out in it.
  eachValue(doc.value, (v, at) => {
    if (typeof v !== 'string' || !mayReference(v)) return;
    const path = [...at];
    const out = substituteString(v, path, doc, scope, diagnostics, used);
    if (out === undefined) unresolved.push(path);
    else if (out !== v) {
      replaced.push([path, out]);
      references.set(formatPath(path), v);
    }
  });
  // The values replace strings in place, so every path keeps its position.
  const result = replaced.length > 0
    ? { ...new Assembly(doc, replacedAll(doc.value, replaced)).doc, reference: (path: FieldPath) => references.get(formatPath(path)), variableValue: (name: string) => scope.values.get(name), ...(scope.valueAt ? { variableAt: scope.valueAt } : {}) }
    : doc;
  return { doc: result, diagnostics, unresolved, used };
}

// `${` then a word and a dot (`${vars.model}`, `${env.HOME}`, `${var.model` unclosed), not escaped
// as `$${`: what may be a reference misspelt. `(?<!\$)` keeps `$${…}` (a literal) out.
const NEAR_MISS = /(?<!\$)\$\{\s*([A-Za-z_]+)\s*\.\s*([A-Za-z0-9_-]*)\}?/g;
/** Words that read as `var` to someone used to another tool's references (Terraform's `local.`, GitHub's `vars.` and `env.`). */
const NEAR_VAR = /^(vars?|variables?|locals?|env)$/i;

/**
 * Warnings for what in a string of `doc` looks like a `${var.…}` reference but is none, so it is sent as
 * written: `${vars.model}`, `${variable.x}`, `${local.x}`, `${env.HOME}`, `${Var.x}`, and a
 * `${var.model` with no closing brace. A warning, not an error: any other `${…}` is the user's text
 * (a prompt's own placeholders), which `$${` writes without one.
 */
function nearMissReferences(doc: LocatedDoc): Diagnostic[] {
  const out: Diagnostic[] = [];
  eachValue(doc.value, (v, at) => {
    if (typeof v !== 'string' || !mayReference(v)) return;
    for (const m of v.matchAll(NEAR_MISS)) {
      const [written, word, name] = m as unknown as [string, string, string];
      const exact = word === 'var' && written.startsWith('${var.');
      // A `${var.` closed further on is substituteString's (a malformed name is its error).
      if ((exact && v.includes('}', m.index)) || !NEAR_VAR.test(word)) continue;
      const literal = '$' + written;
      const message = exact
        ? `'${written}' has no closing '}', so it is not a variable reference and is sent as written`
        : `'${written}' is not a variable reference (those are \${var.NAME}), so it is sent as written${word.toLowerCase() === 'env' ? ': aac reads no environment variables in definitions' : ''}`;
      const fix = word.toLowerCase() === 'env' ? `declare a variable in aac.yaml and write \${var.${name || 'NAME'}}` : `write \${var.${name || 'NAME'}}`;
      out.push(located(doc, [...at], { code: 'near-miss-reference', severity: 'warning', message, hint: `${fix}; to send it as text, write ${literal}` }));
    }
  });
  return out;
}

/**
 * Warnings for a `${var.…}` written in a mapping's key (`metadata: { "team-${var.tier}": x }`),
 * located at the key: references are read in values only, so the key is sent as written. A
 * warning, as a near miss is: the key is the user's text, and nothing else is wrong with it.
 */
function referencesInKeys(doc: LocatedDoc): Diagnostic[] {
  const out: Diagnostic[] = [];
  eachValue(doc.value, (v, at) => {
    if (!isObject(v)) return;
    for (const key of Object.keys(v).filter((k) => k.includes('${var.'))) {
      out.push(located(doc, [...at, key], {
        code: 'reference-in-key',
        severity: 'warning',
        message: `the key '${key}' holds a \${var.…} reference, which is read in values only, so the key is sent as written`,
        hint: 'write the key itself; what differs per environment goes in a value (`key: "${var.NAME}"`) or in an overlay of that environment',
      }, 'key'));
    }
  });
  return out;
}

/** `text` with its references replaced, each value taken recorded in `used`; undefined when one could not be (the string stays as written). */
function substituteString(text: string, path: FieldPath, doc: LocatedDoc, scope: Scope, diagnostics: Diagnostic[], used: Map<string, Json>): Json | undefined {
  const fail = (code: DiagnosticCode, message: string, hint: string) => {
    diagnostics.push(located(doc, path, { code, message, hint }));
  };
  const whole = WHOLE_REFERENCE.exec(text);
  let failed = false;
  const lookup = (name: string): Json | undefined => {
    const ref = `\${var.${name}}`;
    if (NO_REFERENCES.has(String(path[0]))) {
      failed = true;
      fail('variable-not-allowed', `${ref} in '${String(path[0])}': a definition's key is the same in every environment`, 'write the key itself; what differs per environment goes in other fields or an overlay');
      return undefined;
    }
    if (!VARIABLE_NAME.test(name)) {
      failed = true;
      fail('invalid-variable', `'${ref}' is not a variable reference: a name is letters, digits, '_' and '-', starting with a letter or '_'`, 'write ${var.NAME}; to write a literal ${, write $${');
      return undefined;
    }
    if (!scope.declared.includes(name)) {
      failed = true;
      const near = closest(name, scope.declared);
      // A reference that is the whole string takes the variable's type; within text, its text.
      const type = (whole && scope.typeAt?.(doc.value, path)) || 'string';
      fail('unknown-variable', `unknown variable '${name}' in ${ref}`, near ? `did you mean \${var.${near}}?` : `declare it in aac.yaml: variables: { ${name}: { type: ${type} } }`);
      return undefined;
    }
    if (scope.asWritten) {
      failed = true;
      return undefined;
    }
    const got = scope.values.get(name);
    if (got === undefined) {
      failed = true;
      // It has a value, reported where it is wrong; or which value it has is not known.
      if (scope.invalid?.has(name) || scope.valuesUnknown) return undefined;
      fail('missing-variable-value', `${ref} has no value`, scope.valuesAt !== undefined
        ? `add ${name} under ${scope.valuesAt}, or give it a default under variables.${name} in aac.yaml`
        : `give it a default under variables.${name} in aac.yaml, or declare environments: with values`);
    } else {
      used.set(name, got);
    }
    return got;
  };
  if (whole) return lookup(whole[1]!);
  const out = text.replace(TOKEN, (match, escaped: string | undefined, name: string | undefined) => {
    if (escaped !== undefined) {
      // As written, `$${` stays: unescaped, it could read as a reference where it is written next.
      if (scope.asWritten) failed = true;
      return escaped;
    }
    const got = lookup(name!);
    return got === undefined ? match : String(got);
  });
  return failed ? undefined : out;
}
