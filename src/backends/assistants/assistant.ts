// An assistant as a definition describes it: the Assistants API's own field names and shapes, so
// users can paste from the API docs (the wire mapping is then mostly identity).
import type { Definition, LiveResource } from '../../model/definition.js';
import type { Json, JsonObject } from '../../model/json.js';

/** The top-level fields the tool governs, in the order they are shown. */
export const SPEC_FIELDS = [
  'model',
  'name',
  'description',
  'instructions',
  'tools',
  'tool_resources',
  'metadata',
  'temperature',
  'top_p',
  'response_format',
  'reasoning_effort',
] as const;
export type SpecField = (typeof SPEC_FIELDS)[number];

export interface FunctionDefinition {
  name: string;
  description?: string;
  parameters?: JsonObject;
  strict?: boolean | null;
}
export interface FunctionTool {
  type: 'function';
  function: FunctionDefinition;
}
export interface CodeInterpreterTool {
  type: 'code_interpreter';
}
export interface FileSearchRankingOptions {
  ranker?: string;
  score_threshold: number;
}
export interface FileSearchTool {
  type: 'file_search';
  file_search?: { max_num_results?: number; ranking_options?: FileSearchRankingOptions };
}
/** A host-specific tool (Azure AI Foundry's `bing_grounding`, `openapi`, …), kept as given. */
export interface ProviderTool {
  type: string;
  [field: string]: Json;
}
export type Tool = FunctionTool | CodeInterpreterTool | FileSearchTool | ProviderTool;

export type ToolResources = JsonObject;

export type ResponseFormat =
  | 'auto'
  | { type: 'text' }
  | { type: 'json_object' }
  | {
      type: 'json_schema';
      json_schema: { name: string; description?: string; schema?: JsonObject; strict?: boolean | null };
    };

/**
 * One assistant's governed state. In a definition an omitted field means the API's default; a
 * live assistant read back from a backend has every field the server sent.
 */
export interface AssistantSpec {
  model: string;
  name?: string | null;
  description?: string | null;
  instructions?: string | null;
  tools?: Tool[];
  tool_resources?: ToolResources | null;
  metadata?: Record<string, string> | null;
  temperature?: number | null;
  top_p?: number | null;
  response_format?: ResponseFormat | null;
  reasoning_effort?: string | null;
}

/** One assistant definition file, loaded and validated. */
export type DesiredAssistant = Definition<AssistantSpec>;

/** One assistant as the backend read it. */
export type LiveAssistant = LiveResource<AssistantSpec>;
