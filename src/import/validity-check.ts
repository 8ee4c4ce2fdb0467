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
import { UserError } from '../util/errors.js';
import { andList } from '../util/words.js';
import type { FileWrite } from '../util/write-files.js';
import { yamlSource, type FieldPath, type ParsedYaml, type YamlSource } from '../yaml/source.js';
import { isObject, valueAt, type Json } from '../model/json.js';

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
  if ((!base && !scope) || read.value === undefined) return own;
  const doc = fileDoc(read.value, write.path, own);
  const assembled = base ? mergeOverlay(base.doc, doc) : doc;
  const merged = source ? atSourceReferences(assembled, source) : assembled;
  if (!scope) return asSource(merged, base!.file, own.diagnostics);
  const vars = substituteVariables(merged, scope);
  return asSource(vars.doc, base?.file ?? file, [...own.diagnostics, ...vars.diagnostics]);
}

/**
 * `doc` with each string that holds a `${var.…}` reference located where `source` wrote the same
 * string (the value position; of several, the one under the same field name, else the first in
 * the source's order): a converted definition copies such strings as written, so that is where the
 * reference stands. Everything else is located as `doc` locates it.
 */
function atSourceReferences(doc: LocatedDoc, source: Pick<Definition, 'spec' | 'locate'>): LocatedDoc {
  const sites = new Map<string, FieldPath[]>();
  const walk = (v: Json, path: FieldPath): void => {
    if (Array.isArray(v)) v.forEach((item, i) => walk(item, [...path, i]));
    else if (isObject(v)) for (const [k, item] of Object.entries(v)) walk(item, [...path, k]);
    else if (typeof v === 'string' && v.includes('${')) sites.set(v, [...(sites.get(v) ?? []), path]);
  };
  walk(source.spec, []);
  return {
    ...doc,
    locate(path, part) {
      const v = valueAt(doc.value, path);
      const at = typeof v === 'string' ? sites.get(v) : undefined;
      if (!at) return doc.locate(path, part);
      return source.locate(at.find((p) => p.at(-1) === path.at(-1)) ?? at[0]!, 'value');
    },
  };
}

/**
 * Throws a UserError (exit 1) listing every definition in `definitions` that validate refuses for
 * `provider` (invalidDefinitions), after `refusal`'s opening (`refusing to import: …`), with its
 * fix. Returns when each is valid.
 */
export function refuseInvalid(
  definitions: readonly WrittenDefinition[],
  kind: ResourceKind,
  provider: string,
  shown: (abs: string) => string,
  refusal: { opening: string; fix: string },
): void {
  const problems = invalidDefinitions(definitions, kind, provider, shown);
  if (problems.length === 0) return;
  throw new UserError([`${refusal.opening}; nothing was written:`, ...problems], refusal.fix);
}

/**
 * The lines that name every definition in `definitions` that validate refuses for `provider` (its
 * parser, the kind's schema and checks, numbers that would not be sent as written; an overlay
 * merged onto its base): `  - from → file:` then `      line:column: message [field] (hint)` per
 * error (`base-file:line:column` for one that stands in an overlay's base). `shown` gives a
 * write's path as messages show it. A definition checked in several environments has each error
 * listed once, under the environments it occurs in (`  - from → file (in environments 'dev' and
 * 'prod'):`). None when each is valid.
 */
export function invalidDefinitions(
  definitions: readonly WrittenDefinition[],
  kind: ResourceKind,
  provider: string,
  shown: (abs: string) => string,
): string[] {
  /** `from → file` → each error's line → the environments it occurs in ([] without environments). */
  const found = new Map<string, Map<string, string[]>>();
  for (const written of definitions) {
    const file = shown(written.write.path);
    const errors = contentChecks(asRead(written, file), kind, provider).filter((d) => d.severity === 'error');
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
