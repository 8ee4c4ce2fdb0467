// `aac import` records the settings it ran with when they came from outside the directory
// (`--namespace` or AAC_NAMESPACE, `--provider`), so the next `aac plan` without the flags reads the
// files in the same vocabulary and plans in the same scope. The lines are added to the definitions
// directory's aac.yaml (created when there is none); every other byte of an existing file,
// comments included, is kept.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { parse, stringify } from 'yaml';
import { CONFIG_FILES } from '../desired/discover.js';
import { NAMESPACE_ENV, type ResolvedNamespace } from '../config/namespace.js';
import { UserError } from '../util/errors.js';
import { readRegularTextAsWritten } from '../util/read-regular.js';
import { MAX_FILE_BYTES } from '../yaml/source.js';
import type { FileWrite } from '../util/write-files.js';
import type { SourceLocation } from '../model/definition.js';
import { codeSpan } from '../util/code-span.js';

/** Sources that live outside the directory: a later run without them would plan elsewhere. */
const TRANSIENT_SOURCES = new Set(['--namespace', NAMESPACE_ENV]);

/** The settings an import ran with, and where they came from. */
export interface ImportSettings {
  namespace: ResolvedNamespace;
  /** aac.yaml's `namespace:` as loaded (the selected environment's, when it sets one). */
  configNamespace: string | undefined;
  /** Where aac.yaml writes each setting it has (config's `namespaceAt`, `providerAt`), for the error when a flag says otherwise. */
  at?: { namespace?: SourceLocation & { environment?: string }; provider?: SourceLocation };
  /** `--provider`, when given on the command line. */
  providerFlag?: string;
  /** The environment imported from (`--env`): its settings in aac.yaml, not the top level, name its provider. */
  environment?: string;
  /**
   * The namespace the directory plans in without the flag (its path's: config/namespace.ts), and
   * the keys of its definitions whose live resources that namespace manages (their markers), when
   * aac.yaml names none: recording another would move those out of their scope.
   */
  pathScope?: { namespace: string; keys: readonly string[] };
}

/** What an import recorded in aac.yaml: each setting written, null when it needed no line. */
export interface RecordedSettings {
  namespace: string | null;
  provider: string | null;
}

/** The settings recorded, as `[field, value]` in the order they were written. */
export function recordedEntries(recorded: RecordedSettings): Array<[string, string]> {
  return Object.entries(recorded).filter((e): e is [string, string] => e[1] !== null);
}

/**
 * The aac.yaml write that records the settings given only by flag or environment, with what it
 * records, or undefined when nothing needs recording (each came from aac.yaml or a default, or the
 * import selected an environment, whose own settings name its provider) or `writing` is false (an
 * import that writes no file records nothing). Throws a UserError, before anything is written,
 * when aac.yaml names another namespace or provider — whether or not the import writes, as the
 * run is then in another scope than the directory's, and the adoptions it suggests would take
 * resources there — or, when writing, the lines cannot be added without changing what the file
 * already says; its hint repeats the run's `flags` (` --dir ws`: commands/suggest.ts runFlags) in
 * the import to run again.
 */
export function settingsWrite(
  dir: string,
  settings: ImportSettings,
  shown: (path: string) => string,
  flags: string,
  writing: boolean,
): { write: FileWrite; recorded: RecordedSettings } | undefined {
  const path = CONFIG_FILES.map((name) => join(dir, name)).find((p) => existsSync(p)) ?? join(dir, CONFIG_FILES[0]!);
  const got = readRegularTextAsWritten(path, MAX_FILE_BYTES);
  if (typeof got !== 'string' && got.code !== 'file-not-found') throw new UserError(`cannot read ${shown(path)}: ${got.reason}; nothing was written`, got.hint);
  // Kept as found: a byte order mark (an editor's on Windows) stays, and the lines added end as the
  // file's first line does (CRLF, LF or a lone CR), so a Windows checkout's file is not left mixed.
  const bom = typeof got === 'string' && got.startsWith('\uFEFF') ? '\uFEFF' : '';
  const before = typeof got === 'string' ? got.slice(bom.length) : undefined;
  const eol = (before !== undefined ? /\r\n|\r|\n/.exec(before)?.[0] : undefined) ?? '\n';
  const parsed: unknown = before === undefined ? undefined : parse(before);
  const old: Record<string, unknown> = parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};

  const wanted: Array<{ field: 'namespace' | 'provider'; value: string; source: string }> = [];
  const { namespace } = settings;
  if (TRANSIENT_SOURCES.has(namespace.source)) wanted.push({ field: 'namespace', value: namespace.namespace, source: namespace.source });
  if (settings.providerFlag !== undefined && settings.environment === undefined) wanted.push({ field: 'provider', value: settings.providerFlag, source: '--provider' });

  const lines: string[] = [];
  const recorded: RecordedSettings = { namespace: null, provider: null };
  for (const { field, value, source } of wanted) {
    const current = field === 'namespace' ? settings.configNamespace : old[field];
    if (current === value) continue;
    if (current !== undefined) {
      const at = settings.at?.[field];
      const whose = at && 'environment' in at && at.environment !== undefined ? ` for environment '${at.environment}'` : '';
      const message = `${shown(path)} names the ${field} '${String(current)}'${whose}, but ${source} says '${value}'; nothing was written`;
      const hint = `import with the ${field} of ${shown(path)} (without ${source}), or change ${codeSpan(`${field}:`)} in ${shown(path)} first`;
      if (!at) throw new UserError(message, hint);
      throw UserError.at({ severity: 'error', code: 'setting-conflict', location: { file: at.file, line: at.line, column: at.column }, path: field, message, hint });
    }
    if (!writing) continue;
    if (field === 'namespace') refuseScopeMove(dir, settings, value, source, shown(path), shown);
    // stringify quotes a value YAML would read as another type (`1.0`, `true`).
    lines.push(`${field}: ${stringify(value).trimEnd()}${eol}`);
    recorded[field] = value;
  }
  if (lines.length === 0) return undefined;
  if (before === undefined) return { write: { path, content: lines.join(''), replaces: false }, recorded };
  const content = `${before}${before === '' || /[\r\n]$/.test(before) ? '' : eol}${lines.join('')}`;
  // Appending is safe for a block mapping or a file of comments; anything else (a flow mapping, a
  // document end marker) is left to the user rather than rewritten.
  let now: unknown;
  try {
    now = parse(content);
  } catch {
    now = undefined;
  }
  const added = recordedEntries(recorded);
  if (!isDeepStrictEqual(now, { ...old, ...Object.fromEntries(added) })) {
    throw new UserError(
      `cannot add ${added.map(([k]) => `the ${k}`).join(' and ')} to ${shown(path)} without rewriting it; nothing was written`,
      `add ${lines.map((l) => `${codeSpan(l.trimEnd())}`).join(' and ')} to ${shown(path)} by hand, then run ${codeSpan(`aac import${flags}`)} again`,
    );
  }
  return { write: { path, content: `${bom}${content}`, replaces: true }, recorded };
}

/**
 * Throws a UserError when recording `value` as the namespace would move definitions the directory
 * manages, in the namespace its path gives, to another scope: the next plan would create each a
 * second time and leave the live ones to no directory (the scope change is `--adopt-namespace`'s).
 */
function refuseScopeMove(dir: string, settings: ImportSettings, value: string, source: string, file: string, shown: (path: string) => string): void {
  const scope = settings.pathScope;
  if (!scope || scope.keys.length === 0 || scope.namespace === value) return;
  const n = scope.keys.length;
  const listed = scope.keys.slice(0, 3).map((k) => `'${k}'`).join(', ') + (n > 3 ? `, … ${n - 3} more` : '');
  throw new UserError(
    `${shown(dir)}/ plans in the namespace '${scope.namespace}' (its path: no aac.yaml names one), where ${n} of its definitions ${n === 1 ? 'is' : 'are'} managed (${listed}); recording ${source} '${value}' in ${file} would move ${n === 1 ? 'it' : 'them'} to '${value}', and the next plan would create ${n === 1 ? 'it' : 'them'} a second time; nothing was written`,
    `import into '${scope.namespace}' without ${source}, or into a directory of its own (--dir); to move this one to '${value}', set ${codeSpan(`namespace: ${value}`)} in ${file} and plan with ${codeSpan(`--adopt-namespace ${scope.namespace}`)}`,
  );
}
