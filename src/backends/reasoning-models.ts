// Which models are reasoning models, by family, and what the hosts are known to do with sampling
// parameters (`temperature`, `top_p`) and a reasoning effort for them: stated once, each family
// with where it was seen, for every backend that names OpenAI's models (the Assistants hosts,
// OpenAI's Agents API, and the Agents emulator's model rule).
// The Assistants API's own sources (openai-openapi AssistantSupportedModels, ReasoningEffort) list
// the models and `reasoning_effort` "for reasoning models" but say nothing of sampling; these
// entries come from public reports of the API's refusals, so they are warnings — except an effort
// that the Agents API, documented to refuse what the model does not support, would refuse on a
// model reported to refuse one (effortFinding).

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

/** Whether `model` is of the family `name`: the name, or it followed by `-` or `.`. */
const inFamily = (model: string, name: string): boolean => model === name || model.startsWith(`${name}-`) || model.startsWith(`${name}.`);

/** The family of a model id: its name, or its name followed by `-` or `.` (o3-mini, gpt-5.1, gpt-5-2025-08-07). */
export function reasoningFamily(model: string): ReasoningFamily | undefined {
  return REASONING_FAMILIES.find((f) => inFamily(model, f.name));
}

/**
 * Families of models reported to refuse a reasoning effort outright: the name, or it followed by
 * `-` or `.` (gpt-4o-mini, gpt-4.1-nano), as for REASONING_FAMILIES. A model in neither table is
 * unknown here: an effort on it is only warned of.
 */
export const NON_REASONING_FAMILIES: ReadonlyArray<{ name: string; source: string }> = [
  {
    name: 'gpt-4o',
    source: "RageAgainstThePixel/OpenAI-DotNet #500, avante-corp/avante.nvim #1359 (gpt-4o: 400 \"Unsupported parameter: 'reasoning.effort' is not supported with this model.\")",
  },
  {
    name: 'gpt-4.1',
    source: "BoundaryML/baml #2708 (gpt-4.1: 400 \"Unsupported parameter: 'reasoning.effort' is not supported with this model.\")",
  },
];

/** The family `model` is of among those reported to refuse a reasoning effort (NON_REASONING_FAMILIES); undefined for any other model. */
export function refusesEffort(model: string): { name: string; source: string } | undefined {
  return NON_REASONING_FAMILIES.find((f) => inFamily(model, f.name));
}

/** What a definition's reasoning effort on its model comes to, as a diagnostic's fields. */
export interface EffortFinding {
  code: 'effort-model';
  severity: 'error' | 'warning';
  message: string;
  hint: string;
  /** The message without its opening `FIELD is set, but`: why the effort is a problem. */
  why: string;
}

/**
 * The one rule for a reasoning effort on a model of no reasoning family, for every backend whose
 * definitions have the field: `field` is the effort's path as shown (`reasoning_effort`,
 * `reasoning.effort`), `model` the definition's model; `hostRefuses` is whether the backend's API
 * is documented to refuse a setting the model does not support (OpenAI's Agents API,
 * AGENTS-API.md:80-81 "Model compatibility"; the Assistants and Foundry sources are silent), and
 * `reset` the hint's way to drop the effort. Undefined when the model is of a reasoning family, or
 * not known yet (not a string, or a `${var.…}` reference: checked per environment once substituted).
 * An error only where the host refuses and the model is of a family reported to refuse an effort
 * (NON_REASONING_FAMILIES); a warning for any other model: which models take an effort is not in
 * any API source, only "for reasoning models" (openai-openapi ReasoningEffort), so the conservative
 * reading refuses only what was seen refused, and says of a model in neither table only that aac
 * does not know it to reason (a deployment name, a family newer than the table).
 */
export function effortFinding(model: unknown, field: string, { hostRefuses, reset }: { hostRefuses: boolean; reset: string }): EffortFinding | undefined {
  if (typeof model !== 'string' || model.includes('${') || reasoningFamily(model)) return undefined;
  const refused = refusesEffort(model);
  const shown = `'${model}'`;
  const why = refused
    ? `${shown} is not a reasoning model (${refused.name} models are reported to refuse an effort): ${hostRefuses ? 'the API refuses an effort the model does not support' : 'the host may refuse or ignore it'}`
    : `${shown} is not among the reasoning model families aac knows (${REASONING_FAMILIES.map((f) => f.name).join(', ')}): ` +
      `the effort may be refused${hostRefuses ? ' (the API refuses one the model does not support)' : ' or ignored'}`;
  const hint = refused ? `${reset}, or choose a reasoning model` : `${reset} unless ${shown} is a reasoning model`;
  return { code: 'effort-model', severity: hostRefuses && refused ? 'error' : 'warning', message: `${field} is set, but ${why}`, hint, why };
}

/** Whether `family` is known to refuse `value` for a sampling parameter. */
export function refusesSampling(family: ReasoningFamily, value: number): boolean {
  return family.rule === 'refused' || value !== 1;
}
