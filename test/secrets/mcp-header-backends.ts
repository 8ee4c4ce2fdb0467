// The agents backends whose definitions hold an MCP tool's headers, for the tests of credentials
// written into them: each provider's environment, a definition with the headers given inline, and
// the path its diagnostics name them by.
import { API_KEY } from '../apply/helpers.js';

export const MCP_HEADER_BACKENDS = [
  {
    provider: 'openai-agents',
    env: (url: string) => ({ OPENAI_BASE_URL: url, OPENAI_API_KEY: API_KEY }),
    definition: (headers: string) => `model: gpt-5\nname: Crm\ntools:\n  - type: mcp\n    server_label: crm\n    transport: {type: http, server_url: "https://mcp.example.com", headers: {${headers}}}\n`,
    headers: 'tools[0].transport.headers',
  },
  {
    provider: 'foundry-agents',
    env: (url: string) => ({ AZURE_AI_PROJECT_ENDPOINT: url, AAC_FOUNDRY_TOKEN: API_KEY }),
    definition: (headers: string) => `name: crm\ndefinition:\n  kind: prompt\n  model: gpt-4o\n  tools:\n    - {type: mcp, server_label: crm, server_url: "https://mcp.example.com", headers: {${headers}}}\n`,
    headers: 'definition.tools[0].headers',
  },
];
