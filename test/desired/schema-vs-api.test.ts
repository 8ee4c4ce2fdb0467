// The vendored schema must not drift from the API's own description: every limit the OpenAPI
// document states is compared with schema/assistant.schema.json (the prose-only ones are pinned
// in limits.test.ts).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { CAPABILITIES } from '../../src/backends/assistants/capabilities.js';
import { haveShared, SHARED } from '../helpers/shared.js';

const spec = (haveShared ? parse(readFileSync(new URL('openai-openapi/openapi.yaml', SHARED), 'utf8'), { maxAliasCount: -1 }) : { components: { schemas: {} } }) as {
  components: { schemas: Record<string, Record<string, unknown>> };
};
const ours = JSON.parse(readFileSync(new URL('../../schema/assistant.schema.json', import.meta.url), 'utf8')) as Record<string, unknown>;
const schemas = spec.components.schemas;

type S = Record<string, unknown>;
/** Follows a path of property names through `properties`, `anyOf` branches, `$ref`s and `allOf`/`then` (ours). */
function at(root: S, doc: S, path: string[]): S {
  let node = root;
  for (const seg of path) {
    node = deref(doc, node);
    const props = (node.properties as S | undefined) ?? {};
    let next = props[seg] as S | undefined;
    for (const branch of [...((node.anyOf as S[]) ?? []), ...((node.oneOf as S[]) ?? []), ...((node.allOf as S[]) ?? []).map((b) => (b.then as S) ?? b)]) {
      next ??= (deref(doc, branch).properties as S | undefined)?.[seg] as S | undefined;
    }
    if (seg === '[]') next = deref(doc, node).items as S;
    if (!next) throw new Error(`no ${seg} in ${path.join('.')}`);
    node = next;
  }
  return deref(doc, node);
}
function deref(doc: S, node: S): S {
  const ref = node.$ref as string | undefined;
  if (!ref) return node;
  const name = ref.split('/').pop()!;
  return deref(doc, ((doc.components as S)?.schemas as S)?.[name] as S ?? ((doc.$defs as S)[name] as S));
}
function keyword(node: S, k: string): unknown {
  if (node[k] !== undefined) return node[k];
  for (const b of (node.anyOf as S[]) ?? []) if (b[k] !== undefined) return b[k];
  return undefined;
}

const create = schemas.CreateAssistantRequest!;
const CASES: Array<[string, S, string[], string[], string]> = [
  ['name', create, ['name'], ['name'], 'maxLength'],
  ['description', create, ['description'], ['description'], 'maxLength'],
  ['instructions', create, ['instructions'], ['instructions'], 'maxLength'],
  ['tools', create, ['tools'], ['tools'], 'maxItems'],
  ['code_interpreter.file_ids', create, ['tool_resources', 'code_interpreter', 'file_ids'], ['tool_resources', 'code_interpreter', 'file_ids'], 'maxItems'],
  ['file_search.vector_store_ids', create, ['tool_resources', 'file_search', 'vector_store_ids'], ['tool_resources', 'file_search', 'vector_store_ids'], 'maxItems'],
  ['file_search.vector_stores', create, ['tool_resources', 'file_search', 'vector_stores'], ['tool_resources', 'file_search', 'vector_stores'], 'maxItems'],
  ['vector_stores[].file_ids', create, ['tool_resources', 'file_search', 'vector_stores', '[]', 'file_ids'], ['tool_resources', 'file_search', 'vector_stores', '[]', 'file_ids'], 'maxItems'],
  ['temperature min', create, ['temperature'], ['temperature'], 'minimum'],
  ['temperature max', create, ['temperature'], ['temperature'], 'maximum'],
  ['top_p min', create, ['top_p'], ['top_p'], 'minimum'],
  ['top_p max', create, ['top_p'], ['top_p'], 'maximum'],
];

describe.skipIf(!haveShared)('schema/assistant.schema.json against the OpenAPI description', () => {
  it.each(CASES)('%s', (_label, specRoot, specPath, ourPath, k) => {
    const theirs = keyword(at(specRoot, spec as unknown as S, specPath), k);
    expect(theirs).toBeDefined();
    expect(keyword(at(ours, ours, ourPath), k)).toBe(theirs);
  });

  it('file_search max_num_results and score_threshold ranges, rankers and reasoning efforts', () => {
    const fs = at(schemas.AssistantToolsFileSearch!, spec as unknown as S, ['file_search', 'max_num_results']);
    const ourTool = ((ours.$defs as S).tool as S).allOf as S[];
    const ourFs = ((ourTool[1]!.then as S).properties as S).file_search as S;
    const ourMax = (ourFs.properties as S).max_num_results as S;
    expect([ourMax.minimum, ourMax.maximum]).toEqual([fs.minimum, fs.maximum]);
    const ranking = schemas.FileSearchRankingOptions!;
    const ourRanking = (ourFs.properties as S).ranking_options as S;
    expect(ourRanking.required).toEqual(ranking.required);
    const threshold = (ranking.properties as S).score_threshold as S;
    const ourThreshold = (ourRanking.properties as S).score_threshold as S;
    expect([ourThreshold.minimum, ourThreshold.maximum]).toEqual([threshold.minimum, threshold.maximum]);
    // The schema takes any ranker (Foundry's classic spec does); OpenAI's enum is its capability table's.
    expect(((ourRanking.properties as S).ranker as S).type).toBe('string');
    expect(CAPABILITIES.openai.rankers?.values).toEqual(schemas.FileSearchRanker!.enum);
    const efforts = (keyword(schemas.ReasoningEffort!, 'enum') as string[]) ?? [];
    expect(efforts).toContain('medium');
    expect(((ours.properties as S).reasoning_effort as S).enum).toEqual([...efforts.filter((e) => e !== null), null]);
  });
});
