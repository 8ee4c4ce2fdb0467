#!/usr/bin/env node
// Extracts the schemas the emulator validates against from the official API descriptions in
// ../shared into src/backends/assistants/emulator/spec/, so the runtime never reads ../shared (users do not have it).
// Usage: node scripts/extract-openapi.mjs [--check]   (--check: exit 1 when the committed files differ)
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';

const repo = new URL('../', import.meta.url);
const shared = new URL('../shared/', repo);
const outDir = new URL('src/backends/assistants/emulator/spec/', repo);

const OPENAI_ROOTS = [
  'CreateAssistantRequest', 'ModifyAssistantRequest', 'AssistantObject', 'ListAssistantsResponse',
  'DeleteAssistantResponse', 'ErrorResponse', 'CreateVectorStoreRequest', 'UpdateVectorStoreRequest', 'VectorStoreObject',
  'ListVectorStoresResponse', 'DeleteVectorStoreResponse',
];
const FOUNDRY_ROOTS = ['CreateAgentOptions', 'UpdateAgentOptions', 'Agent', 'AgentDeletionStatus', 'AgentV1Error', 'VectorStoreOptions', 'VectorStoreUpdateOptions', 'VectorStore', 'VectorStoreDeletionStatus'];

/** Every schema name reachable from `roots` through `$ref`s with the given prefix. */
function closure(all, roots, prefix, extra = () => []) {
  const seen = new Set();
  const queue = [...roots];
  while (queue.length > 0) {
    const name = queue.shift();
    if (seen.has(name)) continue;
    if (!all[name]) throw new Error(`schema ${name} not found`);
    seen.add(name);
    const text = JSON.stringify(all[name]);
    for (const m of text.matchAll(/"\$ref":"([^"]+)"/g)) {
      if (!m[1].startsWith(prefix)) throw new Error(`unexpected $ref ${m[1]} in ${name}`);
      queue.push(m[1].slice(prefix.length));
    }
    queue.push(...extra(name));
  }
  return Object.fromEntries([...seen].sort().map((n) => [n, all[n]]));
}

function commitOf(sourceMd, pattern) {
  const m = readFileSync(new URL(sourceMd, shared), 'utf8').match(pattern);
  if (!m) throw new Error(`no commit found in ${sourceMd}`);
  return m[1];
}

function openaiSpec() {
  const doc = YAML.parse(readFileSync(new URL('openai-openapi/openapi.yaml', shared), 'utf8'), { maxAliasCount: -1 });
  return {
    'x-source': {
      repository: 'github.com/openai/openai-openapi',
      file: 'openapi.yaml',
      commit: commitOf('openai-openapi/SOURCE.md', /`([0-9a-f]{40})`/),
      license: 'MIT, Copyright (c) OpenAI (https://openai.com)',
      extracted: 'components.schemas reachable from ' + OPENAI_ROOTS.join(', '),
      generator: 'scripts/extract-openapi.mjs (do not edit by hand)',
    },
    components: { schemas: closure(doc.components.schemas, OPENAI_ROOTS, '#/components/schemas/') },
  };
}

function foundrySpec() {
  const doc = JSON.parse(readFileSync(new URL('azure-foundry/classic-agents-v1.json', shared), 'utf8'));
  const defs = doc.definitions;
  // Swagger 2 polymorphism: subtypes point at their base through allOf; pull them in with the base.
  const subtypes = (base) =>
    Object.keys(defs).filter((k) => (defs[k].allOf ?? []).some((s) => s.$ref === `#/definitions/${base}`));
  const listResponse = doc.paths['/assistants'].get.responses['200'].schema;
  const vectorStoreListResponse = doc.paths['/vector_stores'].get.responses['200'].schema;
  return {
    'x-source': {
      repository: 'github.com/Azure/azure-rest-api-specs',
      file: 'specification/ai/data-plane/AIAgents/stable/v1/azure-ai-agents.json',
      commit: commitOf('azure-foundry/SOURCE.md', /`classic-agents-v1\.json`[^\n]*?`([0-9a-f]{40})`/),
      license: 'MIT, Copyright (c) Microsoft Corporation',
      extracted: 'definitions reachable from ' + FOUNDRY_ROOTS.join(', ') + ' (with their discriminated subtypes), and the ListAgents and ListVectorStores 200 schemas',
      generator: 'scripts/extract-openapi.mjs (do not edit by hand)',
    },
    listResponse,
    vectorStoreListResponse,
    // The list schemas are inline in paths and refer only to Agent and VectorStore, which are roots already.
    definitions: closure(defs, FOUNDRY_ROOTS, '#/definitions/', subtypes),
  };
}

export function extract() {
  return {
    'openai-assistants.json': JSON.stringify(openaiSpec(), null, 2) + '\n',
    'foundry-classic-agents.json': JSON.stringify(foundrySpec(), null, 2) + '\n',
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const check = process.argv.includes('--check');
  let stale = false;
  for (const [name, text] of Object.entries(extract())) {
    const target = new URL(name, outDir);
    if (check) {
      let current = '';
      try { current = readFileSync(target, 'utf8'); } catch { /* missing counts as stale */ }
      if (current !== text) { stale = true; console.error(`${fileURLToPath(target)} is out of date`); }
    } else {
      writeFileSync(target, text);
      console.log(`wrote ${fileURLToPath(target)}`);
    }
  }
  if (stale) process.exit(1);
}
