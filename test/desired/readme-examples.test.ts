// The definition examples README.md gives, copied whole as a newcomer copies them, are valid for
// their provider and have nothing to warn of: an example that draws a warning teaches the warning.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { cleanupTrees, writeTree } from './helpers.js';

afterAll(cleanupTrees);

const README = readFileSync(fileURLToPath(new URL('../../README.md', import.meta.url)), 'utf8');

/** The ```yaml block of the README section headed `heading` whose first line is `first`. */
function example(heading: string, first: string): string {
  const section = README.slice(README.indexOf(`\n${heading}\n`));
  const from = section.indexOf(`\`\`\`yaml\n${first}\n`);
  expect(from, `${heading}: a yaml block starting ${first}`).toBeGreaterThan(0);
  return section.slice(from + 8, section.indexOf('\n```', from + 8) + 1);
}

describe('the README\'s definition examples', () => {
  it.each([
    ['## The definition format', 'openai', '# yaml-language-server: $schema=../../schema/assistant.schema.json'],
    ['### Foundry agents (named, versioned agents)', 'foundry-agents', '# yaml-language-server: $schema=../schema/foundry-agent.schema.json'],
    ['### Agent definitions', 'openai-agents', '# yaml-language-server: $schema=../../schema/openai-agent.schema.json'],
  ])('%s validates for %s with no error and no warning', async (heading, provider, first) => {
    const root = writeTree({ 'assistants/support/billing.yaml': example(heading, first), 'assistants/aac.yaml': `provider: ${provider}\nnamespace: support\n` });
    const r = await runCli(['validate', '--format', 'json'], { cwd: root });
    const doc = JSON.parse(r.stdout) as { diagnostics: Array<{ severity: string; file: string; line: number; message: string }> };
    expect(doc.diagnostics.map((d) => `${d.severity} ${d.file}:${d.line} ${d.message}`)).toEqual([]);
    expect(r.code).toBe(0);
  });
});
