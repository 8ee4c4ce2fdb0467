// Import writes a definition that plans clean against the live resource it was made from; one
// that `aac validate` would refuse plans nothing at all. A live resource can hold what a definition
// may not: a 16th metadata pair where aac keeps one for its marker, a value only a response
// carries. Such an import is refused as a whole, before anything is written, naming each resource,
// the file and every error where it would stand, as the plan after it would report them.
import type { ResourceKind } from '../backends/backend.js';
import { contentChecks } from '../desired/index.js';
import { UserError } from '../util/errors.js';
import { yamlSource } from '../yaml/source.js';
import type { ImportBuild } from './generate.js';

/**
 * Throws a UserError listing every definition in `build` that validate refuses for `provider`
 * (its parser, schema and kind checks, on the reading made when the text was written; `shown`
 * gives a write's path as messages show it). Returns when each is valid.
 */
export function refuseInvalid(build: ImportBuild, kind: ResourceKind, provider: string, shown: (abs: string) => string): void {
  const problems: string[] = [];
  for (const { id, write, read } of build.definitions) {
    const file = shown(write.path);
    const errors = contentChecks(yamlSource(file, read, () => Buffer.from(write.content)), kind, provider).filter((d) => d.severity === 'error');
    if (errors.length === 0) continue;
    problems.push(`  - ${id} → ${file}:`);
    for (const e of errors) problems.push(`      ${e.location.line}:${e.location.column}: ${e.message}${e.hint ? ` (${e.hint})` : ''}`);
  }
  if (problems.length === 0) return;
  throw new UserError(
    `refusing to import: the definitions it would write hold what aac cannot plan with; nothing was written:\n${problems.join('\n')}`,
    `change the ${kind.nouns.one} on its host so that each error above is gone, or leave it out with --id or --name`,
  );
}
