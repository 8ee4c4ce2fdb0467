// The definition model: what a YAML file describes and what every stage after the loader compares.
// Field names and shapes are the Assistants API's own, so users can paste from the API docs; a
// backend maps this model to and from its wire format (identity for the Assistants API).
import type { Json, JsonObject } from './json.js';

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

/** A spec after `normalize`: every governed field present, in canonical form. */
export type NormalizedSpec = { [F in SpecField]: Json };

/** Where something is in a source file (1-based line and column). */
export interface SourceLocation {
  file: string;
  line: number;
  column: number;
}

/** One definition file, loaded and validated. */
export interface DesiredAssistant {
  /** Path below the definitions directory without extension, or the file's explicit `key:`. */
  key: string;
  /** Optional pin to an existing assistant (`id: asst_…`), for adopting one made by hand. */
  id?: string;
  /** `moved_from:` the keys it had before a rename, newest first as written; [] when none. */
  movedFrom: string[];
  /** The YAML file, relative to the working directory, for messages. */
  file: string;
  /** The instructions file when `instructions_file:` was used, relative to the working directory. */
  instructionsFile?: string;
  /** The governed fields, `instructions` already read from `instructions_file`. */
  spec: AssistantSpec;
  /** sha256 over the YAML file and its instructions file: a definition's identity for plan files. */
  sourceHash: string;
  /** The source position of a field path such as ['tools', 0, 'function', 'name'] (nearest existing parent). */
  locate(path: ReadonlyArray<string | number>): SourceLocation;
}

/** One assistant as a backend read it. */
export interface LiveAssistant {
  id: string;
  /** The key its marker names, or null when no marker marks it (see plan/identity.ts). */
  key: string | null;
  /** The namespace its marker names; null when unmarked or marked by the legacy `aac:key` marker. */
  namespace: string | null;
  createdAt: number;
  /** The governed fields as the server returned them, the marker removed from `metadata`. */
  spec: AssistantSpec;
  /** sha256 of the canonical wire object: changes whenever anything about the assistant changes. Computed on first read. */
  fingerprint: string;
}
