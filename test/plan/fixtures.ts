// Definitions and live assistants built in memory for the pure stages (match, normalize, diff).
import { createHash } from 'node:crypto';
import type { ServerDefaults } from '../../src/backends/backend.js';
import { OPENAI_DEFAULTS } from '../../src/backends/assistants/server-defaults.js';
import type { AssistantSpec, DesiredAssistant, LiveAssistant } from '../../src/backends/assistants/assistant.js';
import type { PlanTarget } from '../../src/model/plan.js';

/** The real table: the tests check that it covers every value ASSISTANTS.md says the server fills in. */
export const DEFAULTS: ServerDefaults = OPENAI_DEFAULTS;

export const NAMESPACE = 'test';
export const TARGET: PlanTarget = { backend: 'assistants', provider: 'openai', endpoint: 'http://127.0.0.1:1/v1', namespace: NAMESPACE };

const sha = (text: string) => createHash('sha256').update(text).digest('hex');

export function desired(key: string, spec: AssistantSpec, extra: Partial<DesiredAssistant> = {}): DesiredAssistant {
  const file = `assistants/${key}.yaml`;
  return {
    key,
    file,
    spec,
    movedFrom: [],
    sourceHash: sha(JSON.stringify(spec)),
    locate: () => ({ file, line: 1, column: 1 }),
    ...extra,
  };
}

let counter = 0;
/** A live assistant; a non-null key is marked by NAMESPACE unless `namespace` says otherwise (null: the legacy marker). */
export function live(
  key: string | null,
  spec: AssistantSpec,
  id = `asst_${String(++counter).padStart(24, '0')}`,
  namespace: string | null = key === null ? null : NAMESPACE,
): LiveAssistant {
  return { id, key, namespace, createdAt: 1_700_000_000 + counter, spec, fingerprint: sha(JSON.stringify([id, spec])) };
}

/** A create `{model}` as the live API returns it (ASSISTANTS.md, BasicAssistantOperationsWork). */
export function filledBlank(model: string): AssistantSpec {
  return {
    model,
    name: null,
    description: null,
    instructions: null,
    tools: [],
    top_p: 1.0,
    temperature: 1.0,
    reasoning_effort: null,
    tool_resources: {},
    metadata: {},
    response_format: 'auto',
  };
}
