// `aac migrate --force` replaces the aac.yaml in --out, whose namespace is the scope of every
// definition that directory holds (the migrated ones and any it held before). Another namespace
// than the one that file gives moves them all: the next plan there creates each a second time and
// leaves the live ones to no directory. That move is `namespace:` and `--adopt-namespace`'s, made on
// purpose, so the replacement is refused instead.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { readAs } from '../desired/discover.js';
import { UserError } from '../util/errors.js';
import { codeSpan } from '../util/code-span.js';

/** A namespace as one aac.yaml gives it: `namespace:`, else the directory's path (undefined outside a git repository). */
export interface GivenScope {
  written: string | undefined;
  path: string | undefined;
}

/** The namespaces one aac.yaml gives: at its top level, and each environment's own `namespace:` (absent: the top level's). */
export interface GivenScopes {
  written: string | undefined;
  environments: ReadonlyArray<{ name: string; namespace?: string }>;
}

/**
 * Throws a UserError, before anything is written, when the aac.yaml migrate writes (`now`, in
 * `file`) gives --out (`dir`, as shown) another namespace than the one it replaces (`before`)
 * gave: at the top level, or in any environment `before` declares (an environment `now` does not
 * declare plans, after, in `now`'s top level one). A namespace nothing names is the directory's
 * `path` one (pathNamespace). `nouns` is the new kind's plural noun. Returns when every scope
 * keeps its namespace, or neither gives one.
 */
export function refuseScopeMove(before: GivenScopes, now: GivenScopes, path: string | undefined, where: { file: string; dir: string; nouns: string }): void {
  refuseOne({ written: before.written, path }, { written: now.written, path }, where);
  for (const e of before.environments) {
    const after = now.environments.find((n) => n.name === e.name);
    refuseOne({ written: e.namespace ?? before.written, path }, { written: after?.namespace ?? now.written, path }, { ...where, environment: e.name });
  }
}

/** refuseScopeMove of one scope: the top level's, or `where.environment`'s. */
function refuseOne(before: GivenScope, now: GivenScope, where: { file: string; dir: string; nouns: string; environment?: string }): void {
  const old = before.written ?? before.path;
  const next = now.written ?? now.path;
  if (old === next) return;
  const env = where.environment;
  const gives = env === undefined ? 'names' : `gives the environment '${env}'`;
  const was = before.written !== undefined ? `${gives} the namespace '${before.written}'` : `${gives} no namespace (its path gives ${before.path !== undefined ? `'${before.path}'` : 'none'})`;
  const writes = now.written !== undefined ? `'${now.written}' (the source's)` : 'no namespace';
  const moved = env === undefined ? `the definitions of ${where.dir}/` : `the definitions of ${where.dir}/ in the environment '${env}'`;
  const set = env === undefined ? `set ${next !== undefined ? codeSpan(`namespace: ${next}`) : 'its namespace'} in ${where.file}` : `set ${next !== undefined ? codeSpan(`namespace: ${next}`) : 'its namespace'} under ${codeSpan(`environments.${env}`)} in ${where.file}`;
  throw new UserError(
    `${where.file} ${was}, and the migration writes ${writes}: replacing it would move ${moved}, and the ${where.nouns} they manage, to another namespace, and the next plan there would create them a second time; nothing was written`,
    `choose another --out; or, to make ${where.dir}/ ${next !== undefined ? `'${next}'` : 'that namespace'}'s, ${set} first${old !== undefined ? ` and plan there with ${codeSpan(`--adopt-namespace ${old}${env === undefined ? '' : ` --env ${env}`}`)}` : ''}`,
  );
}

/**
 * Whether `dir` (absolute, existing) holds a file a run there reads as a definition or an overlay
 * (desired/discover.ts readAs: its aac.yaml, hidden, `_` and ignored files are not). Throws what
 * readAs throws (`shown`: how messages show a path).
 */
export function holdsDefinitions(dir: string, shown: (abs: string) => string): boolean {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).some((rel) => readAs(dir, join(dir, rel), shown) === 'definition');
}
