// Which resource kind a plan is about, from its backend's name: its nouns and field rules for the
// views. Apart from format.ts so that the error and diagnostics views (loaded by every command,
// `aac --version` included) never load the backends.
import type { ResourceKind } from '../backends/backend.js';
import { kindOfBackend } from '../backends/registry.js';
import type { Plan } from '../model/plan.js';

/** The resource kind a plan's backend manages: its nouns and fields for the views. */
export function planKind(plan: Pick<Plan, 'target'>): ResourceKind {
  const kind = kindOfBackend(plan.target.backend);
  if (!kind) throw new Error(`no backend named '${plan.target.backend}' is registered`);
  return kind;
}
