// A throwaway project directory with definitions, and the emulator bodies that a create of each
// would have stored, for the `aac plan` tests over loopback HTTP.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { stringify } from 'yaml';
import type { AssistantSpec } from '../../src/backends/assistants/assistant.js';
import { TEST_MARKER as MARKER_KEY } from '../helpers/cli.js';
import { testDir } from '../helpers/each-test.js';

/** Writes `assistants/<key>.yaml` for each definition; returns the project directory. */
export function makeProject(definitions: Record<string, AssistantSpec & { id?: string }>): string {
  const cwd = testDir('aac-plan-');
  mkdirSync(join(cwd, 'assistants'));
  for (const [key, spec] of Object.entries(definitions)) {
    const file = join(cwd, 'assistants', `${key}.yaml`);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, stringify(spec));
  }
  return cwd;
}

/** The body a create of this definition sends, marker included. */
export function createBody(key: string, spec: AssistantSpec): Record<string, unknown> {
  return { ...structuredClone(spec), metadata: { ...(spec.metadata ?? {}), [MARKER_KEY]: key } };
}

/** Uses every field the tool governs, in a shape each OpenAI-protocol host accepts. */
export const RICH: AssistantSpec = {
  model: 'gpt-4o',
  name: 'Support triage',
  description: 'Sorts incoming tickets',
  instructions: 'You sort support tickets.\nBe brief.',
  tools: [
    { type: 'code_interpreter' },
    { type: 'file_search' },
    {
      type: 'function',
      function: {
        name: 'lookup_order',
        description: 'Find an order',
        parameters: { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] },
      },
    },
  ],
  tool_resources: { code_interpreter: { file_ids: ['file-abc'] } },
  metadata: { team: 'support' },
  temperature: 0.3,
  top_p: 0.9,
  response_format: { type: 'json_object' },
  reasoning_effort: 'low',
};

/** What Foundry's classic agents accept: no reasoning_effort, no strict. */
export const FOUNDRY_SAFE: AssistantSpec = (() => {
  const { reasoning_effort: _unsupported, ...rest } = RICH;
  return rest;
})();

/** A drift for each governed field, as someone in a dashboard might make it. */
export const DRIFTS: Record<string, (key: string) => Record<string, unknown>> = {
  model: () => ({ model: 'gpt-4.1' }),
  name: () => ({ name: 'Renamed by hand' }),
  description: () => ({ description: 'Edited by hand' }),
  instructions: () => ({ instructions: 'You sort support tickets.\nBe chatty.' }),
  tools: () => ({ tools: [{ type: 'code_interpreter' }] }),
  tool_resources: () => ({ tool_resources: { code_interpreter: { file_ids: ['file-other'] } } }),
  metadata: (key) => ({ metadata: { team: 'sales', [MARKER_KEY]: key } }),
  temperature: () => ({ temperature: 1.5 }),
  top_p: () => ({ top_p: 0.5 }),
  response_format: () => ({ response_format: 'auto' }),
  reasoning_effort: () => ({ reasoning_effort: 'high' }),
};
