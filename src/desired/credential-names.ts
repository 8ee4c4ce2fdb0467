// A credential's value inside what names a definition — its key (its file's path, or `key:`), its
// `id:` pin, or the name that addresses a resource of a name-addressed kind — cannot be redacted
// as data is: the key and the name are how a plan, a saved plan and a live marker find it, so a
// redacted one would never match (a saved plan would be refused as stale, quoting it), and printed
// it leaks the credential. Such a definition is refused before any request that writes, naming
// the variable, never the value.
import type { ResourceKind } from '../backends/backend.js';
import type { Definition } from '../model/definition.js';
import { valueAt } from '../model/json.js';
import { UserError } from '../util/errors.js';
import { andList } from '../util/words.js';
import { redactData, secretFinder } from '../util/redact.js';

/** A value to keep out of names: `variable` names where it came from, when known (`OPENAI_API_KEY`). */
export interface Credential {
  value: string;
  variable?: string;
}

/**
 * Throws a UserError listing every definition whose file path, key, `id:` or (for a kind addressed
 * by name) name holds one of `credentials` (of MIN_SECRET_AS_SUBSTRING characters or more), each line
 * as `- <file, the value as [redacted]>: its key holds the value of OPENAI_API_KEY`; returns when none does.
 */
export function refuseCredentialNames(desired: readonly Definition[], kind: Pick<ResourceKind, 'identity' | 'paths'>, credentials: readonly Credential[]): void {
  const values = credentials.map((c) => c.value);
  // One finder a credential, made once: made for every text, they were most of this check's time.
  const finders = credentials.flatMap((credential) => {
    const find = secretFinder([credential.value]);
    return find ? [{ credential, find }] : [];
  });
  if (finders.length === 0) return;
  const problems: string[] = [];
  for (const d of desired) {
    const name = kind.identity.addressedBy === 'name' ? valueAt(d.spec, kind.paths.name) : undefined;
    const parts: Array<[string, unknown]> = [['file name', d.file], ['key', d.key], ['id:', d.id], ['name', name]];
    const held = parts.flatMap(([what, text]) => {
      const found = typeof text === 'string' ? finders.find(({ find }) => find(text) !== undefined)?.credential : undefined;
      return found ? [{ what, variable: found.variable ?? 'a configured credential' }] : [];
    });
    if (held.length === 0) continue;
    const variables = [...new Set(held.map((h) => h.variable))];
    problems.push(`  - ${redactData(d.file, values)}: its ${andList(held.map((h) => h.what))} ${held.length === 1 ? 'holds' : 'hold'} the value of ${andList(variables)}`);
  }
  if (problems.length === 0) return;
  throw new UserError(
    ['a credential this run holds is part of what names a definition, which would print it and keep any plan from matching; nothing was changed:', ...problems],
    'rename the file (or change its `key:`, `id:` or name) so no credential is in it, and rotate the credential: it is in the repository',
  );
}
