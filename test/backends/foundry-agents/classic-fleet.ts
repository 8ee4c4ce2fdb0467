// A Foundry classic fleet as people have them: 30 assistants with mixed tools, response formats,
// file_search options, sampling and metadata, made by hand (seeded into the classic emulator),
// plus one whose Azure tools and vector_stores helper cannot be carried over to the new API.

const FORMATS: unknown[] = [
  undefined,
  'auto',
  { type: 'text' },
  { type: 'json_object' },
  { type: 'json_schema', json_schema: { name: 'answer', description: 'One answer.', schema: { type: 'object', properties: { answer: { type: 'string' } }, required: ['answer'] } } },
];

/** Assistant create bodies in the classic agents dialect (no `strict`, no `reasoning_effort`). */
export function classicFleet(count = 30): Array<Record<string, unknown>> {
  return Array.from({ length: count }, (_, i) => {
    const tools: unknown[] = [];
    const resources: Record<string, unknown> = {};
    if (i % 2 === 0) {
      tools.push({ type: 'function', function: { name: `lookup_${i}`, description: `Look up record ${i}.`, parameters: { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] } } });
    }
    if (i % 3 === 0) {
      tools.push({ type: 'file_search', ...(i % 6 === 0 ? { file_search: { max_num_results: 5 + (i % 10) } } : {}) });
      if (i % 9 !== 0) resources.file_search = { vector_store_ids: [`vs_${i}`] };
    }
    if (i % 4 === 1) {
      tools.push({ type: 'code_interpreter' });
      if (i % 8 === 1) resources.code_interpreter = { file_ids: [`assistant-file-${i}a`, `assistant-file-${i}b`] };
    }
    if (i % 5 === 4) tools.push({ type: 'function', function: { name: 'escalate', parameters: { type: 'object', properties: {} } } });
    // An Azure Function over storage queues: the one tool shape both APIs share.
    if (i === 11) tools.push(AZURE_FUNCTION);
    const format = FORMATS[i % FORMATS.length];
    return {
      model: i % 2 ? 'gpt-4o' : 'gpt-4o-mini',
      name: i === 7 ? 'Café Bot' : `Support Agent ${i}`,
      ...(i % 3 === 1 ? { description: `Agent number ${i}.` } : {}),
      instructions: i % 7 === 0 ? Array.from({ length: 8 }, (_, l) => `Rule ${l + 1} for agent ${i}.`).join('\n') : `You are agent ${i}.`,
      ...(tools.length ? { tools } : {}),
      ...(Object.keys(resources).length ? { tool_resources: resources } : {}),
      ...(i % 4 === 2 ? { temperature: 0.2 + (i % 5) / 10 } : {}),
      ...(i % 10 === 3 ? { top_p: 0.8 } : {}),
      ...(format !== undefined ? { response_format: format } : {}),
      ...(i % 3 === 2 ? { metadata: { team: `team-${i % 4}`, tier: 'gold' } } : {}),
    };
  });
}

/** An azure_function tool as the classic API takes it ([C] AzureFunctionToolDefinition). */
export const AZURE_FUNCTION = {
  type: 'azure_function',
  azure_function: {
    function: { name: 'enrich', description: 'Enrich a record.', parameters: { type: 'object', properties: { id: { type: 'string' } } } },
    input_binding: { type: 'storage_queue', storage_queue: { queue_service_endpoint: 'https://acct.queue.core.windows.net', queue_name: 'enrich-in' } },
    output_binding: { type: 'storage_queue', storage_queue: { queue_service_endpoint: 'https://acct.queue.core.windows.net', queue_name: 'enrich-out' } },
  },
};

/** An assistant whose bing_grounding and connected_agent tools and vector_stores helper the new API cannot take as they are. */
export const LOSSY = {
  model: 'gpt-4o',
  name: 'News Desk',
  instructions: 'Summarise the news.',
  tools: [
    { type: 'bing_grounding', bing_grounding: { search_configurations: [{ connection_id: '/subscriptions/x/connections/bing' }] } },
    { type: 'file_search' },
    { type: 'connected_agent', connected_agent: { id: 'asst_editor', name: 'editor', description: 'Edits a summary.' } },
  ],
  tool_resources: { file_search: { vector_stores: [{ name: 'news', configuration: { data_sources: [{ uri: 'azureml://x', type: 'uri_asset' }] } }] } },
};
