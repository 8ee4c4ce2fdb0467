import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../src/model/diagnostic.js';
import { renderAnnotations } from '../../src/render/annotations.js';

function diag(over: Partial<Diagnostic> = {}): Diagnostic {
  return {
    severity: 'error',
    code: 'unknown-field',
    location: { file: 'assistants/support.yaml', line: 4, column: 3 },
    path: 'temprature',
    message: "unknown field 'temprature'",
    ...over,
  };
}

describe('renderAnnotations', () => {
  it('writes one workflow command per diagnostic with file, line, col and title', () => {
    const out = renderAnnotations([diag(), diag({ severity: 'warning', code: 'dropped', path: '', message: 'w' })]);
    expect(out).toBe(
      "::error file=assistants/support.yaml,line=4,col=3,title=aac unknown-field%3A temprature::unknown field 'temprature'\n" +
        '::warning file=assistants/support.yaml,line=4,col=3,title=aac dropped::w\n',
    );
  });

  it('names a directory alone: it has no line or column to mark', () => {
    expect(renderAnnotations([diag({ severity: 'warning', code: 'no-definitions', location: { file: 'assistants' }, path: '', message: 'no definitions' })])).toBe(
      '::warning file=assistants,title=aac no-definitions::no definitions\n',
    );
  });

  it('returns nothing for no diagnostics', () => {
    expect(renderAnnotations([])).toBe('');
  });

  it('escapes %, CR and LF in the message but keeps : and , there', () => {
    const out = renderAnnotations([diag({ message: '100% wrong: a, b\r\nnext', hint: 'did you mean temperature?' })]);
    expect(out.split('::').at(-1)).toBe('100%25 wrong: a, b%0D%0Anext%0Adid you mean temperature?\n');
  });

  it('escapes : , % CR and LF in properties so a value cannot end the property list', () => {
    const out = renderAnnotations([
      diag({
        location: { file: 'dir,with:odd%name\nx.yaml', line: 1, column: 1 },
        path: 'tools[0].function.name',
        code: 'a,b',
      }),
    ]);
    const props = out.slice('::error '.length, out.indexOf('::', 2));
    expect(props).toBe('file=dir%2Cwith%3Aodd%25name%0Ax.yaml,line=1,col=1,title=aac a%2Cb%3A tools[0].function.name');
    // Exactly one line: an injected newline never starts a second workflow command.
    expect(out.trimEnd().split('\n')).toHaveLength(1);
  });

  it('never emits line or column 0, which GitHub would not place', () => {
    const out = renderAnnotations([diag({ location: { file: 'a.yaml', line: 0, column: 0 } })]);
    expect(out).toContain('line=1,col=1');
  });

  it('makes paths relative to GITHUB_WORKSPACE when the CLI ran in a subdirectory', () => {
    const out = renderAnnotations([diag({ location: { file: 'assistants/a.yaml', line: 2, column: 5 } })], {
      cwd: '/home/runner/work/repo/repo/infra',
      workspace: '/home/runner/work/repo/repo',
    });
    expect(out).toContain('file=infra/assistants/a.yaml,line=2,col=5');
  });

  it('keeps a path outside the workspace as given', () => {
    const out = renderAnnotations([diag({ location: { file: '/tmp/x/a.yaml', line: 2, column: 5 } })], {
      cwd: '/tmp/x',
      workspace: '/home/runner/work/repo/repo',
    });
    expect(out).toContain('file=/tmp/x/a.yaml,');
  });
});
