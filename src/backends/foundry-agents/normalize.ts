// The canonical form of one agent version's governed fields, applied to a definition and to the
// live latest version alike: omitted values become what the service stores (server-defaults.ts),
// key order and nulls that mean "not set" never differ, and whatever else the service sends back
// is ignored, not fought. Every governed field lives in an immutable version, so any difference
// is answered by a new version (there is no in-place update in this API).
import { canonicalize, withoutNulls as withoutNullMembers } from '../../model/canonical.js';
import { isObject, put, type Json, type JsonObject } from '../../model/json.js';
import { isMarkerKey } from '../../model/marker.js';
import { DEFINITION_DEFAULTS, ENVELOPE_DEFAULTS } from './server-defaults.js';

/** The version fields aac governs, in the order they are shown: the body of a new version. */
export const VERSION_FIELDS = ['description', 'metadata', 'definition'] as const;
export type VersionField = (typeof VERSION_FIELDS)[number];

/**
 * The fields of a prompt `definition` ([J] $defs.PromptAgentDefinition.properties, a test keeps
 * this list equal to it), in the order they are shown.
 */
export const DEFINITION_FIELDS = [
  'kind', 'model', 'instructions', 'temperature', 'top_p', 'reasoning', 'tools', 'tool_choice', 'text', 'structured_inputs', 'rai_config',
] as const;

/**
 * What a definition file or a live version holds of these fields (anything else is ignored), and
 * the live version's `blueprint_reference`, which no definition writes but a new version carries
 * back (kind.ts KEPT_LIVE).
 */
export interface AgentVersionFields {
  description?: string | null;
  metadata?: Record<string, string> | null;
  definition: Record<string, unknown>;
  blueprint_reference?: JsonObject;
}

export type NormalizedVersion = { [F in VersionField]: Json };

/** Sampling numbers are `float32` ([M] PromptAgentDefinition): 0.7 may come back as 0.699999988. */
function float32(value: number): number {
  return Number(Math.fround(value).toPrecision(7));
}

/**
 * Members holding the author's own JSON — a function's `parameters`, an OpenAPI tool's `spec`, a
 * response format's or structured input's `schema` ([J] RecordUnknown, ResponseFormatJsonSchemaSchema)
 * and an input's `default_value` — and `metadata`: sent and compared as written, a null in them a
 * value, and kept whole by import.
 */
export const OPAQUE_KEYS: readonly string[] = ['metadata', 'parameters', 'spec', 'schema', 'default_value'];

/** Members that are null or absent mean "not set" (the schemas make them nullable): dropped, but not inside OPAQUE_KEYS. */
const withoutNulls = (value: unknown): Json => withoutNullMembers(value, OPAQUE_KEYS);

/** An empty object or list is the same as leaving the member out. */
function nonEmpty(value: Json): Json {
  if (Array.isArray(value) && value.length === 0) return null;
  if (isObject(value) && Object.keys(value).length === 0) return null;
  return value;
}

function normalizeTool(tool: unknown): Json {
  const t = withoutNulls(tool);
  if (!isObject(t)) return t;
  if (t.type === 'code_interpreter') {
    let container: Json = t.container ?? canonicalize(DEFINITION_DEFAULTS.codeInterpreterContainer.value);
    if (isObject(container)) {
      const { file_ids: files, ...rest } = container;
      container = canonicalize(Array.isArray(files) && files.length > 0 ? { ...rest, file_ids: files } : rest);
    }
    return canonicalize({ ...t, container });
  }
  return t;
}

function normalizeStructuredInputs(value: unknown): Json {
  if (!isObject(value)) return null;
  const out: JsonObject = {};
  for (const [name, input] of Object.entries(value)) {
    const i = withoutNulls(input);
    put(out, name, isObject(i) ? canonicalize({ required: DEFINITION_DEFAULTS.structuredInputRequired.value, ...i }) : i);
  }
  return nonEmpty(canonicalize(out));
}

/** A prompt definition in canonical form: every field of DEFINITION_FIELDS present (null = not set). */
export function normalizeDefinition(definition: Record<string, unknown>): JsonObject {
  const d = definition;
  const sampling = (field: 'temperature' | 'top_p'): Json => {
    const v = d[field];
    return typeof v === 'number' ? float32(v) : DEFINITION_DEFAULTS[field].value;
  };
  const text = withoutNulls(d.text);
  return {
    kind: canonicalize(d.kind),
    model: canonicalize(d.model),
    instructions: canonicalize(d.instructions),
    temperature: sampling('temperature'),
    top_p: sampling('top_p'),
    reasoning: nonEmpty(withoutNulls(d.reasoning)),
    tools: Array.isArray(d.tools) ? d.tools.map(normalizeTool) : [],
    tool_choice: canonicalize(d.tool_choice),
    text: isObject(text) ? nonEmpty(text) : text,
    structured_inputs: normalizeStructuredInputs(d.structured_inputs),
    rai_config: nonEmpty(withoutNulls(d.rai_config)),
  };
}

/**
 * One version's governed fields in canonical form. aac's marker pairs belong to the tool, never
 * to a definition: they are left out of the comparison.
 */
export function normalizeVersion(fields: AgentVersionFields): NormalizedVersion {
  const metadata: JsonObject = {};
  const given = isObject(fields.metadata) ? fields.metadata : ENVELOPE_DEFAULTS.metadata.value;
  for (const [k, v] of Object.entries(given)) if (!isMarkerKey(k)) put(metadata, k, canonicalize(v));
  return {
    description: canonicalize(fields.description),
    metadata: canonicalize(metadata),
    definition: normalizeDefinition(isObject(fields.definition) ? fields.definition : {}),
  };
}

/**
 * The changed paths between two normalized versions: `description`, `metadata`, and
 * `definition.<field>` for each changed definition field. Empty when nothing governed changed,
 * which is exactly when no new version is needed.
 */
export function changedPaths(before: NormalizedVersion, after: NormalizedVersion): string[] {
  const same = (a: Json, b: Json): boolean => JSON.stringify(a) === JSON.stringify(b);
  const out: string[] = [];
  for (const field of VERSION_FIELDS) {
    if (field !== 'definition') {
      if (!same(before[field], after[field])) out.push(field);
      continue;
    }
    const b = before.definition as JsonObject;
    const a = after.definition as JsonObject;
    for (const f of DEFINITION_FIELDS) if (!same(b[f] ?? null, a[f] ?? null)) out.push(`definition.${f}`);
  }
  return out;
}
