// Which models are reasoning models, by family, and what the hosts are known to do with sampling
// parameters (`temperature`, `top_p`) and a reasoning effort for them: stated once, each family
// with where it was seen, for every backend that names OpenAI's models (the Assistants hosts,
// OpenAI's Agents API, and the Agents emulator's model rule).
// The Assistants API's own sources (openai-openapi AssistantSupportedModels, ReasoningEffort) list
// the models and `reasoning_effort` "for reasoning models" but say nothing of sampling; these
// entries come from public reports of the API's refusals, so they are warnings, never errors.

/** How a family's models answer a sampling parameter. */
export type SamplingRule =
  /** The parameter is refused whatever its value ("Unsupported parameter: 'temperature' …"). */
  | 'refused'
  /** Only the default, 1, is taken ("Only the default (1) value is supported."). */
  | 'default-only';

export interface ReasoningFamily {
  /** The family's model ids are this name, or it followed by `-` or `.` (o3-mini, gpt-5.1); named so in messages. */
  name: string;
  rule: SamplingRule;
  /** Where the refusal was seen. */
  source: string;
}

export const REASONING_FAMILIES: readonly ReasoningFamily[] = [
  {
    name: 'o1',
    rule: 'refused',
    source: "ChatGPTNextWeb/NextChat #6138 (o1, o1-mini, o1-preview refuse temperature)",
  },
  {
    name: 'o3',
    rule: 'refused',
    source:
      "openai/openai-python #2072 (assistants.update to o3-mini: 400 \"Unsupported parameter: 'temperature' is not supported with this model.\"); " +
      'arbs-io/vscode-openai #349 (the same from Azure OpenAI); BeehiveInnovations/pal-mcp-server #78 (o3)',
  },
  {
    name: 'o4',
    rule: 'refused',
    source: "egoist/chatwise-releases #940 (o4-mini on Azure: \"Unsupported parameter: 'temperature' is not supported with this model.\")",
  },
  {
    name: 'gpt-5',
    rule: 'default-only',
    source:
      "diffbot/code-gpt-docs #445, tmc/langchaingo #1355 (400 \"Unsupported value: 'temperature' does not support 0.5 with this model. Only the default (1) value is supported.\")",
  },
];

/** The family of a model id: its name, or its name followed by `-` or `.` (o3-mini, gpt-5.1, gpt-5-2025-08-07). */
export function reasoningFamily(model: string): ReasoningFamily | undefined {
  return REASONING_FAMILIES.find((f) => model === f.name || model.startsWith(`${f.name}-`) || model.startsWith(`${f.name}.`));
}

/**
 * Why a reasoning effort on `model` may be refused, or undefined when the model is of a reasoning
 * family (or is not known here: not a string, or a `${var.…}` reference, checked per environment).
 * The sources say only that an effort is "for reasoning models" (openai-openapi ReasoningEffort)
 * and that the Agents API refuses a setting the model does not support (AGENTS-API.md:80-81);
 * which models those are is this table's, from reports, so callers warn, never refuse.
 */
export function effortWithoutReasoning(model: unknown): string | undefined {
  if (typeof model !== 'string' || model.includes('${') || reasoningFamily(model)) return undefined;
  return `'${model}' is not a reasoning model (of the families ${REASONING_FAMILIES.map((f) => f.name).join(', ')}), and an effort is for reasoning models only`;
}

/** Whether `family` is known to refuse `value` for a sampling parameter. */
export function refusesSampling(family: ReasoningFamily, value: number): boolean {
  return family.rule === 'refused' || value !== 1;
}
