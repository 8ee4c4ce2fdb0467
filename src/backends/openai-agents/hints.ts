// What to tell someone who writes a field or tool type an agent does not have: where it belongs,
// or what the Agents API has instead (AGENTS-API.md §9, §11). Data only; validation shows these
// as the hint of the "unknown field" / "unknown tool type" diagnostics.
import { orMigrate as migrateHint, type KindHint } from '../backend.js';

/** Where a field or tool an OpenAI agent lacks is written: the Assistants providers' definitions. */
const ASSISTANTS = 'the Assistants providers (openai, foundry, portkey, zerobot)';
const orMigrate = (text: string) => migrateHint('openai-agents', text);

// Each hint speaks of an OpenAI agent, whichever kind of file it was read in: Foundry's versioned
// agents (foundry-agents) write `description` at the top level and sampling settings under
// `definition:`, so a field is never said to be the Assistants providers' alone where it is theirs
// too. The migrate command is offered only for what only an Assistants definition writes where the
// check finds it (a top-level `tools:` list: a foundry-agents file holds its own under `definition:`).

/** A field name (at any level) that a definition for openai-agents cannot have → the hint. */
export const FOREIGN_FIELDS: Readonly<Record<string, string>> = {
  temperature: `'temperature' is a field of ${ASSISTANTS}, and of foundry-agents under definition:; an OpenAI agent has no sampling settings: remove it`,
  top_p: `'top_p' is a field of ${ASSISTANTS}, and of foundry-agents under definition:; an OpenAI agent has no sampling settings: remove it`,
  description: `'description' is a field of ${ASSISTANTS} and of foundry-agents; an OpenAI agent has none: remove it, or keep the text in a metadata value (at most 512 characters)`,
  tool_resources: `'tool_resources' is a field of ${ASSISTANTS}; an OpenAI agent holds no files or vector stores: remove it (files reach an agent through an MCP server or its session's environment)`,
  response_format: `'response_format' is a field of ${ASSISTANTS}; an OpenAI agent uses text.format: {type: json_schema, schema: {...}} or {type: text}`,
  reasoning_effort: `'reasoning_effort' is a field of ${ASSISTANTS}; an OpenAI agent uses reasoning: {effort: ...}`,
  strict: "an OpenAI agent's function tools have no 'strict' flag: remove it",
  function: "an OpenAI agent takes flat function tools: move name, description and parameters up one level, out of 'function:'",
  object: "the API sets 'object' on what it sends back; remove it",
  created_at: "the API sets 'created_at'; remove it",
  updated_at: "the API sets 'updated_at'; remove it",
};

/** Tool types of other backends → the hint (a saved agent has exactly six, AGENTS-API.md:140). */
export const FOREIGN_TOOL_TYPES: Readonly<Record<string, KindHint>> = {
  code_interpreter: orMigrate(`'code_interpreter' is a tool of ${ASSISTANTS} and of foundry-agents; a saved OpenAI agent has none (code runs in a session's environment, set per session): remove it`),
  file_search: orMigrate(`'file_search' is a tool of ${ASSISTANTS} and of foundry-agents; a saved OpenAI agent has no file search or vector store: remove it, or reach the documents through an MCP server`),
  bing_grounding: "'bing_grounding' is a tool of the providers foundry and foundry-agents; a saved OpenAI agent's counterpart is web_search",
  azure_ai_search: "'azure_ai_search' is a tool of the providers foundry and foundry-agents; a saved OpenAI agent can reach a search index through an MCP server",
  openapi: "'openapi' is a tool of the providers foundry and foundry-agents; a saved OpenAI agent can reach an API through function tools or an MCP server",
  connected_agent: "'connected_agent' is a tool of provider foundry; a saved OpenAI agent has multi_agent: {enabled: true} instead",
  azure_function: "'azure_function' is a tool of the providers foundry and foundry-agents; a saved OpenAI agent uses a function tool or an MCP server",
};
