import { describe, expect, it } from 'vitest';
import { verifyWrite } from '../../src/apply/verify.js';
import { ASSISTANT } from '../../src/backends/assistants/kind.js';
import type { AssistantSpec, LiveAssistant } from '../../src/backends/assistants/assistant.js';
import { normalize } from '../../src/backends/assistants/normalize.js';

const live = (spec: AssistantSpec): LiveAssistant => ({ id: 'asst_1', key: 'k', createdAt: 0, spec, fingerprint: 'f' });

describe('verifyWrite', () => {
  const desired: AssistantSpec = { model: 'gpt-4o', name: 'Billing', temperature: 0.5, metadata: { team: 'a' } };
  const after = normalize(desired, ASSISTANT, 'openai');

  it('is silent when the server stored what was sent, server-filled values included', () => {
    const stored = { ...desired, tools: [], top_p: 1, description: null, instructions: null, response_format: 'auto' as const };
    expect(verifyWrite(after, live(stored), ['model', 'name', 'temperature', 'metadata', 'tools'], ASSISTANT, 'openai')).toEqual([]);
  });

  it('names each sent field the server dropped or changed, with both values', () => {
    const stored = { ...desired, temperature: 1, metadata: {} };
    const warnings = verifyWrite(after, live(stored), ['temperature', 'metadata'], ASSISTANT, 'openai');
    expect(warnings).toHaveLength(2);
    // In the order the plan shows fields.
    expect(warnings[0]).toMatch(/'metadata'.*sent \{"team":"a"\}, it stored \{\}/);
    expect(warnings[1]).toMatch(/'temperature'.*sent 0\.5, it stored 1/);
  });

  it('ignores a field that was not sent: a modify only asks for its own fields', () => {
    const stored = { ...desired, name: 'Renamed by hand' };
    expect(verifyWrite(after, live(stored), ['temperature'], ASSISTANT, 'openai')).toEqual([]);
  });

  it('shows a string the server stored in another Unicode normalization with the code points that differ', () => {
    const nfd = normalize({ ...desired, name: 'Cafe\u0301' }, ASSISTANT, 'openai');
    const [warning] = verifyWrite(nfd, live({ ...desired, name: 'Caf\u00e9' }), ['name'], ASSISTANT, 'openai');
    expect(warning).toBe(
      "the API did not take 'name' as sent: sent \"Cafe\\u{301}\", it stored \"Caf\\u{e9}\" (differs only in Unicode normalization (NFD → NFC); the code points that differ are shown as \\u{…})",
    );
  });
});
