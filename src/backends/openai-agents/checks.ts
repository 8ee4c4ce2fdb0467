// The rules of one openai-agents definition that its JSON Schema cannot express. Run on any parsed
// value, valid against the schema or not, so every guard checks shapes before reading them.
import type { Diagnostic } from '../../model/diagnostic.js';
import { isObject, ownValue, type JsonObject } from '../../model/json.js';
import { hintText, type KindCommands } from '../backend.js';
import { checkJsonSchema } from '../../yaml/json-schema-check.js';
import type { YamlSource } from '../../yaml/source.js';
import { FOREIGN_TOOL_TYPES } from './hints.js';
import { toolIdentity } from './normalize.js';
import { reservedMetadataKeys } from '../../yaml/marker-check.js';
import { TOOLS_MAX_BYTES } from './spec.js';
import { effortFinding } from '../reasoning-models.js';

/**
 * Tools, lined up by identity (type + name or server_label): two with one identity cannot be told
 * apart by a plan. Whether the API refuses duplicates is not documented (SOURCE.md); aac does.
 */
function toolChecks(src: YamlSource, tools: unknown[], commands: KindCommands): Diagnostic[] {
  const out: Diagnostic[] = [];
  const first = new Map<string, number>();
  tools.forEach((tool, i) => {
    if (!isObject(tool) || typeof tool.type !== 'string') return;
    const hint = ownValue(FOREIGN_TOOL_TYPES, tool.type);
    const foreign = hint === undefined ? undefined : hintText(hint, commands);
    if (foreign) {
      out.push(src.diag(['tools', i, 'type'], { code: 'unknown-tool-type', message: `tools[${i}] has type '${tool.type}', which a saved OpenAI agent does not have`, hint: foreign }, 'value'));
      return;
    }
    const id = toolIdentity(tool);
    const prev = first.get(id);
    if (prev === undefined) first.set(id, i);
    else {
      const what = tool.type === 'function' ? `function name '${String(tool.name)}'` : tool.type === 'mcp' ? `MCP server_label '${String(tool.server_label)}'` : `a second ${tool.type} tool`;
      out.push(src.diag(['tools', i], {
        code: 'duplicate-tool',
        message: `tools[${i}] repeats ${what} (the first is tools[${prev}]); each tool of an agent must be unique by type and name`,
        hint: tool.type === 'function' || tool.type === 'mcp' ? 'rename one of them or remove the duplicate' : `remove one; settings go in the one ${tool.type} tool`,
      }, 'value'));
    }
    if (tool.type === 'function') out.push(...checkJsonSchema(src, ['tools', i, 'parameters'], tool.parameters, `tools[${i}].parameters`));
  });
  const bytes = Buffer.byteLength(JSON.stringify(tools));
  if (bytes > TOOLS_MAX_BYTES) {
    out.push(src.diag(['tools'], { code: 'max-size', message: `tools is ${bytes} bytes as JSON; the API allows at most ${TOOLS_MAX_BYTES} (3 MiB)`, hint: 'remove tools or shorten their descriptions and parameters' }));
  }
  return out;
}

/** Diagnostics for what the schema cannot say about one definition (`value` is the parsed file); `commands` for the hints. */
export function agentChecks(src: YamlSource, value: JsonObject, commands: KindCommands): Diagnostic[] {
  const out: Diagnostic[] = [];
  out.push(...reservedMetadataKeys(src, value.metadata, '(aac@<namespace>) marks the agents it manages'));
  if (Array.isArray(value.tools)) out.push(...toolChecks(src, value.tools, commands));
  const format = isObject(value.text) ? value.text.format : undefined;
  if (isObject(format) && format.type === 'json_schema') out.push(...checkJsonSchema(src, ['text', 'format', 'schema'], format.schema, 'text.format.schema'));
  // The API refuses a setting the model does not support (AGENTS-API.md:80-81): reasoning-models.ts's
  // rule says where that is certain enough to refuse the definition.
  const effort = isObject(value.reasoning) ? value.reasoning.effort : undefined;
  const finding = typeof effort === 'string' ? effortFinding(value.model, 'reasoning.effort', { hostRefuses: true, reset: 'remove the effort (or write reasoning: null)' }) : undefined;
  if (finding) out.push(src.diag(['reasoning', 'effort'], finding, 'value'));
  return out;
}
