// Which files a run of a definitions directory reads as definitions: the directory's walk, less
// the overlay directories of the environments aac.yaml declares (never walked), those of the
// environments it no longer declares (walked, and left unread: the load says so), and the folders
// below its top that hold an aac.yaml of their own (definitions directories of their own, as a
// Terraform root module never reads a subdirectory's files: left unread, and the load says so). One answer for
// the load (desired/index.ts loadDefinitions) and for `aac migrate --verify`, which asks which of
// a directory's definitions migrate would not write.
import { posixRelative, shownPath } from './paths.js';
import { ownDirectories, ownDirectoryOf, type Discovered } from './discover.js';
import { repoRoot, type RepoBoundary } from './repo-root.js';
import { READ_EACH_TIME, type FileReads } from './shared-reads.js';
import { NO_ENVIRONMENTS, undeclaredOverlayDirs, type Environments, type UndeclaredOverlays } from '../environments/config.js';
import { overlayDirs } from '../environments/definition-assembler.js';
import { pathFoldWhenNeeded, type PathFold } from '../util/path-case.js';

export interface DefinitionFiles {
  /** The repository (or directory) the walk stays inside (desired/repo-root.ts). */
  boundary: RepoBoundary;
  /** How the directory's file system compares names (util/path-case.ts). */
  fold: PathFold;
  /** The walk as made: every file found, the directories it could not list, the configs and other names it does not read. */
  discovered: Discovered;
  /** The files read as definitions: `discovered.files` but those in `retired`, in the same order. */
  files: Discovered['files'];
  /** The overlay directories of environments aac.yaml does not declare, each with its files (none read as definitions). */
  retired: UndeclaredOverlays[];
  /**
   * The folders below the top that hold an aac.yaml (`rel`, `/`-separated below the directory;
   * the outermost of folders inside each other), each with the files the walk found in it (none
   * read as definitions: they are that directory's own run's), sorted by `rel`.
   */
  nested: Array<{ rel: string; files: Discovered['files'] }>;
}

/**
 * The definition files of the definitions directory `dir` (absolute) as a run with aac.yaml's
 * `environments` (none when absent) reads them: walked by `reads` (READ_EACH_TIME when absent;
 * desired/shared-reads.ts) without the declared environments' overlay directories
 * (environments/definition-assembler.ts overlayDirs), those of undeclared ones left out after
 * (environments/config.ts undeclaredOverlayDirs), each compared as `fold` says (probed when
 * absent: pathFoldWhenNeeded). `cwd`: what paths in messages are shown relative to; `onFound`: as
 * discoverDefinitionFiles'. Throws what the walk throws (a `.aacignore` that cannot be read).
 */
export async function definitionFiles(
  dir: string,
  { cwd, environments = NO_ENVIRONMENTS, fold = pathFoldWhenNeeded(dir), onFound, reads = READ_EACH_TIME }: { cwd: string; environments?: Environments; fold?: PathFold; onFound?: (count: number) => void; reads?: FileReads },
): Promise<DefinitionFiles> {
  const boundary = repoRoot(dir);
  const discovered = await reads.walk(dir, boundary, (p) => shownPath(cwd, p), overlayDirs(environments), onFound, fold);
  const retired = undeclaredOverlayDirs(discovered.files.map((f) => f.rel), environments.environments.map((e) => e.overlays), fold);
  const outer = ownDirectories(discovered.configs.map((c) => posixRelative(dir, c)));
  const rootOf = (rel: string) => ownDirectoryOf(rel, outer);
  const nested = outer.map((rel) => ({ rel, files: discovered.files.filter((f) => rootOf(f.rel) === rel) }));
  const unread = new Set(retired.flatMap((r) => r.rels));
  const files = unread.size === 0 && outer.length === 0 ? discovered.files : discovered.files.filter((f) => !unread.has(f.rel) && rootOf(f.rel) === undefined);
  return { boundary, fold, discovered, files, retired, nested };
}
