// `aac validate` without --env checks every environment. Most problems are in a base file and the
// same in each; they are reported once. A problem that only some environments have (a value
// missing in prod, an overlay's mistake) says which ones.
import { sameProblem, type Diagnostic } from '../model/diagnostic.js';

/**
 * The diagnostics of every environment as one list: a problem all of them report (same place,
 * code and message) once, as it is; any other prefixed with the environments that have it
 * (`in environment 'prod': …`, `in environments 'dev', 'staging': …`). Order: first seen.
 */
export function mergeEnvironmentDiagnostics(perEnvironment: ReadonlyArray<readonly [string, readonly Diagnostic[]]>): Diagnostic[] {
  const seen = new Map<string, { diagnostic: Diagnostic; environments: string[] }>();
  for (const [env, diagnostics] of perEnvironment) {
    for (const d of diagnostics) {
      const id = sameProblem(d);
      const entry = seen.get(id);
      if (!entry) seen.set(id, { diagnostic: d, environments: [env] });
      else if (!entry.environments.includes(env)) entry.environments.push(env);
    }
  }
  const all = perEnvironment.length;
  return [...seen.values()].map(({ diagnostic, environments }) => {
    if (environments.length === all) return diagnostic;
    const names = environments.map((e) => `'${e}'`).join(', ');
    const prefix = `in environment${environments.length > 1 ? 's' : ''} ${names}: `;
    // A problem of one environment's overlay says which already (overlay-cause.ts).
    return diagnostic.message.startsWith(prefix) ? diagnostic : { ...diagnostic, message: `${prefix}${diagnostic.message}` };
  });
}
