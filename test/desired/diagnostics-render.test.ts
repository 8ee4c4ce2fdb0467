// The text and JSON renderings of diagnostics.
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../src/model/diagnostic.js';
import { diagnosticsJson, renderDiagnosticsText } from '../../src/render/diagnostics.js';

const error: Diagnostic = {
  severity: 'error',
  code: 'max-length',
  location: { file: 'assistants/a.yaml', line: 3, column: 7 },
  path: 'name',
  message: 'name is 257 characters; the API allows at most 256',
  hint: 'shorten name',
};
// A directory's: it has no line or column.
const warning: Diagnostic = { severity: 'warning', code: 'no-definitions', location: { file: 'assistants' }, path: '', message: 'no definitions' };

describe('renderDiagnosticsText', () => {
  it('writes file:line:col: severity: message [path] (a directory: its name alone), the hint, and a summary', () => {
    expect(renderDiagnosticsText([error, warning], { color: false })).toBe(
      'assistants/a.yaml:3:7: error: name is 257 characters; the API allows at most 256 [name]\n' +
        '  hint: shorten name\n' +
        'assistants: warning: no definitions\n' +
        '1 error, 1 warning.\n',
    );
    expect(renderDiagnosticsText([warning, warning], { color: false }).endsWith('\n2 warnings.\n')).toBe(true);
    expect(renderDiagnosticsText([], { color: false })).toBe('');
  });

  it('colours severities only when asked', () => {
    expect(renderDiagnosticsText([error], { color: true })).toContain('\x1b[31merror\x1b[0m');
    expect(renderDiagnosticsText([warning], { color: true })).toContain('\x1b[33mwarning\x1b[0m');
    expect(renderDiagnosticsText([error], { color: false })).not.toContain('\x1b');
  });

  // A path formatPath did not make (each long key cut already): the line still holds no more of it than PATH_SHOWN.
  it('cuts a field path over 1,024 characters, in the line and in the list of places', () => {
    const path = `metadata.${'k'.repeat(5000)}`;
    const line = `[${path.slice(0, 1024)}…]`;
    expect(renderDiagnosticsText([{ ...error, path }], { color: false })).toContain(`at most 256 ${line}\n`);
    const places = renderDiagnosticsText(Array.from({ length: 5 }, (_, i) => ({ ...warning, location: { file: `a${i}.yaml`, line: 1, column: 1 }, path })), { color: false });
    expect(places).toContain(`a1.yaml:1:1 ${line}`);
    expect(places).not.toContain('k'.repeat(1025));
    // A surrogate pair at the cut is left whole out, not halved.
    expect(renderDiagnosticsText([{ ...error, path: `${'k'.repeat(1023)}\u{1F600}tail` }], { color: false })).toContain(`[${'k'.repeat(1023)}…]`);
  });

  it('shows control characters from the user\'s files instead of obeying them', () => {
    const text = renderDiagnosticsText([{ ...error, message: "unknown field '\x1b[2Jx'" }], { color: false });
    expect(text).not.toContain('\x1b');
    expect(text).toContain('\\u001b[2Jx');
  });
});

describe('warnings said alike', () => {
  const warning = (i: number, code: string, path = 'temperature', model = 'o3'): Diagnostic => ({
    severity: 'warning',
    code,
    location: { file: `agents/a${i}.yaml`, line: 2, column: 1 },
    path,
    message: `temperature is set, but '${model}' is a reasoning model`,
    hint: 'remove temperature',
  });

  it('are said once, whole at the first, with every other place and its field after it; errors and the JSON are as before', () => {
    const many = Array.from({ length: 40 }, (_, i) => warning(i, 'reasoning-sampling', i % 2 ? 'temperature' : 'top_p'));
    const other = warning(99, 'near-miss-reference', 'description');
    const text = renderDiagnosticsText([many[0]!, other, ...many.slice(1)], { color: false });
    const lines = text.split('\n');
    expect(lines.slice(0, 6)).toEqual([
      "agents/a0.yaml:2:1: warning: temperature is set, but 'o3' is a reasoning model [top_p]",
      '  hint: remove temperature',
      '  the same in 39 more places (reasoning-sampling):',
      '    agents/a1.yaml:2:1 [temperature], agents/a2.yaml:2:1 [top_p], agents/a3.yaml:2:1 [temperature],',
      '    agents/a4.yaml:2:1 [top_p], agents/a5.yaml:2:1 [temperature], agents/a6.yaml:2:1 [top_p],',
      '    agents/a7.yaml:2:1 [temperature], agents/a8.yaml:2:1 [top_p], agents/a9.yaml:2:1 [temperature],',
    ]);
    // Every file named, each once; the other kind on its own; each counted.
    for (let i = 1; i < 40; i++) expect(text.match(new RegExp(`agents/a${i}\\.yaml:`, 'g')), `a${i}`).toHaveLength(1);
    expect(text).toContain("\nagents/a99.yaml:2:1: warning: temperature is set, but 'o3' is a reasoning model [description]\n  hint: remove temperature\n41 warnings.\n");
    // Three alike read better one by one.
    expect(renderDiagnosticsText(many.slice(0, 3), { color: false }).match(/: warning: /g)).toHaveLength(3);
    // The JSON document keeps one entry a warning.
    expect((diagnosticsJson(many, { definitions: { found: 40, valid: 0 }, provider: 'openai' }) as { diagnostics: unknown[] }).diagnostics).toHaveLength(40);
  });

  it('of one kind but saying different things (a model, a hint naming the file\'s own value) are each said whole, the alike among them grouped', () => {
    const models = Array.from({ length: 5 }, (_, i) => warning(i, 'reasoning-sampling', 'temperature', `o1-${i}`));
    const hinted = Array.from({ length: 4 }, (_, i): Diagnostic => ({ ...warning(10 + i, 'windows-name', ''), message: '`:` cannot appear in a file name on Windows', hint: `give it \`key: "a:${i}"\` to keep its key` }));
    const alike = Array.from({ length: 5 }, (_, i) => warning(20 + i, 'reasoning-sampling'));
    const text = renderDiagnosticsText([...models, ...hinted, ...alike], { color: false });
    for (const d of [...models, ...hinted]) expect(text).toContain(`${d.location.file}:2:1: warning: ${d.message}${d.path ? ` [${d.path}]` : ''}\n  hint: ${d.hint}\n`);
    // Those saying the same are grouped still: the first whole, the four others by place.
    expect(text).toContain("agents/a20.yaml:2:1: warning: temperature is set, but 'o3' is a reasoning model [temperature]\n  hint: remove temperature\n  the same in 4 more places (reasoning-sampling):\n    agents/a21.yaml:2:1 [temperature], ");
    expect(text.match(/: warning: /g)).toHaveLength(5 + 4 + 1);
    expect(text).toContain('14 warnings.');
  });
});

describe('diagnosticsJson', () => {
  it('is a versioned document with flat locations and counts', () => {
    expect(diagnosticsJson([error, warning], { definitions: { found: 3, valid: 2 }, provider: 'openai' })).toEqual({
      format_version: '1.1',
      valid: false,
      error_count: 1,
      warning_count: 1,
      diagnostics: [
        { severity: 'error', code: 'max-length', file: 'assistants/a.yaml', line: 3, column: 7, path: 'name', message: error.message, hint: 'shorten name' },
        { severity: 'warning', code: 'no-definitions', file: 'assistants', line: null, column: null, path: '', message: 'no definitions', hint: null },
      ],
      definitions: 2,
      definition_count: 3,
      valid_definition_count: 2,
      provider: 'openai',
    });
    expect(diagnosticsJson([warning], { definitions: { found: 0, valid: 0 }, provider: 'openai' })).toMatchObject({ valid: true });
  });
});
