// The `$schema` an imported definition points its editor at. It is committed with the file, so it
// must resolve on every clone: a path inside the repository, or a URL pinned to this version; never
// a path into this machine's install (node_modules, a global npm prefix), which other clones lack.
import { basename, dirname, isAbsolute, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { posixRelative } from '../desired/paths.js';
import { repoRoot } from '../desired/repo-root.js';
import type { ResourceKind } from '../backends/backend.js';
import { packageInfo } from '../util/package.js';

/**
 * The shipped schema as published for this exact version: npm packages are immutable per version
 * and unpkg serves their files (package.json `files` includes `schema/`).
 */
export function versionedSchemaUrl(kind: Pick<ResourceKind, 'schema'>): string {
  const { name, version } = packageInfo();
  return `https://unpkg.com/${name}@${version}/schema/${basename(fileURLToPath(kind.schema))}`;
}

/**
 * For the YAML file at `yamlPath` under `definitionsDir`: the schema's path relative to the file
 * when the schema itself is committed in the same git work tree (aac's own repository, a vendored
 * copy), else `versionedSchemaUrl()`.
 */
export function schemaReference(yamlPath: string, definitionsDir: string, resource: Pick<ResourceKind, 'schema'>): string {
  const schemaFile = fileURLToPath(resource.schema);
  const { root, kind } = repoRoot(definitionsDir);
  const rel = relative(root, schemaFile);
  const inRepo = kind === 'git' && rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) && !rel.split(sep).includes('node_modules');
  return inRepo ? posixRelative(dirname(yamlPath), schemaFile) : versionedSchemaUrl(resource);
}
