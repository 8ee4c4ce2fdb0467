// The `$schema` an imported definition points its editor at. It is committed with the file, so it
// must resolve on every clone: a path inside the repository, or none at all. aac is not published
// to a package registry, so no URL serves its schemas by version; a path into this machine's own
// install (a global npm prefix, npx's cache, a clone elsewhere) is missing on other clones. The
// project's own dependency is not: installed from the version its package.json pins, its
// node_modules/ holds the same schemas on every clone once `npm ci` has run (README's examples).
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { posixRelative } from '../desired/paths.js';
import { repoRoot } from '../desired/repo-root.js';
import { isObject } from '../model/json.js';
import type { ResourceKind } from '../backends/backend.js';

/**
 * For the YAML file at `yamlPath` under `definitionsDir`: the schema's path relative to the file
 * when the running aac's own schema is in the same git work tree — aac's own repository, aac
 * vendored into it, or aac installed as a dependency of a package.json of the repository
 * (`<project>/node_modules/assistants-as-code/schema/…`, the project's package.json naming it in
 * dependencies, devDependencies or optionalDependencies) — else null (no schema line). A copy of
 * the schemas elsewhere in the repository is not looked for: nothing says which aac version it
 * belongs to.
 */
export function schemaReference(yamlPath: string, definitionsDir: string, resource: Pick<ResourceKind, 'schema'>): string | null {
  const schemaFile = fileURLToPath(resource.schema);
  const { root, kind } = repoRoot(definitionsDir);
  const rel = relative(root, schemaFile);
  if (kind !== 'git' || rel === '' || rel.startsWith('..') || isAbsolute(rel)) return null;
  const steps = rel.split(sep);
  const installed = steps.indexOf('node_modules');
  if (installed >= 0) {
    // One node_modules level only: a copy nested in another package's is that package's choice.
    if (steps.lastIndexOf('node_modules') !== installed) return null;
    const name = steps[installed + 1]?.startsWith('@') ? steps.slice(installed + 1, installed + 3).join('/') : steps[installed + 1];
    if (name === undefined || !dependsOn(join(root, ...steps.slice(0, installed)), name)) return null;
  }
  return posixRelative(dirname(yamlPath), schemaFile);
}

/** Whether `project`'s package.json names `name` among the dependencies npm installs; false for no file or an unreadable one. */
function dependsOn(project: string, name: string): boolean {
  let manifest: unknown;
  try {
    manifest = JSON.parse(readFileSync(join(project, 'package.json'), 'utf8'));
  } catch {
    return false;
  }
  if (!isObject(manifest)) return false;
  return ['dependencies', 'devDependencies', 'optionalDependencies'].some((field) => {
    const deps = manifest[field];
    return isObject(deps) && Object.hasOwn(deps, name);
  });
}
