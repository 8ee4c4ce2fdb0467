// Every command that writes definitions (import, migrate) writes only what `aac validate` accepts:
// a definition validate refuses plans nothing at all. What a command writes can hold what a
// definition may not — a live resource's 16th metadata pair where aac keeps one for its marker, a
// source value beyond the target backend's limits — so the command is refused as a whole, before
// anything is written, naming each definition's origin, the file it would write and every error
// where it would stand, as validate would report them.
import type { ResourceKind } from '../backends/backend.js';
import { contentChecks } from '../desired/index.js';
import { asSource } from '../environments/as-source.js';
import { fileDoc, type LocatedDoc } from '../environments/located.js';
import { mergeOverlay } from '../environments/merge.js';
import { substituteVariables, type Scope } from '../environments/variables.js';
import type { Definition } from '../model/definition.js';
import { placeText } from '../model/diagnostic.js';
import type { Refusal } from '../util/refusals.js';
import { andList } from '../util/words.js';
import type { FileWrite } from '../util/write-files.js';
import { yamlSource, type FieldPath, type ParsedYaml, type YamlSource } from '../yaml/source.js';
import { isObject, valueAt, type Json } from '../model/json.js';
import { isDeepStrictEqual } from 'node:util';

/** One definition a command would write, and what it was made from. */
export interface WrittenDefinition {
  /** Its origin as messages name it: a live resource's id (import), a source definition's file (migrate). */
  from: string;
  write: FileWrite;
  /** aac's own reading of `write.content`, made when the text was written (render-yaml.ts). */
  read: ParsedYaml;
  /**
   * When `write` is an environment's overlay: the base definition it is merged onto (a located
   * document, and its file as messages name it), so it is checked as validate assembles it in that
   * environment.
   */
  base?: { doc: LocatedDoc; file: string };
  /**
   * The values its `${var.…}` references take where it is checked (the directory's variables, in
   * the environment `environment` when it declares environments), when it may hold references.
   */
  scope?: Scope;
  environment?: string;
  /**
   * The source definition `write` was converted from, as written (aac migrate keeps its `${var.…}`
   * references): an error at a value a reference gave is located at that reference in the source,
   * the place to change (or whose variable's value to change), not in a file not yet written.
   */
  source?: Pick<Definition, 'spec' | 'locate'>;
}

/** A loaded definition as a located document: its fields as loaded, each where its file wrote it (numbers were checked when it loaded); `path` its file's absolute path. */
export function definitionDoc(definition: Definition, path: string): LocatedDoc {
  return { value: structuredClone(definition.spec), locate: (at) => definition.locate(at), fileOf: () => path, written: () => undefined };
}

/** What validate reads of `written`: the file alone, or an overlay merged onto its base by the overlay rule; then its references replaced. */
function asRead({ write, read, base, scope, source }: WrittenDefinition, file: string): YamlSource {
  const own = yamlSource(file, read, () => Buffer.from(write.content));
  if ((!base && !scope && !source) || read.value === undefined) return own;
  const doc = fileDoc(read.value, write.path, own);
  const assembled = base ? mergeOverlay(base.doc, doc) : doc;
  const merged = source ? atSource(assembled, source) : assembled;
  if (!scope) return asSource(merged, base?.file ?? file, own.diagnostics);
  const vars = substituteVariables(merged, scope);
  return asSource(vars.doc, base?.file ?? file, [...own.diagnostics, ...vars.diagnostics]);
}

/**
 * `doc`, a definition converted from `source` (aac migrate), with each field located where
 * `source` wrote what it was made from, the place to change: the source field whose value is
 * the same (deep-equal), under the same field name (or list index), the one whose path ends most
 * like this one's (`tools[0].function.parameters.x` for `tools[0].parameters.x`), else the first
 * in the source's order. A string with a `${var.…}` reference, copied as written, is located at
 * its value in the source under whatever name (an Assistants field for its Agents API counterpart), as is
 * a list, a mapping or a text found once there; a field the mapping made (a filled-in default)
 * and one whose value the mapping changed stay located as `doc` locates them, in the written file.
 * A missing field is looked for at its parent, where its error stands.
 */
function atSource(doc: LocatedDoc, source: Pick<Definition, 'spec' | 'locate'>): LocatedDoc {
  const sites = (v: Json): FieldPath[] => {
    const found: FieldPath[] = [];
    const walk = (at: Json, path: FieldPath): void => {
      if (isDeepStrictEqual(at, v)) found.push(path);
      if (Array.isArray(at)) at.forEach((item, i) => walk(item, [...path, i]));
      else if (isObject(at)) for (const [k, item] of Object.entries(at)) walk(item, [...path, k]);
    };
    walk(source.spec, []);
    return found;
  };
  const suffix = (a: FieldPath, b: FieldPath): number => {
    let n = 0;
    while (n < a.length && n < b.length && a[a.length - 1 - n] === b[b.length - 1 - n]) n++;
    return n;
  };
  return {
    ...doc,
    locate(path, part) {
      let at: FieldPath = path;
      while (at.length > 0 && valueAt(doc.value, at) === undefined) at = at.slice(0, -1);
      const v = valueAt(doc.value, at);
      if (v === undefined || at.length === 0) return doc.locate(path, part);
      const equal = sites(v);
      const named = equal.filter((s) => s.at(-1) === at.at(-1));
      if (named.length > 0) {
        const best = named.reduce((a, b) => (suffix(b, at) > suffix(a, at) ? b : a));
        return source.locate(best, at === path ? part : 'key');
      }
      const reference = typeof v === 'string' && v.includes('${');
      const distinct = (typeof v === 'string' && v !== '') || (v !== null && typeof v === 'object' && Object.keys(v).length > 0);
      if (equal.length > 0 && (reference || (distinct && equal.length === 1))) return source.locate(equal[0]!, reference ? 'value' : part);
      return doc.locate(path, part);
    },
  };
}

/**
 * The refusal (util/refusals.ts) that lists every definition in `definitions` that validate
 * refuses for `provider` (invalidDefinitions, errors whose code is in `covered` left out: another
 * refusal of the run names them), with `refusal`'s opening (`refusing to import: …`) and fix;
 * undefined when each is valid.
 */
export function invalidRefusal(
  definitions: readonly WrittenDefinition[],
  kind: ResourceKind,
  provider: string,
  shown: (abs: string) => string,
  refusal: { opening: string; fix: string; covered?: ReadonlySet<string> },
): Refusal | undefined {
  const problems = invalidDefinitions(definitions, kind, provider, shown, refusal.covered);
  if (problems.length === 0) return undefined;
  return { message: refusal.opening, lines: problems, hint: refusal.fix };
}

/**
 * The lines that name every definition in `definitions` that validate refuses for `provider` (its
 * parser, the kind's schema and checks, numbers that would not be sent as written; an overlay
 * merged onto its base): `  - from → file:` then `      line:column: message [field] (hint)` per
 * error (`base-file:line:column` for one that stands in an overlay's base). `shown` gives a
 * write's path as messages show it. A definition checked in several environments has each error
 * listed once, under the environments it occurs in (`  - from → file (in environments 'dev' and
 * 'prod'):`). An error whose code is in `covered` is left out. None when each is valid.
 */
export function invalidDefinitions(
  definitions: readonly WrittenDefinition[],
  kind: ResourceKind,
  provider: string,
  shown: (abs: string) => string,
  covered: ReadonlySet<string> = new Set(),
): string[] {
  /** `from → file` → each error's line → the environments it occurs in ([] without environments). */
  const found = new Map<string, Map<string, string[]>>();
  for (const written of definitions) {
    const file = shown(written.write.path);
    const errors = contentChecks(asRead(written, file), kind, provider).filter((d) => d.severity === 'error' && !covered.has(d.code));
    const heading = `${written.from} → ${file}`;
    const lines = found.get(heading) ?? new Map<string, string[]>();
    // An overlay's error may stand in its base: then the base's file is named.
    for (const e of errors) {
      const where = e.location.file === file && e.location.line !== undefined ? `${e.location.line}:${e.location.column}` : placeText(e.location);
      const line = `      ${where}: ${e.message}${e.path ? ` [${e.path}]` : ''}${e.hint ? ` (${e.hint})` : ''}`;
      lines.set(line, [...(lines.get(line) ?? []), ...(written.environment !== undefined ? [written.environment] : [])]);
    }
    if (lines.size > 0) found.set(heading, lines);
  }
  return [...found].flatMap(([heading, lines]) => {
    // The errors of one definition, by the environments they occur in, each set under one heading.
    const bySet = new Map<string, string[]>();
    for (const [line, environments] of lines) {
      const where = environments.length === 0 ? '' : ` (in environment${environments.length > 1 ? 's' : ''} ${andList(environments.map((e) => `'${e}'`))})`;
      bySet.set(where, [...(bySet.get(where) ?? []), line]);
    }
    return [...bySet].flatMap(([where, errorLines]) => [`  - ${heading}${where}:`, ...errorLines]);
  });
}
