// validate over every environment: shared problems once, the others naming their environments.
import { describe, expect, it } from 'vitest';
import { mergeEnvironmentDiagnostics } from '../../src/environments/per-environment.js';
import type { Diagnostic } from '../../src/model/diagnostic.js';

const d = (file: string, line: number, message: string): Diagnostic => ({ severity: 'error', code: 'x', location: { file, line, column: 1 }, path: '', message });

describe('mergeEnvironmentDiagnostics', () => {
  it('reports a problem every environment has once, and names the environments of the others', () => {
    const shared = d('a.yaml', 1, 'model is required');
    const merged = mergeEnvironmentDiagnostics([
      ['dev', [shared]],
      ['staging', [shared, d('b.yaml', 3, '${var.x} has no value')]],
      ['prod', [shared, d('b.yaml', 3, '${var.x} has no value'), d('overlays/prod/b.yaml', 2, 'temperature is above 2')]],
    ]);
    expect(merged.map((m) => m.message)).toEqual([
      'model is required',
      "in environments 'staging', 'prod': ${var.x} has no value",
      "in environment 'prod': temperature is above 2",
    ]);
    expect(merged[0]).toBe(shared);
  });
});
