// Every command that writes definitions (import, migrate) writes only what `aac validate` accepts:
// a definition validate refuses plans nothing at all. What a command writes can hold what a
// definition may not — a live resource's 16th metadata pair where aac keeps one for its marker, a
// source value beyond the target backend's limits — so the command is refused as a whole, before
// anything is written, naming each definition's origin, the file it would write and every error
// where it would stand, as validate would report them.
import type { ResourceKind } from '../backends/backend.js';
import { contentChecks } from '../desired/index.js';
import { UserError } from '../util/errors.js';
import type { FileWrite } from '../util/write-files.js';
import { yamlSource, type ParsedYaml } from '../yaml/source.js';

/** One definition a command would write, and what it was made from. */
export interface WrittenDefinition {
  /** Its origin as messages name it: a live resource's id (import), a source definition's file (migrate). */
  from: string;
  write: FileWrite;
  /** aac's own reading of `write.content`, made when the text was written (render-yaml.ts). */
  read: ParsedYaml;
}

/**
 * Throws a UserError (exit 1) listing every definition in `definitions` that validate refuses for
 * `provider` (its parser, the kind's schema and checks, numbers that would not be sent as written),
 * as `- from → file:` then `line:column: message [field] (hint)` per error; `refusal` gives the
 * message's opening (`refusing to import: …`) and the fix. `shown` gives a write's path as messages
 * show it. Returns when each is valid.
 */
export function refuseInvalid(
  definitions: readonly WrittenDefinition[],
  kind: ResourceKind,
  provider: string,
  shown: (abs: string) => string,
  refusal: { opening: string; fix: string },
): void {
  const problems: string[] = [];
  for (const { from, write, read } of definitions) {
    const file = shown(write.path);
    const errors = contentChecks(yamlSource(file, read, () => Buffer.from(write.content)), kind, provider).filter((d) => d.severity === 'error');
    if (errors.length === 0) continue;
    problems.push(`  - ${from} → ${file}:`);
    for (const e of errors) problems.push(`      ${e.location.line}:${e.location.column}: ${e.message}${e.path ? ` [${e.path}]` : ''}${e.hint ? ` (${e.hint})` : ''}`);
  }
  if (problems.length === 0) return;
  throw new UserError(`${refusal.opening}; nothing was written:\n${problems.join('\n')}`, refusal.fix);
}
