import type { SourceLocation } from '../model/definition.js';

/**
 * A problem found in the user's input. Every stage that reports on a definition produces these,
 * so every renderer (text, json, GitHub annotations) can point at the file, line and column.
 */
export interface Diagnostic {
  severity: 'error' | 'warning';
  /** Stable machine-readable code, e.g. `unknown-field`, `max-length`, `duplicate-key`. */
  code: string;
  /** File, line and column; a problem with no single place (a directory) has line and column 1. */
  location: SourceLocation;
  /** The field path in the definition, e.g. `tools[0].function.name`; '' for the whole file. */
  path: string;
  /** What is wrong. */
  message: string;
  /** How to fix it (includes "did you mean …?" where one applies). */
  hint?: string;
}

/** What makes two diagnostics the same problem: place, severity, code, field and message (not the hint). */
export function sameProblem(d: Diagnostic): string {
  return JSON.stringify([d.location.file, d.location.line, d.location.column, d.severity, d.code, d.path, d.message]);
}

/** `diagnostics` with each problem once, first seen kept: a fragment's comes with every definition that includes it. */
export function eachOnce(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return diagnostics.filter((d) => {
    const id = sameProblem(d);
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}
