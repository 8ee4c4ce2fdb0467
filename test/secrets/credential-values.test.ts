// The value of a credential the run holds, written into a file aac reads — a definition, a
// fragment it includes, an overlay, an instructions_file, aac.yaml — is redacted in every output,
// so the plan reviewed would never show what apply sends: `validate`, `plan` and `apply` refuse it
// (exit 1, before any write), at its file, line, column and field, naming the variable, never the
// value, with the fix for that field. Text that only looks like a key is no credential of this run:
// shown as written, so review sees it, and not refused. A placeholder key shorter than any real
// credential (`test`) is looked for nowhere.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { API_KEY, harness, writeCount, type Harness } from '../apply/helpers.js';
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

/** A repository whose files hold `key` at known places: each refused at its own file, line and column. */
function files(key: string): Record<string, string> {
  return {
    'assistants/aac.yaml': [
      'variables:',
      `  note: { type: string, default: "seen ${key}" }`,
      '  tier: { type: string, default: gold }',
      'environments:',
      '  dev: {}',
      '',
    ].join('\n'),
    'assistants/bot.yaml': [
      'model: gpt-4o',
      `instructions: "Use ${key} for the lookups."`,
      'metadata:',
      '  from_variable: "${var.tier}: ${var.note}"',
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

const REFUSED = [
  ['assistants/aac.yaml:2:34', 'variables.note.default'],
  ['assistants/bot.yaml:2:15', 'instructions'],
  ['assistants/bot.yaml:5:3', 'the field name metadata["[redacted]"]'],
  ['assistants/_schemas/lookup.yaml:2:14', 'tools[0].function.parameters.description'],
  ['prompts/p.md:3:19', 'the text of instructions_file'],
  ['assistants/overlays/dev/prompted.yaml:1:14', 'description'],
] as const;

const MESSAGE = 'holds the value of OPENAI_API_KEY, a credential this run reads: every plan shows it as [redacted], but apply would send it to the host as written, and the file is meant to be committed';

describe('a configured credential written into a file aac reads', () => {
  it('is refused by validate, plan and apply at its file, line, column and field, never printed, before any write', async () => {
    h = await harness();
    write(h.ws.root, files(API_KEY));

    const text = await h.cli(['validate']);
    expect(text.code, text.stdout + text.stderr).toBe(1);
    // Six of one kind, each naming its own field: each whole, at its place, as in --format json (below).
    for (const [place, field] of REFUSED) expect(text.stdout).toContain(`${place}: error: ${field} ${MESSAGE}`);
    // Outside a tool's credential place the fix is the generic one, not an MCP server's.
    expect(text.stdout).toContain("remove it (and rotate OPENAI_API_KEY if the file was ever committed): keys and tokens stay out of prompts and definitions; aac reads them from the environment only, and a tool that needs one gets it from the platform's connection or credential mechanism");
    // The reference holds none as written, but the value it brings in is aac.yaml's credential: refused
    // there, and here too, so the definition is not counted valid and the reader finds where it is used.
    // Named by the variable that brings it (not tier, whose value holds none) and where the config
    // file, as the run was given it, writes that value.
    expect(text.stdout).toContain(`assistants/bot.yaml:4:18: error: metadata.from_variable holds the value of OPENAI_API_KEY through \${var.note}, whose value is at assistants/aac.yaml:2:34 (variables.note.default), a credential this run reads: every plan shows it as [redacted], but apply would send it to the host as written, and the file is meant to be committed`);
    expect(text.stdout).toContain('remove the credential from the value of note, or the reference from this field (and rotate OPENAI_API_KEY if the file was ever committed)');
    expect(text.stdout).not.toContain('var.tier');

    const json = await h.cli(['validate', '--format', 'json']);
    expect(json.code).toBe(1);
    const refused = (JSON.parse(json.stdout) as { diagnostics: Array<{ severity: string; code: string; file: string; line: number; column: number; path: string; message: string }> })
      .diagnostics.filter((d) => d.code === 'credential-value');
    expect(refused.map((d) => `${d.file}:${d.line}:${d.column}`).sort()).toEqual([...REFUSED.map(([place]) => place), 'assistants/bot.yaml:4:18'].sort());
    expect(refused.find((d) => d.line === 4)?.path).toBe('metadata.from_variable');
    expect(new Set(refused.map((d) => d.severity))).toEqual(new Set(['error']));
    // The fragment's names the $ref that reached it, as a compiler's "included from".
    const included = (place: string) => (place.startsWith('assistants/_schemas/') ? ' (in a fragment included from assistants/bot.yaml:8:51)' : '');
    for (const [place, field] of REFUSED) expect(refused.find((d) => `${d.file}:${d.line}:${d.column}` === place)?.message).toBe(`${field} ${MESSAGE}${included(place)}`);

    const plan = await h.cli(['plan', '--env', 'dev', '--out', 'p.json']);
    expect(plan.code, plan.stderr).toBe(1);
    for (const [place, field] of REFUSED) expect(plan.stderr).toContain(`${place}: error: ${field} ${MESSAGE}`);

    const apply = await h.cli(['apply', '--env', 'dev', '--yes']);
    expect(apply.code, apply.stderr).toBe(1);
    expect(apply.stderr).toContain(`assistants/bot.yaml:2:15: error: instructions ${MESSAGE}`);
    // Nothing written: no lock, no assistant, so no prompt holds the key.
    expect(writeCount(h.emu)).toBe(0);
    expect(h.emu.resources()).toEqual([]);

    for (const r of [text, json, plan, apply]) expect(r.stdout + r.stderr).not.toContain(API_KEY);
  });

  it('is refused in an MCP tool\'s headers with the platform\'s credential mechanism as the fix', async () => {
    h = await harness();
    write(h.ws.root, {
      'agents/crm.yaml': ['model: gpt-5', 'name: Crm', 'tools:', '  - type: mcp', '    server_label: crm', `    transport: {type: http, server_url: "https://mcp.example.com", headers: {X-Tenant: "${API_KEY}"}}`, ''].join('\n'),
    });
    const r = await h.cli(['validate', '--dir', 'agents', '--provider', 'openai-agents']);
    expect(r.code, r.stdout).toBe(1);
    expect(r.stdout).toContain(`agents/crm.yaml:6:88: error: tools[0].transport.headers["X-Tenant"] ${MESSAGE}`);
    expect(r.stdout).toContain("remove it (and rotate OPENAI_API_KEY if the file was ever committed): give the MCP server a vault credential named by the tool's `credential_id` instead");
    expect(r.stdout + r.stderr).not.toContain(API_KEY);
  });

  it('is not refused when it only looks like a key: no variable of this run holds it, and plans show it as written', async () => {
    const lookalike = 'sk-lookalike-not-configured-42';
    h = await harness();
    write(h.ws.root, { 'assistants/bot.yaml': ['model: gpt-4o', `instructions: "Example key: ${lookalike}"`, ''].join('\n') });
    const plan = await h.cli(['plan']);
    expect(plan.code, plan.stderr).toBe(0);
    expect(plan.stderr).not.toContain('credential');
    expect(plan.stdout).toContain(lookalike);
  });

  it('names the variable it is the value of, whichever provider reads it', async () => {
    const token = 'foundry-token-0123456789';
    h = await harness();
    write(h.ws.root, { 'fa/bot.yaml': ['name: bot', 'definition:', '  kind: prompt', '  model: gpt-4o', `  instructions: "token ${token}"`, ''].join('\n') });
    const r = await runCli(['validate', '--dir', 'fa', '--provider', 'foundry-agents'], { cwd: h.ws.root, env: { AAC_FOUNDRY_TOKEN: token } });
    expect(r.code, r.stdout).toBe(1);
    expect(r.stdout).toContain('fa/bot.yaml:5:17: error: definition.instructions holds the value of AAC_FOUNDRY_TOKEN');
    expect(r.stdout).not.toContain(token);
  });

  it('is not looked for when it is a placeholder shorter than any credential (the emulator\'s `test`)', async () => {
    h = await harness();
    write(h.ws.root, files('test'));
    const r = await runCli(['validate'], { cwd: h.ws.root, env: { OPENAI_API_KEY: 'test' } });
    expect(r.code, r.stdout).toBe(0);
    expect(r.stdout).not.toContain('credential');
  });
});
