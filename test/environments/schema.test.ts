// aac.yaml's environments and variables in its JSON Schema: shapes an editor checks as you type,
// each mistake located by `aac validate`.
import { describe, expect, it } from 'vitest';
import { CONFIG_SCHEMA } from '../../src/config/index.js';
import { validateAgainst } from '../../src/yaml/schema.js';
import { readYamlSource } from '../../src/yaml/source.js';
import { at } from './helpers.js';

const check = (text: string) => validateAgainst(CONFIG_SCHEMA, readYamlSource('assistants/aac.yaml', Buffer.from(text)), { ownFields: new Set(['$schema']), quoteValues: false });

describe('aac.schema.json: environments and variables', () => {
  it('accepts the README layout', () => {
    expect(check([
      'provider: openai',
      'variables:',
      '  chat_model: { type: string, description: the chat deployment }',
      '  temperature: { type: number, default: 0.3 }',
      'environments:',
      '  dev: { endpoint: "https://dev.example.com/v1", values: { chat_model: gpt-4o-mini } }',
      '  prod: { provider: foundry, namespace: support-prod, overlays: overlays/prod, values: { chat_model: gpt-4o, temperature: null } }',
      '',
    ].join('\n'))).toEqual([]);
  });

  it('locates an unknown type, an environment field that does not exist and a list value', () => {
    const found = check([
      'variables:',
      '  chat_model: { type: str }',
      'environments:',
      '  dev: { endpiont: "https://dev.example.com/v1" }',
      '  "pr od": { values: { chat_model: [a] } }',
      '  stage: { provider: azure, namespace: "bad ns" }',
      '',
    ].join('\n'));
    // In the file's order, as loading aac.yaml sorts them (ajv's own order follows the schema's keywords).
    const inOrder = [...found].sort((a, b) => a.location.line - b.location.line || a.location.column - b.location.column);
    expect(inOrder.map((d) => [d.path, at(d.location)])).toEqual([
      ['variables.chat_model.type', 'assistants/aac.yaml:2:23'],
      ['environments.dev.endpiont', 'assistants/aac.yaml:4:10'],
      ['environments["pr od"].values.chat_model', 'assistants/aac.yaml:5:36'],
      ['environments.stage.provider', 'assistants/aac.yaml:6:22'],
      ['environments.stage.namespace', 'assistants/aac.yaml:6:40'],
    ]);
    expect(found.find((d) => d.path === 'environments.dev.endpiont')!.hint).toBe("did you mean 'endpoint'?");
  });
});
