// What to tell someone who writes a field a foundry-agents definition cannot have: a field the API
// sets on what it sends back, or an Assistants field (a classic agent's file) and where its
// counterpart lives in a versioned agent (../shared/azure-foundry/AGENTS.md part 2, "Mapping an
// OpenAI assistant to a prompt agent"). Data only: validation shows these as the hint of the JSON
// Schema's "unknown field" diagnostic, at whatever level the field is written.

import { orMigrate as migrateHint, type KindHint } from '../backend.js';

const orMigrate = (text: string) => migrateHint('foundry-agents', text);

// Each hint speaks of a foundry-agents definition, whichever kind of file it was read in. `model`,
// `instructions` and `tools` are top-level fields of OpenAI agents (openai-agents) as much as of
// Assistants definitions, so their hints name both and offer no migrate, which converts only
// Assistants definitions (a directory of either kind is told its kind as a whole, with the
// migrate where there is one); a field only an Assistants definition writes keeps it.

/** A top-level field of Assistants definitions that a prompt agent keeps, as it is, inside `definition:`. */
const inDefinition = (field: string) => orMigrate(`'${field}' of an Assistants definition is \`definition.${field}\` in a foundry-agents definition: move it under definition:`);

/** A top-level field of Assistants and openai-agents definitions that a prompt agent holds inside `definition:`; `more`: what else to say. */
const underDefinition = (field: string, more = '') => `'${field}' is a top-level field of Assistants and openai-agents definitions; a foundry-agents definition holds it as \`definition.${field}\`: move it under definition:${more}`;

/** A field name (at any level) that a foundry-agents definition cannot have → the hint. */
export const FOREIGN_FIELDS: Readonly<Record<string, KindHint>> = {
  model: underDefinition('model'),
  instructions: underDefinition('instructions', ', or keep the text in a file named by instructions_file:'),
  temperature: inDefinition('temperature'),
  top_p: inDefinition('top_p'),
  tools: underDefinition('tools', ", each tool flat (a function's name, parameters and strict beside its type)"),
  tool_resources: orMigrate(`a foundry-agents definition has no tool_resources: each store or file goes into its tool (file_search's vector_store_ids, code_interpreter's container: {type: auto, file_ids})`),
  response_format: orMigrate(`'response_format' of an Assistants definition is \`definition.text.format\` in a foundry-agents definition ({type: text}, {type: json_object}, or {type: json_schema, name, schema, strict} without the json_schema wrapper; "auto" is no text at all)`),
  reasoning_effort: orMigrate(`'reasoning_effort' of an Assistants definition is \`definition.reasoning.effort\` in a foundry-agents definition`),
  function: "a foundry-agents definition's function tools are flat: move name, description, parameters and strict up one level, out of 'function:'",
  version: "the API gives each version its id itself; remove 'version'",
  versions: "'versions' is the API's answer (the latest version); write the definition's own fields instead",
  object: "the API sets 'object'; remove it",
  created_at: "the API sets 'created_at'; remove it",
  status: "the API sets a version's 'status'; remove it",
  state: "'state' (enabled/disabled) is not governed by aac; remove it",
  // What aac keeps as the host holds it but never writes (kind.ts KEPT_LIVE).
  agent_card: "'agent_card' is the agent's own, set on the host: aac does not write it, and keeps the live one; remove it",
  agent_endpoint: "'agent_endpoint' is the agent's own, set on the host: aac does not write it, and keeps the live one; remove it",
  blueprint_reference: "'blueprint_reference' names an identity blueprint made on the host: aac does not write it, and every new version it makes carries the live one back; remove it",
};
