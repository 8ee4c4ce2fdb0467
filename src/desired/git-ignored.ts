// Files git ignores are there where the plan is made and missing from every clone. A file a
// definition reads — `instructions_file: notes.md` with notes.md in .gitignore, a `$ref` into an
// ignored directory — makes CI's checkout plan without it, or fail, and its text, which may be a
// local secret, goes into this plan and its pull request's comment. A file aac reads itself — a
// definition file, an overlay, aac.yaml — plans here and never reaches the pull request: CI plans
// without the definition (and with --prune deletes its assistant), without the overlay, or with
// the default settings. Only git knows its ignore rules whole (nested .gitignore files,
// .git/info/exclude, core.excludesFile, and that a tracked file is never ignored), so git is
// asked: the run's one `git ls-files` (git-listing.ts) clears the files it lists, and one `git
// check-ignore` names the rule of each of the others, when there are any.
import { execFile } from 'node:child_process';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import type { Definition } from '../model/definition.js';
import type { Diagnostic } from '../model/diagnostic.js';
import { references, type Reference } from './references.js';
import { realOrResolved, realPaths } from '../util/real-path.js';
import { gitEnvironment, gitFailure, GIT_TIMEOUT_MS } from './git-process.js';
import type { GitListing } from './git-listing.js';
import { shownPath } from './paths.js';
import { repoRoot, type RepoBoundary } from './repo-root.js';
import { codeSpan } from '../util/code-span.js';
import { pathWord } from '../util/shell-word.js';
import { andList } from '../util/words.js';

/** The warning's code. */
export const GIT_IGNORED = 'git-ignored-file' as const;

/** OwnFile's role of a definition file and of aac.yaml, by which the directory's warning counts them. */
export const DEFINITION_FILE = 'definition file';
export const PROJECT_CONFIG = 'project config';

/** The rule that makes git ignore a file: where it is written, its line there, its pattern. */
export interface IgnoreRule {
  /** The file the rule is in, absolute; undefined for the user's core.excludesFile, not the repository's. */
  file?: string;
  line: number;
  pattern: string;
}

/** Asks git which files it ignores, each file once however many loads ask (validate loads once per environment). */
export interface IgnoreCheck {
  /**
   * For each of `files` (absolute real paths) and `dirs` (absolute real paths of directories: the
   * definitions directory, which git may ignore as a whole) that git ignores, the rule that does;
   * those outside a git work tree are not asked of. A file the run's listing holds (GitListing:
   * tracked, or untracked and not ignored) is not ignored, and git is not asked of it; the others
   * are asked of `git check-ignore`, once per work tree they are in (one, unless some are in a
   * submodule: git will not answer for a path inside one), with `dirs` there, and only when one of
   * `files` there is to be asked: a directory's rule is wanted only for the files it ignores. A
   * path asked of before is not asked again. When git is absent or fails, nothing is ignored, and
   * `debug` is told why.
   */
  ignored(files: readonly string[], dirs?: readonly string[]): Promise<ReadonlyMap<string, IgnoreRule>>;
}

/**
 * An IgnoreCheck that runs git with `env` (the run's environment, without the variables that
 * would point it at another repository), telling `debug` what it asked and why it could not;
 * `listing`, the run's GitListing, answers for the files it lists.
 */
export function gitIgnoreCheck({ env, debug, listing }: { env: Readonly<Record<string, string | undefined>>; debug?: (line: string) => void; listing?: GitListing }): IgnoreCheck {
  const known = new Map<string, IgnoreRule | null>();
  const gitEnv = gitEnvironment(env);
  const rootOf = new Map<string, RepoBoundary>();
  return {
    async ignored(files, dirs = []) {
      const listed = await listing?.listed(files);
      const byRoot = new Map<string, { files: string[]; dirs: string[] }>();
      const ask = (path: string, kind: 'files' | 'dirs') => {
        const dir = dirname(path);
        let at = rootOf.get(dir);
        if (at === undefined) rootOf.set(dir, (at = repoRoot(dir)));
        if (at.kind !== 'git') return;
        const group = byRoot.get(at.root) ?? { files: [], dirs: [] };
        byRoot.set(at.root, group);
        group[kind].push(path);
      };
      for (const file of new Set(files)) {
        if (known.has(file)) continue;
        if (listed?.holds(file)) known.set(file, null);
        else ask(file, 'files');
      }
      for (const dir of new Set(dirs)) if (!known.has(dir)) ask(dir, 'dirs');
      await Promise.all([...byRoot].filter(([, group]) => group.files.length > 0).map(async ([root, group]) => {
        const asked = [...group.files, ...group.dirs];
        const answered = await checkIgnore(root, asked, gitEnv).catch((err: unknown) => {
          debug?.(`git check-ignore in ${root} failed (${gitFailure(err)}): the definition files, overlays, aac.yaml and the files definitions read are not checked for being ignored by git`);
          return undefined;
        });
        if (answered) debug?.(`git check-ignore in ${root}: ${asked.length} ${asked.length === 1 ? 'path' : 'paths'} asked, ${answered.size} ignored`);
        // A failure is not asked again by the run's next load: it would fail alike.
        for (const path of asked) known.set(path, answered?.get(path) ?? null);
      }));
      const out = new Map<string, IgnoreRule>();
      for (const path of [...files, ...dirs]) {
        const rule = known.get(path);
        if (rule) out.set(path, rule);
      }
      return out;
    },
  };
}

/**
 * `git check-ignore` in the work tree `root` for `files` (absolute, below `root`, no symlink on
 * the way below it: git refuses a path beyond one), all on its standard input (`--stdin -z`).
 * Without `--no-index`: a tracked file is never reported, whatever rule matches it, since git
 * does not ignore it (git-check-ignore(1), DESCRIPTION). `--verbose` names the matching rule, and
 * also reports a file that a negated rule (`!keep.md`) matches, which is not ignored (OPTIONS,
 * -v): dropped. Exit 0: some are ignored; 1: none (EXIT STATUS); anything else rejects.
 */
function checkIgnore(root: string, files: readonly string[], env: Record<string, string | undefined>): Promise<Map<string, IgnoreRule>> {
  return new Promise((done, fail) => {
    const child = execFile('git', ['-C', root, 'check-ignore', '--stdin', '-z', '--verbose'], { env, encoding: 'buffer', timeout: GIT_TIMEOUT_MS, maxBuffer: 64 * 1024 * 1024, windowsHide: true }, (err, stdout) => {
      if (err && err.code !== 1) return fail(err);
      const fields = stdout.toString('utf8').split('\0');
      const out = new Map<string, IgnoreRule>();
      // <source> NUL <linenum> NUL <pattern> NUL <pathname> NUL (git-check-ignore(1), OUTPUT).
      for (let i = 0; i + 3 < fields.length; i += 4) {
        const [source, line, pattern, path] = [fields[i]!, fields[i + 1]!, fields[i + 2]!, fields[i + 3]!];
        if (pattern.startsWith('!')) continue;
        // A core.excludesFile is named absolute; the repository's own files relative to its root.
        out.set(resolve(root, path), { ...(isAbsolute(source) ? {} : { file: resolve(root, source) }), line: Number(line), pattern });
      }
      done(out);
    });
    // git may stop reading before the end (a fatal error): its exit says why, not the pipe.
    child.stdin?.on('error', () => undefined);
    child.stdin?.end(files.map((f) => `${relative(root, f)}\0`).join(''));
  });
}

/**
 * A file aac reads itself, rather than one a definition names: a definition file, an overlay,
 * aac.yaml. Ignored by git, it plans here and never reaches the pull request or CI.
 */
export interface OwnFile {
  /** Absolute, as the walk found it (symlinks not resolved). */
  abs: string;
  /** What it is, as the message names it after `this`: `definition file`, `project config`. */
  role: string;
  /** What a clone without it plans: `defines no 'a', so its plan leaves it out (with --prune, deletes it)`. */
  without: string;
  /** The .aacignore (absolute) that could keep aac from reading it, as a leading `_` could; undefined for aac.yaml, which is always read. */
  aacIgnore?: string;
}

/** Where a rule is written, as the message and the hint name it: `.gitignore:1`, `your core.excludesFile, line 1`. */
function ruleWhere(rule: IgnoreRule, realCwd: string): string {
  return rule.file === undefined ? `your core.excludesFile, line ${rule.line}` : `${shownPath(realCwd, rule.file)}:${rule.line}`;
}

/** The hint's way to keep an ignored file: `git add -f PATH`, PATH one shell word (quoted when it holds a space, a quote, a `$`). */
function addCommand(shown: string): string {
  return codeSpan(`git add -f ${pathWord(shown)}`);
}

/**
 * How a directory's files are ignored by one rule: the directory as a whole (a line naming it or
 * a directory above it: git reports that rule for every file below it), or each of its definition
 * files (`teams/a/*.yaml`), the directory itself not.
 */
type DirIgnored = { rule: IgnoreRule; whole: boolean };

/**
 * The warning for the definitions directory `dir` (absolute) when git ignores it as a whole, or
 * every one of its definition files, by one rule (`ignored`): one, at the directory, for the
 * `files` of `own` that rule ignores, in place of one for each. Files ignored by another rule, or
 * reached through a symlink, keep their own. `git`: the directory as `git add` is given it.
 */
function ignoredDirWarning(dir: string, { rule, whole }: DirIgnored, files: readonly OwnFile[], resources: string, { cwd, realCwd, git }: { cwd: string; realCwd: string; git: string }): Diagnostic {
  const where = ruleWhere(rule, realCwd);
  const definitionFiles = files.filter((f) => f.role === DEFINITION_FILE).length;
  const overlays = files.filter((f) => f.role.startsWith('overlay ')).length;
  const counted = andList([
    ...(definitionFiles > 0 ? [`${definitionFiles} definition ${definitionFiles === 1 ? 'file' : 'files'}`] : []),
    ...(files.some((f) => f.role === PROJECT_CONFIG) ? ['its aac.yaml'] : []),
    ...(overlays > 0 ? [`${overlays} ${overlays === 1 ? 'overlay' : 'overlays'}`] : []),
  ]);
  const shown = shownPath(cwd, dir);
  const what = whole ? `the definitions directory ${shown} is ignored by git` : `every definition file of the definitions directory ${shown} is ignored by git`;
  return {
    severity: 'warning',
    code: GIT_IGNORED,
    location: { file: shown },
    path: '',
    message: `${what} (${where}: ${codeSpan(rule.pattern)}): a plan here reads its ${counted}, but a clone — CI's checkout, a reviewer's — has none of them, so a plan there defines none of their ${resources}: it never creates or updates them (with --prune, deletes them)`,
    // A rule over its files is stopped, and the directory added as git adds it (`git add -f` on it
    // would force in every other file that rule or another ignores there: a local .env among them).
    hint: whole ? `commit it (${addCommand(git)}), or stop ignoring it (${where})` : `stop ignoring them (${where}) and commit them (${codeSpan(`git add ${pathWord(git)}`)})`,
  };
}

/**
 * The rule every definition file of `own` is ignored by, as named (`ignoredAs` of each: the rule,
 * and whether through a link), when it is one and there are more than one of them: a directory
 * of one definition file is told at that file. Undefined otherwise.
 */
function everyDefinitionFileRule(own: readonly OwnFile[], ignoredAs: (abs: string) => { rule: IgnoreRule; linkTo?: string } | undefined): IgnoreRule | undefined {
  const files = own.filter((f) => f.role === DEFINITION_FILE);
  if (files.length < 2) return undefined;
  let rule: IgnoreRule | undefined;
  for (const f of files) {
    const got = ignoredAs(f.abs);
    if (!got || got.linkTo !== undefined || (rule && !sameRule(rule, got.rule))) return undefined;
    rule = got.rule;
  }
  return rule;
}

/** Whether two rules are one line of one file. */
function sameRule(a: IgnoreRule, b: IgnoreRule): boolean {
  return a.file === b.file && a.line === b.line && a.pattern === b.pattern;
}

/**
 * Warnings of the files git ignores (`check`) among those `definitions` read (instructions files,
 * `$ref` fragments and the fragments those include) and `own`, the files aac reads itself: one
 * for each file a definition reads, at the first place that names it, counting the other
 * definitions that read it (`reads`, with the definition each belongs to); one for each of `own`,
 * at the file (`own`, with its index there), but one for the definitions directory `dir` (`dir`)
 * in place of those of its files when git ignores the directory as a whole, or all its definition
 * files (more than one) by one rule (ignoredDirWarning); when it ignores only some, one each. A
 * file is asked of by the path it is named by (its directories' symlinks resolved) and by its
 * real path: a link git ignores, or one that leads to a file it ignores, is missing from a clone
 * all the same. All are asked together, the directory too (IgnoreCheck: the run's listing, and
 * for the files it does not hold one `git check-ignore` a work tree). Nothing is asked outside a git repository (`boundary`).
 */
export async function gitIgnoredWarnings(
  definitions: readonly Definition[],
  own: readonly OwnFile[],
  { cwd, dir, resources, boundary, check }: { cwd: string; dir: string; resources: string; boundary: RepoBoundary; check: IgnoreCheck },
): Promise<{ reads: Array<{ definition: Definition; diagnostic: Diagnostic }>; own: Array<{ index: number; diagnostic: Diagnostic }>; dir?: Diagnostic }> {
  const none = { reads: [], own: [] };
  if (boundary.kind !== 'git') return none;
  const refs = references(definitions, cwd);
  if (refs.length === 0 && own.length === 0) return none;
  // The work tree's root is never ignored (and git takes no empty path): the directory is asked of only below it.
  const realDir = realOrResolved(cwd, dir);
  const dirAsked = realDir === boundary.real ? [] : [realDir];
  const real = realPaths(cwd);
  const realDirs = new Map<string, string>();
  const asAsked = new Map<string, string[]>();
  for (const abs of [...own.map((f) => f.abs), ...refs.map((r) => r.abs)]) {
    if (asAsked.has(abs)) continue;
    const dir = dirname(abs);
    let realDir = realDirs.get(dir);
    if (realDir === undefined) realDirs.set(dir, (realDir = realOrResolved(cwd, dir)));
    const named = join(realDir, basename(abs));
    asAsked.set(abs, [...new Set([named, real(abs)])]);
  }
  const ignored = await check.ignored([...asAsked.values()].flat(), dirAsked);
  if (ignored.size === 0) return none;
  const realCwd = realOrResolved(cwd, '.');
  /** The file of those `abs` is asked by that git ignores, and how the message names it. */
  const ignoredAs = (abs: string): { file: string; rule: IgnoreRule; linkTo?: string } | undefined => {
    const asked = asAsked.get(abs)!;
    const file = asked.find((f) => ignored.has(f));
    if (file === undefined) return undefined;
    // The named path is asked first: when it is not the one ignored, its link's target is.
    return { file, rule: ignored.get(file)!, ...(file === asked[0] ? {} : { linkTo: shownPath(realCwd, file) }) };
  };
  const wholeRule = dirAsked.length > 0 ? ignored.get(realDir) : undefined;
  const eachRule = wholeRule ? undefined : everyDefinitionFileRule(own, ignoredAs);
  const dirIgnored: DirIgnored | undefined = wholeRule ? { rule: wholeRule, whole: true } : eachRule ? { rule: eachRule, whole: false } : undefined;
  const inDir: OwnFile[] = [];
  const ownWarnings = own.flatMap((f, index) => {
    const got = ignoredAs(f.abs);
    if (!got) return [];
    if (dirIgnored && got.linkTo === undefined && sameRule(got.rule, dirIgnored.rule)) {
      inDir.push(f);
      return [];
    }
    const where = ruleWhere(got.rule, realCwd);
    const ignoredBy = `(${where}: ${codeSpan(got.rule.pattern)})`;
    const what = got.linkTo === undefined ? `this ${f.role} is ignored by git ${ignoredBy}` : `this ${f.role} is a symlink to ${got.linkTo}, which git ignores ${ignoredBy}`;
    const local = f.aacIgnore === undefined ? '' : `; if it is meant to stay on this machine, keep aac from reading it too: prefix its name with _ or list it in ${shownPath(cwd, f.aacIgnore)}`;
    const diagnostic: Diagnostic = {
      severity: 'warning',
      code: GIT_IGNORED,
      location: { file: shownPath(cwd, f.abs) },
      path: '',
      message: `${what}: a plan here reads it, but a clone — CI's checkout, a reviewer's — does not have it, and ${f.without}`,
      hint: `commit it (${addCommand(shownPath(realCwd, got.file))}), or stop ignoring it (${where})${local}`,
    };
    return [{ index, diagnostic }];
  });
  const first = new Map<string, { ref: Reference; file: string; rule: IgnoreRule; linkTo?: string; others: Set<Definition> }>();
  for (const ref of refs) {
    const got = ignoredAs(ref.abs);
    if (!got) continue;
    const seen = first.get(got.file);
    if (seen === undefined) first.set(got.file, { ref, ...got, others: new Set() });
    else if (seen.ref.definition !== ref.definition) seen.others.add(ref.definition);
  }
  const reads = [...first.values()].map(({ ref, file, rule, linkTo, others }) => {
    const named = shownPath(cwd, ref.abs);
    const what = linkTo === undefined ? named : `${named}, a symlink to ${linkTo}`;
    const where = ruleWhere(rule, realCwd);
    const more = others.size === 0 ? '' : ` (${others.size} more ${others.size === 1 ? 'definition reads' : 'definitions read'} it)`;
    return {
      definition: ref.definition,
      diagnostic: {
        severity: 'warning' as const,
        code: GIT_IGNORED,
        location: ref.location,
        path: ref.path,
        message: `${ref.field} reads ${what}${ref.nested ? ' (a fragment its fragment includes)' : ''}, which git ignores (${where}: ${codeSpan(rule.pattern)})${more}: a clone — CI's checkout — does not have it, so a plan there fails or differs from this one, and its text, which may be a local secret, goes into this plan and the pull request's comment`,
        hint: `commit it (${addCommand(shownPath(realCwd, file))}), or stop ignoring it (${where}), or name a file the repository holds`,
      },
    };
  });
  return { reads, own: ownWarnings, ...(inDir.length > 0 ? { dir: ignoredDirWarning(dir, dirIgnored!, inDir, resources, { cwd, realCwd, git: shownPath(realCwd, realDir) }) } : {}) };
}
