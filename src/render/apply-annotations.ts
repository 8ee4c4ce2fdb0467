// Failed actions and fields the API did not take, as diagnostics on their definition files, so a
// GitHub Actions run marks the file that needs attention rather than only printing a log line.
import type { Diagnostic } from '../model/diagnostic.js';
import type { Plan } from '../model/plan.js';
import type { ApplyReport } from '../apply/outcome.js';

export function outcomeDiagnostics(plan: Plan, report: ApplyReport): Diagnostic[] {
  const files = new Map(plan.changes.map((c) => [c.key, c.file]));
  const out: Diagnostic[] = [];
  for (const o of report.outcomes) {
    const file = files.get(o.key);
    // An orphan has no file to point at; the summary lists it.
    if (!file) continue;
    const location = { file, line: 1, column: 1 };
    if (o.status === 'failed') {
      out.push({ severity: 'error', code: 'apply-failed', location, path: '', message: `${o.action} of '${o.key}' failed: ${o.error ?? ''}`, ...(o.fix ? { hint: o.fix } : {}) });
    }
    if (o.status === 'unknown') out.push({ severity: 'error', code: 'apply-unknown', location, path: '', message: `${o.action} of '${o.key}': outcome unknown: ${o.error ?? ''}` });
    for (const w of o.warnings) out.push({ severity: 'warning', code: 'apply-warning', location, path: '', message: w });
  }
  return out;
}
