// What `aac migrate` says about the source: each loss, choice, name collision and note once, as a
// line of text (`assistants/a.yaml:3:5: tools[0] — …`) and, with `--format json`, as a record of
// the document printed on success or a diagnostic of the error document.
import type { Diagnostic, DiagnosticLocation } from '../model/diagnostic.js';
import { sanitize } from '../util/invisible.js';
import type { DiagnosticCode } from '../model/diagnostic-codes.js';
import type { Drift } from './migrate-live.js';

/**
 * One thing said about the source: at a place in a file (`file`, `line`, `column`), at a file alone
 * (an aac.yaml setting), or of the run (none); `path`, the field as pathText writes it;
 * `environment`, when it holds in that environment alone.
 */
export interface Said {
  file?: string;
  line?: number;
  column?: number;
  path?: string;
  environment?: string;
  text: string;
}

/**
 * What a note says of the migration: a value that changed shape but kept its meaning (a name
 * slugged), a `$ref` written out, what is not carried over, the aac.yaml kept in --out, or a
 * variable left out of the new aac.yaml because the migration dropped every reference to it.
 */
export type NoteKind = 'changed' | 'inlined' | 'not-carried' | 'kept-config' | 'unused-variable';

/** `file:line:column: in environment 'prod': path — text`, each part only when there is one. */
export function saidText(s: Said): string {
  const place = s.file === undefined ? '' : s.line === undefined ? `${s.file} — ` : `${s.file}:${s.line}:${s.column ?? 1}: `;
  return `${place}${s.environment !== undefined ? `in environment '${s.environment}': ` : ''}${s.path !== undefined ? `${s.path} — ` : ''}${s.text}`;
}

/**
 * A note as a migration keeps it: its kind, and `mechanical` when it is bookkeeping alike in every
 * definition (the `id:` pins not carried), which the text counts rather than lists; `changed`
 * notes are mechanical too (a value that changed shape, its meaning kept).
 */
export type Note = Said & { kind: NoteKind; mechanical?: true };

/**
 * What a migration that wrote its files says on stdout above its summary, in the order a reader
 * needs it: each field dropped as `--accept-losses` accepted (`losses`: its `lines`, a field at
 * each place part of it is written, and the `count` of fields) first, one a line under a heading
 * naming `target` and the count; each difference from the source's live resources (`sourceMany`) that
 * `--accept-drift` accepted (`drift`, migrate-live.ts) alike; then each other note (an include written out, a setting not carried,
 * a variable left out) a line; then the mechanical ones, counted: `changed` notes of one field
 * path in more than one place as one line with the first as an example (`--format json` lists
 * each), and the others as they are. A fleet's dozens of slugged names and pins then no longer
 * bury the one field that could not carry over.
 */
export function notesText(losses: { lines: readonly Said[]; count: number }, drift: readonly Said[], notes: readonly Note[], target: string, sourceMany: string): string[] {
  const lines: string[] = [];
  if (losses.count > 0) {
    lines.push(`${losses.count} ${losses.count === 1 ? 'field' : 'fields'} dropped (no counterpart in ${target}), as --accept-losses accepted:`);
    lines.push(...losses.lines.map((l) => `  ${saidText(l)}`));
  }
  if (drift.length > 0) {
    lines.push(`${drift.length} ${drift.length === 1 ? 'difference' : 'differences'} from the live ${sourceMany}, migrated as the definitions have ${drift.length === 1 ? 'it' : 'them'}, as --accept-drift accepted:`);
    lines.push(...drift.map((d) => `  ${saidText(d)}`));
  }
  const mechanical = (n: Note) => n.kind === 'changed' || n.mechanical === true;
  lines.push(...notes.filter((n) => !mechanical(n)).map(saidText));
  const changed = new Map<string, Note[]>();
  for (const n of notes.filter((n) => n.kind === 'changed')) changed.set(n.path ?? '', [...(changed.get(n.path ?? '') ?? []), n]);
  for (const [path, alike] of changed) {
    const [first] = alike as [Note];
    const { path: _, ...unpathed } = first;
    lines.push(alike.length === 1 ? saidText(first) : `${path} — ${alike.length} values changed shape, their meaning kept, e.g. ${saidText(unpathed)}; --format json lists each`);
  }
  lines.push(...notes.filter((n) => n.kind !== 'changed' && n.mechanical === true).map(saidText));
  return lines;
}

/** Things said, each once (by its text), in the order first said. */
export class SaidOnce<T extends Said = Said> {
  private readonly byText = new Map<string, T>();
  add(s: T): void {
    const text = saidText(s);
    if (!this.byText.has(text)) this.byText.set(text, s);
  }
  get size(): number {
    return this.byText.size;
  }
  texts(): string[] {
    return [...this.byText.keys()];
  }
  items(): T[] {
    return [...this.byText.values()];
  }
}

/**
 * `said` as error diagnostics of `code` (`migrate-loss`, `migrate-choice`, `migrate-collision`),
 * with `hint`: the located problems behind a refusal, for `--format json`'s error document.
 */
export function saidDiagnostics(said: readonly Said[], code: DiagnosticCode, hint: string): Diagnostic[] {
  return said.map((s) => {
    const location: DiagnosticLocation = s.line === undefined ? { file: s.file ?? '' } : { file: s.file!, line: s.line, column: s.column ?? 1 };
    return { severity: 'error', code, location, path: s.path ?? '', message: `${s.environment !== undefined ? `in environment '${s.environment}': ` : ''}${s.text}`, hint };
  });
}

/**
 * Readers accept any 2.x; a change that breaks them bumps the major (as the plan, validate and
 * import documents). 2.0: `retire` became a list of commands (a string before, which held a
 * placeholder `--env NAME` for a source with environments), and `valid` and `error_count` came;
 * 2.1 added `live` (the source's live state, migrate-live.ts); 2.2: an item of `next` whose plan
 * needs the endpoint set first says that step before the command, as the text's Next: does (the
 * command alone, run as printed, planned against the provider's default host); 2.3: and the
 * namespace to set first where the plan would be refused for want of one (outside a git repository).
 * The document's JSON Schema, schema/output/migrate-report.schema.json, says each bump too (test/output-schemas).
 */
export const MIGRATE_FORMAT_VERSION = '2.4';

/** What a migration wrote and said, for migrateJson. Paths are as shown (relative to the working directory). */
export interface MigrateOutcome {
  provider: string;
  from: { dir: string; provider: string };
  out: string;
  written: Array<{ file: string; replaced: boolean }>;
  definitions: number;
  overlays: number;
  fragments: number;
  losses: readonly Said[];
  notes: ReadonlyArray<Said & { kind: NoteKind }>;
  next: readonly string[];
  retire: readonly string[];
  /** The source's live state as read, per environment (migrate-live.ts readLive). */
  live: ReadonlyArray<{ environment?: string; endpoint?: string; unread?: string; drift: readonly Drift[] }>;
}

const place = (s: Said) => ({ file: s.file ?? null, line: s.line ?? null, column: s.line === undefined ? null : (s.column ?? 1), path: s.path ?? null, environment: s.environment ?? null });

/**
 * The `--format json` document of a migration that wrote its files, snake_case like the other
 * documents: `{format_version, valid, error_count, provider, from: {dir, provider}, out, written:
 * [{file, replaced}], definitions, overlays, fragments, losses: [{file, line, column, path,
 * environment, why}], notes: [{kind, file, line, column, path, environment, note}], next,
 * retire, live: [{environment, read, endpoint, unread, drift: [{kind, file, line, column, path,
 * environment, why}]}]}`; absent values are null. `valid` and `error_count` are those of the error document a
 * refusal prints (render/diagnostics.ts errorJson: `false` and at least 1), so a job gates on
 * `valid` either way: here `true` and 0. `losses` are the fields dropped as --accept-losses
 * accepted them; `retire` are commands to run as printed, one per environment, and `next` the
 * steps the text's Next: line says, one per environment: the plan to run as printed, or, where the
 * endpoint or the namespace must be set first, those steps (joined by `; and `), then `, then: `
 * and the plan.
 */
export function migrateJson(o: MigrateOutcome): string {
  const doc = {
    format_version: MIGRATE_FORMAT_VERSION,
    valid: true,
    error_count: 0,
    provider: o.provider,
    from: o.from,
    out: o.out,
    written: o.written,
    definitions: o.definitions,
    overlays: o.overlays,
    fragments: o.fragments,
    // Sentences that quote the source's values (a name, a path): escaped as the text prints them
    // (util/invisible.ts), so a job that posts them cannot pass on a right-to-left override.
    losses: o.losses.map((l) => ({ ...place(l), why: sanitize(l.text) })),
    notes: o.notes.map((n) => ({ kind: n.kind, ...place(n), note: sanitize(n.text) })),
    next: o.next,
    retire: o.retire,
    live: o.live.map((r) => ({
      environment: r.environment ?? null,
      read: r.unread === undefined,
      endpoint: r.endpoint ?? null,
      unread: r.unread ?? null,
      drift: r.drift.map((d) => ({ kind: d.kind, ...place(d), why: sanitize(d.text) })),
    })),
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}
