// The `$schema` an imported definition points its editor at. It is committed with the file, so it
// must resolve on every clone: a path inside the repository, or none at all. aac is not published
// to a package registry, so no URL serves its schemas by version; and a path into this machine's
// install (node_modules, a global npm prefix, a clone elsewhere) is missing on other clones.
import { dirname, isAbsolute, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { posixRelative } from '../desired/paths.js';
import { repoRoot } from '../desired/repo-root.js';
import type { ResourceKind } from '../backends/backend.js';

/**
 * For the YAML file at `yamlPath` under `definitionsDir`: the schema's path relative to the file
 * when the running aac's own schema is in the same git work tree (aac's own repository, or aac
 * vendored into it, not under node_modules), else null (no schema line). A copy of the schemas
 * elsewhere in the repository is not looked for: nothing says which aac version it belongs to.
 */
export function schemaReference(yamlPath: string, definitionsDir: string, resource: Pick<ResourceKind, 'schema'>): string | null {
  const schemaFile = fileURLToPath(resource.schema);
  const { root, kind } = repoRoot(definitionsDir);
  const rel = relative(root, schemaFile);
  const inRepo = kind === 'git' && rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) && !rel.split(sep).includes('node_modules');
  return inRepo ? posixRelative(dirname(yamlPath), schemaFile) : null;
}
