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

  it('shows control characters from the user\'s files instead of obeying them', () => {
    const text = renderDiagnosticsText([{ ...error, message: "unknown field '\x1b[2Jx'" }], { color: false });
    expect(text).not.toContain('\x1b');
    expect(text).toContain('\\u001b[2Jx');
  });
});

describe('warnings of one kind', () => {
  const warning = (i: number, code: string, path = 'temperature'): Diagnostic => ({
    severity: 'warning',
    code,
    location: { file: `agents/a${i}.yaml`, line: 2, column: 1 },
    path,
    message: `temperature is set, but 'o${i}' is a reasoning model`,
    hint: 'remove temperature',
  });

  it('are said once, whole at the first, with how many more and every place after it; errors and the JSON are as before', () => {
    const many = Array.from({ length: 40 }, (_, i) => warning(i, 'reasoning-sampling'));
    const other = warning(99, 'near-miss-reference', 'description');
    const text = renderDiagnosticsText([many[0]!, other, ...many.slice(1)], { color: false });
    const lines = text.split('\n');
    expect(lines.slice(0, 6)).toEqual([
      "agents/a0.yaml:2:1: warning: temperature is set, but 'o0' is a reasoning model [temperature]",
      '  hint: remove temperature',
      '  39 more warnings of this kind (reasoning-sampling), at:',
      '    agents/a1.yaml:2:1 [temperature], agents/a2.yaml:2:1 [temperature],',
      '    agents/a3.yaml:2:1 [temperature], agents/a4.yaml:2:1 [temperature],',
      '    agents/a5.yaml:2:1 [temperature], agents/a6.yaml:2:1 [temperature],',
    ]);
    // Every file named, each once; the other kind on its own; each counted.
    for (let i = 1; i < 40; i++) expect(text.match(new RegExp(`agents/a${i}\\.yaml:`, 'g')), `a${i}`).toHaveLength(1);
    expect(text).toContain("\nagents/a99.yaml:2:1: warning: temperature is set, but 'o99' is a reasoning model [description]\n  hint: remove temperature\n41 warnings.\n");
    // Three of a kind read better one by one.
    expect(renderDiagnosticsText(many.slice(0, 3), { color: false }).match(/: warning: /g)).toHaveLength(3);
    // The JSON document keeps one entry a warning.
    expect((diagnosticsJson(many, { definitions: 40, provider: 'openai' }) as { diagnostics: unknown[] }).diagnostics).toHaveLength(40);
  });
});

describe('diagnosticsJson', () => {
  it('is a versioned document with flat locations and counts', () => {
    expect(diagnosticsJson([error, warning], { definitions: 2, provider: 'openai' })).toEqual({
      format_version: '1.0',
      valid: false,
      error_count: 1,
      warning_count: 1,
      diagnostics: [
        { severity: 'error', code: 'max-length', file: 'assistants/a.yaml', line: 3, column: 7, path: 'name', message: error.message, hint: 'shorten name' },
        { severity: 'warning', code: 'no-definitions', file: 'assistants', line: null, column: null, path: '', message: 'no definitions', hint: null },
      ],
      definitions: 2,
      provider: 'openai',
    });
    expect(diagnosticsJson([warning], { definitions: 0, provider: 'openai' })).toMatchObject({ valid: true });
  });
});
