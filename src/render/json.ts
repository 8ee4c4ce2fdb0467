// `--format json`: the versioned plan document, byte for byte what `--out` saves
// (described in docs/plan-json.md).
import type { MadePlan } from '../model/plan.js';
import { serializePlan } from '../plan/plan-file.js';

/** The plan `aac plan` made, as the document it prints and saves (plan/plan-file.ts PlanDocument). */
export function renderPlanJson(plan: MadePlan): string {
  return serializePlan(plan);
}
