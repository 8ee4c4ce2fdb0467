// `--format json`: the versioned plan document, byte for byte what `--out` saves
// (described in docs/plan-json.md).
import type { Plan } from '../model/plan.js';
import { serializePlan } from '../plan/plan-file.js';

export function renderPlanJson(plan: Plan): string {
  return serializePlan(plan);
}
