// The value of a credential the run holds, written into a file aac reads — a definition, a
// fragment it includes, an overlay, an instructions_file, aac.yaml — is redacted in every output,
// and `validate` and `plan` warn that the file (meant to be committed) holds it: file, line,
// column, field and variable, never the value, with the fix. A warning, not an error: the run goes
// on. A placeholder key shorter than any real credential (`test`) is looked for nowhere.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { API_KEY, harness, type Harness } from '../apply/helpers.js';
import { runCli } from '../helpers/cli.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

function write(root: string, files: Record<string, string>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
}

/** A repository whose files hold `key` at known places: each warned of at its own file, line and column. */
function files(key: string): Record<string, string> {
  return {
    'assistants/aac.yaml': [
      'variables:',
      `  note: { type: string, default: "seen ${key}" }`,
      'environments:',
      '  dev: {}',
      '',
    ].join('\n'),
    'assistants/bot.yaml': [
      'model: gpt-4o',
      `instructions: "Use ${key} for the lookups."`,
      'metadata:',
      '  from_variable: "${var.note}"',
      `  "${key}": "a field named by it"`,
      'tools:',
      '  - type: function',
      '    function: { name: lookup, parameters: { $ref: _schemas/lookup.yaml } }',
      '',
    ].join('\n'),
    'assistants/_schemas/lookup.yaml': ['type: object', `description: "call with ${key}"`, ''].join('\n'),
    'assistants/prompted.yaml': ['model: gpt-4o', 'instructions_file: ../prompts/p.md', ''].join('\n'),
    'prompts/p.md': ['# Prompt', '', `Authenticate with ${key} first.`, ''].join('\n'),
    'assistants/overlays/dev/prompted.yaml': [`description: "dev ${key}"`, ''].join('\n'),
  };
}

const WARNED = [
  ['assistants/aac.yaml:2:34', 'variables.note.default'],
  ['assistants/bot.yaml:2:15', 'instructions'],
  ['assistants/bot.yaml:5:3', 'the field name metadata["[redacted]"]'],
  ['assistants/_schemas/lookup.yaml:2:14', 'tools[0].function.parameters.description'],
  ['prompts/p.md:3:19', 'the text of instructions_file'],
  ['assistants/overlays/dev/prompted.yaml:1:14', 'description'],
] as const;

describe('a configured credential written into a file aac reads', () => {
  it('is warned of by validate and plan at its file, line, column and field, never printed; the run goes on', async () => {
    h = await harness();
    write(h.ws.root, files(API_KEY));

    const text = await h.cli(['validate']);
    expect(text.code, text.stdout + text.stderr).toBe(0);
    // Six of one kind, each naming its own field: each whole, at its place, as in --format json (below).
    for (const [place, field] of WARNED) expect(text.stdout).toContain(`${place}: warning: ${field} holds the value of OPENAI_API_KEY, in a file meant to be committed`);
    expect(text.stdout).toContain('remove it (and rotate OPENAI_API_KEY if the file was ever committed): keys and tokens come from the environment only');
    // The reference itself holds no credential: the value is aac.yaml's, warned of there.
    expect(text.stdout).not.toContain('metadata.from_variable');
    expect(text.stdout).toContain("2 definitions valid in environment 'dev'.");

    const json = await h.cli(['validate', '--format', 'json']);
    expect(json.code).toBe(0);
    const warnings = (JSON.parse(json.stdout) as { diagnostics: Array<{ severity: string; code: string; file: string; line: number; column: number; path: string }> })
      .diagnostics.filter((d) => d.code === 'credential-value');
    expect(warnings.map((d) => `${d.file}:${d.line}:${d.column}`).sort()).toEqual(WARNED.map(([place]) => place).sort());
    expect(new Set(warnings.map((d) => d.severity))).toEqual(new Set(['warning']));
    const messages = (JSON.parse(json.stdout) as { diagnostics: Array<{ file: string; line: number; column: number; message: string }> }).diagnostics;
    for (const [place, field] of WARNED) {
      expect(messages.find((d) => `${d.file}:${d.line}:${d.column}` === place)?.message).toContain(`${field} holds the value of OPENAI_API_KEY, in a file meant to be committed`);
    }

    const plan = await h.cli(['plan', '--env', 'dev']);
    expect(plan.code, plan.stderr).toBe(0);
    for (const [place, field] of WARNED) expect(plan.stderr).toContain(`${place}: warning: ${field} holds the value of OPENAI_API_KEY, in a file meant to be committed`);
    expect(plan.stdout).toContain('2 to create');

    for (const r of [text, json, plan]) expect(r.stdout + r.stderr).not.toContain(API_KEY);
  });

  it('names the variable it is the value of, whichever provider reads it', async () => {
    const token = 'foundry-token-0123456789';
    h = await harness();
    write(h.ws.root, { 'fa/bot.yaml': ['name: bot', 'definition:', '  kind: prompt', '  model: gpt-4o', `  instructions: "token ${token}"`, ''].join('\n') });
    const r = await runCli(['validate', '--dir', 'fa', '--provider', 'foundry-agents'], { cwd: h.ws.root, env: { AAC_FOUNDRY_TOKEN: token } });
    expect(r.code, r.stdout).toBe(0);
    expect(r.stdout).toContain('fa/bot.yaml:5:17: warning: definition.instructions holds the value of AAC_FOUNDRY_TOKEN');
    expect(r.stdout).not.toContain(token);
  });

  it('is not looked for when it is a placeholder shorter than any credential (the emulator\'s `test`)', async () => {
    h = await harness();
    write(h.ws.root, files('test'));
    const r = await runCli(['validate'], { cwd: h.ws.root, env: { OPENAI_API_KEY: 'test' } });
    expect(r.code, r.stdout).toBe(0);
    expect(r.stdout).not.toContain('warning');
  });
});
