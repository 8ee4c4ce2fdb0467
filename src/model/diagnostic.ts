import type { SourceLocation } from '../model/definition.js';
import type { DiagnosticCode } from './diagnostic-codes.js';

/** A place in a file, or a directory as a whole: it has no line or column to point at. */
export type DiagnosticLocation = SourceLocation | { file: string; line?: undefined; column?: undefined };

/** `file:line:column`, or the directory alone, as messages name a diagnostic's place. */
export function placeText({ file, line, column }: DiagnosticLocation): string {
  return line === undefined ? file : `${file}:${line}:${column}`;
}

/**
 * A problem found in the user's input. Every stage that reports on a definition produces these,
 * so every renderer (text, json, GitHub annotations) can point at the file, line and column.
 */
export interface Diagnostic {
  severity: 'error' | 'warning';
  /** Stable machine-readable code, e.g. `unknown-field`, `max-length`, `duplicate-key`: one of model/diagnostic-codes.ts. */
  code: DiagnosticCode;
  /** File, line and column; a directory's problem (it has no definitions, it cannot be listed) names the directory alone. */
  location: DiagnosticLocation;
  /** The field path in the definition, e.g. `tools[0].function.name`; '' for the whole file. */
  path: string;
  /** What is wrong. */
  message: string;
  /** How to fix it (includes "did you mean …?" where one applies). */
  hint?: string;
}

/**
 * A warning of what the run was given rather than of a file (a `--target` glob that is also a
 * key: commands/target-option.ts): no place, so printed `Warning: message` with the hint below
 * (render/diagnostics.ts runWarningLines), on stderr and in a plan's pull-request comment.
 */
export interface RunWarning {
  message: string;
  hint: string;
}

/** Diagnostics in the order of their places in one file: a directory's (no line) first. */
export function byPlace(a: Diagnostic, b: Diagnostic): number {
  return (a.location.line ?? 0) - (b.location.line ?? 0) || (a.location.column ?? 0) - (b.location.column ?? 0);
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
