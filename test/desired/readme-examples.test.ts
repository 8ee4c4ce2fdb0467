// The definition examples README.md gives, copied whole as a newcomer copies them, are valid for
// their provider and have nothing to warn of: an example that draws a warning teaches the warning.
import { existsSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
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
    ['## The definition format', 'openai', '# yaml-language-server: $schema=../node_modules/assistants-as-code/schema/assistant.schema.json'],
    ['### Foundry agents (named, versioned agents)', 'foundry-agents', '# yaml-language-server: $schema=../node_modules/assistants-as-code/schema/foundry-agent.schema.json'],
    ['### Agent definitions', 'openai-agents', '# yaml-language-server: $schema=../node_modules/assistants-as-code/schema/openai-agent.schema.json'],
  ])('%s validates for %s with no error and no warning', async (heading, provider, first) => {
    const root = writeTree({ 'assistants/billing.yaml': example(heading, first), 'assistants/aac.yaml': `provider: ${provider}\nnamespace: support\n` });
    const r = await runCli(['validate', '--format', 'json'], { cwd: root });
    const doc = JSON.parse(r.stdout) as { diagnostics: Array<{ severity: string; file: string; line: number; message: string }> };
    expect(doc.diagnostics.map((d) => `${d.severity} ${d.file}:${d.line} ${d.message}`)).toEqual([]);
    expect(r.code).toBe(0);
  });
});

it("each example's $schema line, in assistants/ of a project that installed the package, names a schema the package ships", () => {
  const pkg = JSON.parse(readFileSync(fileURLToPath(new URL('../../package.json', import.meta.url)), 'utf8')) as { name: string; files: string[] };
  const lines = [...README.matchAll(/^# yaml-language-server: \$schema=(.+)$/gm)].map((m) => m[1]!);
  expect(lines).toHaveLength(3);
  const project = '/project';
  const installed = join(project, 'node_modules', pkg.name);
  for (const ref of lines) {
    const at = resolve(project, 'assistants', ref);
    expect(at.startsWith(`${installed}/`), ref).toBe(true);
    const shipped = relative(installed, at);
    // In the package: under a folder its `files` lists, and there in this checkout.
    expect(pkg.files.some((f) => shipped.startsWith(`${f}/`)), ref).toBe(true);
    expect(existsSync(fileURLToPath(new URL(`../../${shipped}`, import.meta.url))), ref).toBe(true);
  }
});
