// `aac migrate --verify`, after the cut-over: whether the new backend's live resources carry what
// the source's live resources do, but the fields the migration lists as losses. No request
// compares the two APIs' resources directly (their shapes differ; the mapping is the comparison),
// so it is checked as a chain of three links aac reads already, each said on its own line:
//   1. the source's live state matches its definitions (no drift: migrate-live.ts), per environment;
//   2. the new directory holds what migrate writes from those definitions, file for file (its
//      aac.yaml aside: endpoints and settings are added there by hand), and no definition besides
//      (one whose source is gone would still plan, and keep its live resource, from there);
//   3. the new live state matches the new directory (its plan, per environment, has nothing to do).
// Every link holding, the new live resources are the mapping of the old ones. Nothing is written.
import { readFileSync } from 'node:fs';
import type { CommandContext } from './command.js';
import { loadProjectConfig } from '../config/index.js';
import { definitionFiles } from '../desired/definition-files.js';
import type { FileWrite } from '../util/write-files.js';
import type { FileReads } from '../desired/shared-reads.js';
import { liveWhere, matchedLine, readLive, type LiveRead } from './migrate-live.js';
import { saidText, type Said } from './migrate-report.js';
import { plural } from '../util/words.js';

/** What a verification is given: the migration as it would be written now, and how to say each place. */
export interface VerifyInput {
  srcDir: string;
  outDir: string;
  /** The environments both directories declare (the new aac.yaml is the source's, converted); [] for none. */
  environments: readonly string[];
  /** Every file the migration would write; `configPath` (the new aac.yaml) is not compared. */
  writes: readonly FileWrite[];
  configPath: string;
  /** The new backend's provider: the new directory is read with it, whatever --provider said of the source. */
  provider: string;
  /** The fields that have no counterpart (the listed losses), as said: each at every place part of it is written. */
  losses: readonly Said[];
  /** How many fields `losses` lists (each once, however many places it is listed at). */
  lossCount: number;
  /** The source's and the new backend's resources, plural (`assistants`, `agents`), and one of the new backend's (`agent`). */
  nouns: { source: string; target: string; targetOne: string };
  shown: (abs: string) => string;
  /** The run's reads of `srcDir` (desired/shared-reads.ts): its plans take the files from there. */
  reads: FileReads;
  /**
   * The plan that checks the source's live state (`src`) and the new one's (`out`) in an
   * environment, as a sentence says it to run: `` `aac plan --dir DIR [--env NAME] --detailed-exitcode` ``
   * in a code span, after any step it needs first (a namespace to set).
   */
  checks: { src: (environment?: string) => string; out: (environment?: string) => string };
}

/**
 * Checks the three links (above) and returns what to print on stdout (`lines`) and what failed
 * (`failed`, one line per break; [] when verified). A live state that cannot be read (no
 * credentials) breaks its link: it was not checked. Throws what reading the live state throws.
 */
export async function verifyMigration(ctx: CommandContext, v: VerifyInput): Promise<{ lines: string[]; failed: string[] }> {
  const src = v.shown(v.srcDir);
  const out = v.shown(v.outDir);
  const lines: string[] = [];
  const failed: string[] = [];

  const differing = v.writes.filter((w) => w.path !== v.configPath && !holds(w)).map((w) => `${v.shown(w.path)} — ${w.replaces ? 'differs from' : 'missing:'} what migrate writes from ${src}/ now (a hand edit since the migration, or the source changed since)`);
  const extra = await definitionsNotWritten(ctx.io.cwd, v);
  differing.push(...extra.map((path) => `${v.shown(path)} — a definition migrate does not write from ${src}/ now (its source was removed or renamed since the migration): remove it and, if it was applied, prune its live ${v.nouns.targetOne} (an apply of ${out}/ with --prune, in each environment it was applied in)`));
  const compared = v.writes.filter((w) => w.path !== v.configPath).length;
  if (differing.length === 0) lines.push(`${out}/ holds what migrate writes from ${src}/ (${compared} ${plural(compared, 'file', 'files')}, its aac.yaml aside)`);
  failed.push(...differing);

  const said = (reads: readonly LiveRead[], dir: string, many: string) => {
    for (const r of reads) {
      const matched = matchedLine(r, dir, many);
      if (matched !== undefined) lines.push(matched);
      if (r.unread !== undefined) failed.push(`the live ${many} of ${liveWhere(dir, r.environment)} were not read (${r.unread}): give them and run again`);
      failed.push(...r.drift.map((d) => (d.kind === 'live' ? `${dir}/ — ${saidText(d)}` : saidText(d))));
    }
  };
  said(await readLive(ctx, v.srcDir, v.environments, v.checks.src, v.reads), src, v.nouns.source);
  said(await readLive({ ...ctx, global: { ...ctx.global, provider: v.provider } }, v.outDir, v.environments, v.checks.out), out, v.nouns.target);

  if (v.lossCount > 0) {
    lines.push(`${v.lossCount} ${plural(v.lossCount, 'field has', 'fields have')} no counterpart, so the new ${v.nouns.target} do not carry ${plural(v.lossCount, 'it', 'them')}:`);
    lines.push(...v.losses.map((l) => `  ${saidText(l)}`));
  }
  return { lines, failed };
}

/** Whether the file `w` would write holds its content already (false when it cannot be read). */
function holds(w: FileWrite): boolean {
  try {
    return readFileSync(w.path).equals(Buffer.from(w.content, 'utf8'));
  } catch {
    return false;
  }
}

/**
 * The files (absolute) a run on the new directory reads as definitions that the migration would
 * not write (`v.writes`), as the loader finds them (desired/definition-files.ts: what it leaves out
 * — the overlay directories of the environments the directory's aac.yaml declares, and of those it
 * no longer declares, hidden, `_` and ignored files, other names), compared as the directory's file
 * system compares names. Throws what the walk throws (a `.aacignore` that cannot be read); a
 * directory it cannot list is the plan's to refuse (the third link).
 */
async function definitionsNotWritten(cwd: string, v: VerifyInput): Promise<string[]> {
  const { environments } = await loadProjectConfig(v.outDir, { cwd, provider: v.provider });
  const { files, fold } = await definitionFiles(v.outDir, { cwd, environments });
  const written = new Set(v.writes.map((w) => fold(w.path)));
  return files.map((f) => f.path).filter((path) => !written.has(fold(path)));
}
