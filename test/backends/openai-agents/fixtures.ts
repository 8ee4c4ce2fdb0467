// Shared by the openai-agents tests: one tool of every type, and a definition setting every field.
export const EVERY_TOOL = [
  { type: 'function', name: 'lookup', description: 'Find one order.', parameters: { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] } },
  { type: 'tool_search' },
  { type: 'programmatic_tool_calling', enabled: false },
  { type: 'mcp', server_label: 'crm', transport: { type: 'http', server_url: 'https://mcp.example.com' }, allowed_tools: ['find'] },
  { type: 'web_search', allowed_domains: ['example.com'] },
  { type: 'computer_use', include_screenshots: true },
];

/** Every governed field set; `agent(i)` varies name, instructions and metadata. */
export const FULL = {
  model: 'gpt-5', name: 'Agent', instructions: 'You are an agent.', metadata: { team: 't1' },
  reasoning: { effort: 'low' }, text: { verbosity: 'low' }, service_tier: 'flex', multi_agent: { enabled: true },
  compaction: { async: false }, experimental: { time_awareness: true }, tools: EVERY_TOOL,
};
export const agent = (i: number) => ({ ...FULL, name: `Agent ${i}`, instructions: `You are agent ${i}.`, metadata: { team: `t${i % 3}` } });

/** A drifted value for every governed field (the marker kept where metadata drifts is the caller's). */
export const DRIFTS = {
  model: 'gpt-5-mini', name: 'Other', instructions: 'Other', metadata: { team: 'x', extra: 'y' },
  reasoning: { effort: 'high' }, text: { verbosity: 'high' }, service_tier: 'priority',
  multi_agent: { enabled: false }, compaction: { async: true }, experimental: { time_awareness: false },
  tools: [{ type: 'tool_search' }],
};
