// Definitions and live assistants built in memory for the pure stages (match, normalize, diff).
import { createHash } from 'node:crypto';
import type { ServerDefaults } from '../../src/backends/backend.js';
import type { AssistantSpec, DesiredAssistant, LiveAssistant } from '../../src/model/assistant.js';
import type { PlanTarget } from '../../src/model/plan.js';

const RECORDED = 'openai-dotnet SessionRecords (ASSISTANTS.md)';

/** The values ASSISTANTS.md "What the live API sends back" lists. */
export const DEFAULTS: ServerDefaults = {
  fields: {
    name: { value: null, source: RECORDED },
    description: { value: null, source: RECORDED },
    instructions: { value: null, source: RECORDED },
    tools: { value: [], source: RECORDED },
    tool_resources: { value: {}, source: RECORDED },
    metadata: { value: {}, source: RECORDED },
    temperature: { value: 1, source: RECORDED },
    top_p: { value: 1, source: RECORDED },
    response_format: { value: 'auto', source: RECORDED },
    reasoning_effort: { value: null, source: RECORDED },
  },
  functionStrict: { value: false, source: RECORDED },
  functionParameters: { value: { type: 'object', properties: {} }, source: RECORDED },
  fileSearchRankingOptions: { value: { ranker: 'default_2024_08_21', score_threshold: 0 }, source: RECORDED },
  rankerAliases: { value: ['default_2024_08_21', 'auto'], source: RECORDED },
  jsonSchemaStrict: { value: false, source: RECORDED },
};

export const TARGET: PlanTarget = { backend: 'assistants', provider: 'openai', endpoint: 'http://127.0.0.1:1/v1' };

const sha = (text: string) => createHash('sha256').update(text).digest('hex');

export function desired(key: string, spec: AssistantSpec, extra: Partial<DesiredAssistant> = {}): DesiredAssistant {
  const file = `assistants/${key}.yaml`;
  return {
    key,
    file,
    spec,
    sourceHash: sha(JSON.stringify(spec)),
    locate: () => ({ file, line: 1, column: 1 }),
    ...extra,
  };
}

let counter = 0;
export function live(key: string | null, spec: AssistantSpec, id = `asst_${String(++counter).padStart(24, '0')}`): LiveAssistant {
  return { id, key, createdAt: 1_700_000_000 + counter, spec, fingerprint: sha(JSON.stringify([id, spec])) };
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
