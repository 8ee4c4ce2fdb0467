// What an import did, for people (text) and for scripts (json). Names and marker keys come from
// live data, so they are escaped before they reach a terminal.
import { painter } from './format.js';
import { plural } from '../util/words.js';
import { sanitize } from '../util/invisible.js';
import { alikeNote, ESCAPES_NOTE, formatAlikePair, printsAlike } from '../util/look-alike.js';
import { skippedMessage, type ImportBuild, type SkippedAssistant } from '../import/generate.js';
import type { ResourceKind } from '../backends/backend.js';
import { LEGACY_MARKER_KEY, MARKER_PREFIX } from '../model/marker.js';
import { recordedEntries, type RecordedSettings } from '../import/settings-file.js';
import { managedTotal, type ManagedLeftAlone } from '../import/select.js';
import type { NextCommands } from '../apply/outcome.js';
import { codeSpan } from '../util/code-span.js';
import { orList } from '../util/words.js';

export interface ImportOutcome extends ImportBuild {
  /** The definitions directory as shown, relative to the working directory. */
  dir: string;
  /**
   * The commands suggested next (commands/suggest.ts nextCommands), with the flags that reach what
   * this run read: `--namespace` and `--provider` when given on the command line, unless aac.yaml now records them.
   */
  next: NextCommands;
  /** The namespace the imported assistants are adopted into (their marker on the next apply). */
  namespace: string;
  /**
   * aac.yaml, when settings given only by flag or environment (the namespace from --namespace or
   * AAC_NAMESPACE, the provider from --provider) were recorded there: created, or lines added.
   */
  configFile: { file: string; created: boolean; recorded: RecordedSettings } | null;
  /** The environment imported from (`--env`), whose overlay holds the pins; null without one. */
  environment: string | null;
  /** The other environments aac.yaml declares, in its order: a base definition written is theirs too. */
  otherEnvironments: string[];
  dryRun: boolean;
  /** Skipped assistants named with `--id`, whatever the reason (`--force` or `--replace-differing` would import it, another namespace manages it, import writes no file for its key, …): the command fails. */
  refused: SkippedAssistant[];
  managedLeftAlone: ManagedLeftAlone;
  /** The backend kind's nouns, for every count of what was imported or left alone. */
  nouns: ResourceKind['nouns'];
}

/**
 * The id and the name JSON-quoted, so a newline or escape sequence in either stays on one line,
 * inert, and what JSON leaves as it is (a right-to-left override, a C1 control) escaped too.
 */
function label(a: { id: string; name: string | null }, names: readonly (string | null)[]): string {
  const id = sanitize(a.id);
  if (a.name === null || a.name === '') return id;
  // A name that prints as another of the report's does (`Café` composed and decomposed) is shown
  // with the code points that differ as `\u{…}`, as --target and the plan show such keys.
  const alike = names.find((n): n is string => n !== null && printsAlike(a.name!, n));
  return `${id} ${alike === undefined ? sanitize(JSON.stringify(a.name)) : `${formatAlikePair(a.name, alike, Infinity)[0]} (${alikeNote(alike, a.name)}; ${ESCAPES_NOTE})`}`;
}

/** Whose the managed resources are: `2 by this namespace 'a', 1 by the namespace 'b', 1 with the previous marker aac:key`. */
function managedOwners(m: ManagedLeftAlone, namespace: string): string {
  return [
    ...(m.namespace > 0 ? [`${m.namespace} by this namespace '${namespace}'`] : []),
    ...m.otherNamespaces.map((o) => `${o.count} by the namespace '${o.namespace}'`),
    ...(m.legacy > 0 ? [`${m.legacy} with the previous marker ${LEGACY_MARKER_KEY} (no namespace)`] : []),
  ].join(', ');
}

/**
 * `Next: …`: what the next plan should show. Those that carry no marker of this namespace yet are
 * adopted by the next apply (the plan shows only that); those it already manages were rewritten
 * from the live state (`--force`), so the plan shows nothing for them, and needs no apply.
 */
function nextLine(o: ImportOutcome): string {
  const { one, many } = o.nouns;
  const adopted = o.imported.filter((a) => !a.managed).length;
  const rewritten = o.imported.length - adopted;
  const marker = `adding the marker ${MARKER_PREFIX}${o.namespace}`;
  if (adopted === 0) return `Next: run ${codeSpan(o.next.plan)} — the files were rewritten from the live state, so it should show no changes.`;
  const adoption = rewritten === 0
    ? `it should show only the adoption (${marker})`
    : `it should show only the adoption of ${adopted} ${plural(adopted, one, many)} (${marker}); the ${rewritten} already managed ${plural(rewritten, 'was', 'were')} rewritten from the live state and should show no changes`;
  return `Next: run ${codeSpan(o.next.plan)} — ${adoption} — then ${codeSpan(o.next.apply)}.`;
}

export function renderImportText(o: ImportOutcome, color: boolean): string {
  const p = painter(color);
  const lines: string[] = [];
  const n = o.imported.length;
  const { one, many } = o.nouns;
  const names = [...o.imported, ...o.skipped].map((a) => a.name);
  if (n > 0) {
    const verb = o.dryRun ? 'Would import' : 'Imported';
    const environment = o.environment === null ? '' : `, environment ${o.environment}`;
    lines.push(`${verb} ${n} ${plural(n, one, many)} into ${o.dir}/ (namespace '${o.namespace}'${environment}):`);
    for (const a of o.imported) {
      const mark = a.replaces ? p.yellow('~') : p.green('+');
      const replaced = a.replaces ? ' (replaced)' : '';
      lines.push(`  ${mark} ${a.file}${replaced}  ${label(a, names)}`);
      if (a.instructionsFile) lines.push(`      instructions in ${a.instructionsFile}`);
      for (const kept of a.keptLive ?? []) lines.push(`      ${p.yellow('!')} the live ${sanitize(kept.line)} is not written: a definition cannot hold it ${kept.why}; every update keeps it as it is`);
      if (a.overlayFile !== undefined && a.overlayFile !== a.file) lines.push(`      ${a.nameNeededIn ? 'id pinned and name' : 'id pinned'} in ${a.overlayFile}`);
      if (a.discarded) {
        const single = a.discarded.length === 1;
        lines.push(`      ${p.yellow('!')} ${a.file}: ${a.discarded.join(', ')} ${single ? 'differs' : 'differ'} from the live ${one} and ${o.dryRun ? 'would be' : single ? 'is' : 'are'} replaced by its values`);
      }
      if (a.pinAdded) lines.push(`      ${codeSpan(`id: ${sanitize(a.id)}`)} added: the file had no \`id:\`, and now pins this ${one} by its id`);
      for (const other of a.nameNeededIn ?? []) {
        lines.push(`      ${p.yellow('!')} environment '${other.environment}' shares this project, where this name is taken: give it its own name in ${other.overlay} (\`name: …\`)`);
      }
    }
  } else {
    lines.push(o.skipped.length > 0 ? 'Nothing imported.' : `No unmanaged ${many} to import.`);
  }
  if (o.configFile) {
    const { file, created, recorded } = o.configFile;
    const added = recordedEntries(recorded);
    const names = added.map(([k]) => `the ${k}`).join(' and ');
    lines.push(`${o.dryRun ? 'Would record' : 'Recorded'} ${names} in ${file}${created ? ' (created)' : ''}: ${added.map(([k, v]) => `${k}: ${v}`).join(', ')}`);
  }
  if (o.skipped.length > 0) {
    lines.push('', `Skipped ${o.skipped.length}:`);
    for (const s of o.skipped) lines.push(`  ${p.dim('-')} ${label(s, names)}: ${sanitize(skippedMessage(s))}`);
  }
  const m = managedTotal(o.managedLeftAlone);
  if (m > 0) {
    lines.push('', `${m} ${plural(m, `${one} is`, `${many} are`)} already managed by aac and ${plural(m, 'was', 'were')} left alone: ${managedOwners(o.managedLeftAlone, o.namespace)}.`);
  }
  const bases = o.imported.filter((a) => a.overlayFile !== undefined && a.overlayFile !== a.file).length;
  if (bases > 0 && o.otherEnvironments.length > 0) {
    // The pin is this environment's, the definition every environment's: an import in staging is a create in prod.
    const them = plural(bases, 'it', 'them');
    lines.push('', `${p.yellow('!')} ${bases === 1 ? 'The base definition' : `The ${bases} base definitions`} written ${plural(bases, 'is', 'are')} every environment's, not only the '${o.environment}' environment's: the next plan of ${orList(o.otherEnvironments.map((e) => `'${e}'`))} plans ${them} there too.`);
  }
  if (n > 0) lines.push('', o.dryRun ? 'Dry run: nothing was written. Run without --dry-run to write the files.' : nextLine(o));
  return `${lines.join('\n')}\n`;
}

/**
 * Readers accept any 1.x; a change that breaks them bumps the major (as the plan and validate
 * documents). The document's JSON Schema, schema/output/import-report.schema.json, says each bump
 * too (test/output-schemas).
 */
export const IMPORT_FORMAT_VERSION = '1.8';

/**
 * The `--format json` document, snake_case like the plan and validate documents: `{format_version,
 * dry_run, namespace, namespace_file: {file, created} | null, config_file: {file, created, recorded:
 * {namespace, provider}} | null, environment, imported: [{id, name, key, file, instructions_file, overlay_file, name_needed_in: [{environment, overlay_file}], kept_live, replaces, discarded}], skipped: [{id, name,
 * reason, key, file, message, refused, differing}], managed_left_alone, managed_left_alone_by: {namespace,
 * other_namespaces: {<namespace>: count}, legacy}}`; absent values are null, never left out.
 */
export function renderImportJson(o: ImportOutcome): string {
  const doc = {
    format_version: IMPORT_FORMAT_VERSION,
    dry_run: o.dryRun,
    namespace: o.namespace,
    // Kept for 1.2 readers: aac.yaml when it recorded the namespace (config_file says all it recorded).
    namespace_file: o.configFile?.recorded.namespace ? { file: o.configFile.file, created: o.configFile.created } : null,
    config_file: o.configFile && { file: o.configFile.file, created: o.configFile.created, recorded: o.configFile.recorded },
    environment: o.environment,
    imported: o.imported.map((a) => ({
      id: a.id,
      name: a.name,
      key: a.key,
      file: a.file,
      instructions_file: a.instructionsFile ?? null,
      // 1.5: the environment's overlay written for it (its id pin), so every file written is listed.
      overlay_file: a.overlayFile ?? null,
      // 1.6: the other environments' overlays that need a name of their own (the name went into overlay_file: they share its project).
      name_needed_in: (a.nameNeededIn ?? []).map((n) => ({ environment: n.environment, overlay_file: n.overlay })),
      // 1.7: what the live resource holds that a definition cannot write, and every update keeps (path and value).
      kept_live: (a.keptLive ?? []).map((k) => k.line),
      replaces: a.replaces,
      // 1.8: the replaced definition's fields that differed from the live resource, replaced by its values (--replace-differing); [] when none.
      discarded: a.discarded ?? [],
    })),
    skipped: o.skipped.map((s) => ({
      id: s.id,
      name: s.name,
      reason: s.reason,
      key: s.key ?? null,
      file: s.file ?? null,
      message: skippedMessage(s),
      refused: o.refused.includes(s),
      // 1.8: with --force, the fields its definition holds that differ from it (an edit not applied yet), left alone without --replace-differing; [] otherwise.
      differing: s.differing ?? [],
    })),
    managed_left_alone: managedTotal(o.managedLeftAlone),
    managed_left_alone_by: {
      namespace: o.managedLeftAlone.namespace,
      other_namespaces: Object.fromEntries(o.managedLeftAlone.otherNamespaces.map((n) => [n.namespace, n.count])),
      legacy: o.managedLeftAlone.legacy,
    },
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}
