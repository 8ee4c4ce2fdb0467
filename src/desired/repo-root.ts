// The boundary no file aac reads may leave: the git work tree holding the definitions, found by
// looking for `.git` upwards (no git process, so it also works without git installed); outside a
// git repository, the definitions directory's parent, so `instructions_file: ../prompts/x.md`
// from the definitions top level still works.
import { existsSync, realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';

export interface RepoBoundary {
  /** Absolute path, as found from the definitions directory (for messages). */
  root: string;
  /** `root` with every symlink resolved: what a file's real path must stay inside. */
  real: string;
  kind: 'git' | 'parent';
}

export function repoRoot(definitionsDir: string): RepoBoundary {
  const at = (root: string, kind: RepoBoundary['kind']): RepoBoundary => {
    let real = root;
    try {
      real = realpathSync(root);
    } catch {
      // An unresolvable root leaves the path as given: every file inside it is then refused or missing, never read from elsewhere.
    }
    return { root, real, kind };
  };
  for (let d = definitionsDir; ; d = dirname(d)) {
    if (existsSync(join(d, '.git'))) return at(d, 'git');
    if (dirname(d) === d) break;
  }
  return at(dirname(definitionsDir), 'parent');
}

/** How messages name the boundary. */
export function describeBoundary(b: RepoBoundary): string {
  return b.kind === 'git' ? `the git repository ${b.root}` : `${b.root} (the definitions directory's parent; not a git repository)`;
}
