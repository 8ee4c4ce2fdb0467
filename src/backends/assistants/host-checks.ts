// The schema accepts every host's fields; here the chosen provider's capability table decides,
// so a definition using a Foundry-only tool under openai says which provider it needs.
import { CAPABILITIES, providersWithTool } from './capabilities.js';
import { effortFinding, reasoningFamily, refusesSampling } from '../reasoning-models.js';
import { SPEC_FIELDS } from './assistant.js';
import { PROVIDERS, type ProviderName } from './providers.js';
import type { Diagnostic } from '../../model/diagnostic.js';
import type { Json, JsonObject } from '../../model/json.js';
import { isObject } from '../../model/json.js';
import type { FieldPath, YamlSource } from '../../yaml/source.js';
import type { DiagnosticCode } from '../../model/diagnostic-codes.js';

function needs(what: string, providers: readonly ProviderName[], current: ProviderName): { message: string; hint: string } {
  if (providers.length === 0) return { message: `${what} is not supported by provider ${current}`, hint: 'remove it' };
  const p = providers[0]!;
  const list = providers.map((x) => `--provider ${x}`).join(' or ');
  return {
    message: `${what} needs ${list} (or provider: ${p} in aac.yaml); the current provider is ${current}`,
    hint: `remove it, or choose a provider that has it`,
  };
}

/**
 * Fields of a file_search `vector_stores` item per host: OpenAI makes a store from file ids,
 * Foundry from Azure data sources (azure-foundry/AGENTS.md part 1, VectorStoreConfigurations).
 */
const VECTOR_STORE_FIELDS: Record<'openai' | 'foundry', readonly string[]> = {
  openai: ['file_ids', 'chunking_strategy', 'metadata'],
  foundry: ['name', 'configuration'],
};

export function providerChecks(src: YamlSource, value: JsonObject, provider: ProviderName): Diagnostic[] {
  const caps = CAPABILITIES[provider];
  const out: Diagnostic[] = [];
  const push = (path: FieldPath, what: string, providers: readonly ProviderName[]) =>
    out.push(src.diag(path, { code: 'needs-provider', ...needs(what, providers, provider) }));
  const withField = (test: (p: ProviderName) => boolean) => PROVIDERS.filter(test);

  if (typeof value.id === 'string' && value.id.trim() !== '' && !caps.assistantId.pattern.test(value.id)) {
    const { text, documented } = caps.assistantId;
    out.push(src.diag(['id'], {
      code: 'invalid-id',
      severity: documented ? 'error' : 'warning',
      message: documented
        ? `id '${value.id}' is not an assistant id of provider ${provider}: ids are ${text}`
        : `id '${value.id}' does not look like an assistant id (${text}); provider ${provider} documents no id format, so it is tried as written`,
      hint: 'copy the id from the host (`aac import` writes pins for you); to keep an assistant under a new file name, use `key:` or `moved_from:` instead of a pin',
    }, 'value'));
  }

  for (const field of SPEC_FIELDS) {
    if (value[field] !== undefined && value[field] !== null && !caps.fields.includes(field)) {
      push([field], field, withField((p) => CAPABILITIES[p].fields.includes(field)));
    }
  }

  out.push(...reasoningSamplingWarnings(src, value, provider));
  // An effort on a model of no reasoning family (reasoning-models.ts's rule), where the host has the field at all.
  const effort = typeof value.reasoning_effort === 'string' && caps.fields.includes('reasoning_effort')
    ? effortFinding(value.model, 'reasoning_effort', { hostRefuses: false, reset: 'remove reasoning_effort' })
    : undefined;
  if (effort) out.push(src.diag(['reasoning_effort'], effort));

  const tools = Array.isArray(value.tools) ? value.tools : [];
  tools.forEach((tool, i) => {
    if (!isObject(tool) || typeof tool.type !== 'string') return;
    if (!caps.toolTypes.includes(tool.type)) {
      // A type no provider knows is the schema's to report (with its "did you mean").
      const owners = providersWithTool(tool.type);
      if (owners.length > 0) push(['tools', i, 'type'], `tool type '${tool.type}'`, owners);
      return;
    }
    // Fields the host requires inside a tool (Foundry: function `parameters`, a ranking option's
    // `ranker`), required whenever the object holding them is there.
    for (const required of caps.requiredToolFields) {
      // `function.parameters` is `tool.function.parameters`: the first segment is the tool type.
      const path = required.split('.');
      if (path[0] !== tool.type) continue;
      const leaf = path.pop()!;
      const parent = path.reduce<Json | undefined>((node, key) => (isObject(node) ? node[key] : undefined), tool);
      if (isObject(parent) && parent[leaf] === undefined) {
        out.push(
          src.diag(['tools', i, ...path], {
            code: 'required-by-provider',
            message: `${required} is required by provider ${provider} (${caps.source})`,
            hint: `add ${leaf}${leaf === 'parameters' ? ' (for no arguments: {type: object, properties: {}})' : ''}`,
          }),
        );
      }
    }
    const ranking = tool.type === 'file_search' && isObject(tool.file_search) ? tool.file_search.ranking_options : undefined;
    const ranker = isObject(ranking) ? ranking.ranker : undefined;
    if (typeof ranker === 'string' && caps.rankers && !caps.rankers.values.includes(ranker)) {
      out.push(src.diag(['tools', i, 'file_search', 'ranking_options', 'ranker'], rankerRefused(ranker, provider), 'value'));
    }
    if (!caps.strict && tool.type === 'function' && isObject(tool.function) && tool.function.strict !== undefined) {
      push(['tools', i, 'function', 'strict'], 'function.strict', withField((p) => CAPABILITIES[p].strict));
    }
  });

  const format = value.response_format;
  if (!caps.strict && isObject(format) && isObject(format.json_schema) && format.json_schema.strict !== undefined) {
    push(['response_format', 'json_schema', 'strict'], 'json_schema.strict', withField((p) => CAPABILITIES[p].strict));
  }

  const resources = isObject(value.tool_resources) ? value.tool_resources : {};
  for (const [name, res] of Object.entries(resources)) {
    const accepted = caps.toolResources[name];
    if (accepted === undefined) {
      push(['tool_resources', name], `tool_resources.${name}`, withField((p) => CAPABILITIES[p].toolResources[name] !== undefined));
      continue;
    }
    if (!isObject(res)) continue;
    for (const inner of Object.keys(res)) {
      if (!accepted.includes(inner)) {
        push(['tool_resources', name, inner], `tool_resources.${name}.${inner}`, withField((p) => CAPABILITIES[p].toolResources[name]?.includes(inner) ?? false));
      }
    }
  }

  const stores = isObject(resources.file_search) ? resources.file_search.vector_stores : undefined;
  if (Array.isArray(stores)) {
    const dialect = provider === 'foundry' ? 'foundry' : 'openai';
    stores.forEach((store, i) => {
      if (!isObject(store)) return;
      for (const field of Object.keys(store)) {
        if (VECTOR_STORE_FIELDS[dialect].includes(field)) continue;
        const owners = withField((p) => VECTOR_STORE_FIELDS[p === 'foundry' ? 'foundry' : 'openai'].includes(field));
        push(['tool_resources', 'file_search', 'vector_stores', i, field], `vector_stores[${i}].${field}`, owners);
      }
    });
  }
  return out;
}

/** A ranker the host's spec does not list, and the hosts that take it (those listing it, or taking any string). */
function rankerRefused(ranker: string, provider: ProviderName): { code: DiagnosticCode; message: string; hint: string } {
  const { values, source } = CAPABILITIES[provider].rankers!;
  const owners = PROVIDERS.filter((p) => CAPABILITIES[p].rankers?.values.includes(ranker) ?? true);
  const elsewhere = owners.length > 0 ? `; ${owners.map((p) => `--provider ${p}`).join(' or ')} takes it` : '';
  return {
    code: 'needs-provider',
    message: `ranker '${ranker}' is not one provider ${provider} takes: ${values.join(', ')} (${source})${elsewhere}`,
    hint: `use ${values.join(' or ')} (auto lets the host pick)${owners.length > 0 ? `, or choose ${owners.map((p) => `provider: ${p}`).join(' or ')} in aac.yaml` : ''}`,
  };
}

const SAMPLING = ['temperature', 'top_p'] as const;

/**
 * A warning, not an error, for `temperature`/`top_p` on a reasoning model where the host is known
 * to refuse them: the families come from public reports of refusals, not from the API's sources.
 */
function reasoningSamplingWarnings(src: YamlSource, value: JsonObject, provider: ProviderName): Diagnostic[] {
  if (!CAPABILITIES[provider].refusesReasoningSampling || typeof value.model !== 'string') return [];
  const family = reasoningFamily(value.model);
  if (!family) return [];
  return SAMPLING.flatMap((field) => {
    const set = value[field];
    if (typeof set !== 'number' || !refusesSampling(family, set)) return [];
    const takes = family.rule === 'refused' ? 'refuses it' : 'takes only its default, 1';
    return [src.diag([field], {
      code: 'reasoning-sampling',
      severity: 'warning',
      message: `${field} is set, but '${value.model}' is a reasoning model (the ${family.name} family): provider ${provider} ${takes} for such models, so the write or the runs may be refused`,
      hint: `remove ${field} (reasoning models take reasoning_effort instead); aac then resets it on the live assistant`,
    })];
  });
}
