// What Foundry's agents service stores for what a client leaves out, each value with its source.
// `normalize` (./normalize.ts) folds these into the definition and the live version alike, so a
// value the service fills in is never a difference; the emulator dialect fills the envelope values
// the same way. Sources: ../shared/azure-foundry — [M] agents-v2-typespec/models.tsp, [CM]
// common-models.tsp, [J] agents-v2-json-schema/CreateAgentRequest.json ($defs).
//
// Nothing here was observed on a live service (AGENTS.md: "Nothing here was tried against a live
// service"): each value is a default the description states. Where it is silent, nothing is
// folded: `tool_choice`, `text.format` and a file_search `ranking_options.ranker` compare exactly
// as written (the Assistants API resolved `auto` to a dated ranker; no source says this one does).
import type { Json } from '../../model/json.js';

export interface FilledValue<T extends Json = Json> {
  value: T;
  source: string;
}

function filled<T extends Json>(value: T, source: string): FilledValue<T> {
  return { value, source };
}

/** Defaults inside `definition` (a `PromptAgentDefinition`). */
export const DEFINITION_DEFAULTS = {
  temperature: filled(1, '[J] PromptAgentDefinition.temperature: default 1; [M] "Defaults to `1`"'),
  top_p: filled(1, '[J] PromptAgentDefinition.top_p: default 1; [M] "Defaults to `1`"'),
  codeInterpreterContainer: filled(
    { type: 'auto' },
    '[J] CodeInterpreterTool.container: "If not provided, the service assumes auto"; AutoCodeInterpreterToolParam.type default "auto"',
  ),
  structuredInputRequired: filled(false, '[J] StructuredInputDefinition.required: default false; [M] "The service defaults to `false`"'),
  /**
   * FunctionTool requires `parameters` and `strict` but allows null ([J] FunctionTool.required,
   * anyOf [T, null]); a definition may leave them out, and aac sends null for them.
   */
  functionNullable: filled(null, '[J] FunctionTool: `parameters` and `strict` required, each anyOf [T, null]'),
} as const;

/** Values the service fills in around the definition: every version and agent has them. */
export const ENVELOPE_DEFAULTS = {
  /** Always present in a response, an object or null ([CM] MetadataPropertyForResponse); null and {} both mean no pairs. */
  metadata: filled({}, '[CM] MetadataPropertyForResponse: `metadata: Record<string> | null`, required'),
  versionStatus: filled('active', '[M] AgentVersionObject.status: "Defaults to \'active\' for non-hosted agents"'),
  agentState: filled('enabled', '[M] CreateAgentRequest.state: default AgentState.enabled'),
} as const;
