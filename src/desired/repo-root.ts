// The boundary instructions_file may not leave: the git work tree holding the definitions, found by
// looking for `.git` upwards (no git process, so it also works without git installed); outside a
// git repository, the definitions directory's parent, so `instructions_file: ../prompts/x.md`
// from the definitions top level still works.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

export function repoRoot(definitionsDir: string): { root: string; kind: 'git' | 'parent' } {
  for (let d = definitionsDir; ; d = dirname(d)) {
    if (existsSync(join(d, '.git'))) return { root: d, kind: 'git' };
    if (dirname(d) === d) break;
  }
  return { root: dirname(definitionsDir), kind: 'parent' };
}
