// The job summary a signal that quits a run leaves (render/interrupted.ts signalSummary) is the one
// the run would have written had it ended then, and none where it writes none: a run stopped before
// its first write or during its writes, an apply that applied nothing.
import { describe, expect, it } from 'vitest';
import { reportOf } from '../../src/apply/outcome.js';
import { applyFailureMarkdown } from '../../src/render/apply-report.js';
import { failureOf } from '../../src/render/failure.js';
import { shownDocument, signalSummary, type SignalDocument } from '../../src/render/interrupted.js';
import { UserError } from '../../src/util/errors.js';

const ROOM = { maxChars: 1_000_000, measure: (text: string) => text.length };
const LEFT = ['the lock L on the namespace \'n\' may be left behind'];

describe('signalSummary', () => {
  it.each<[string, SignalDocument]>([
    ['an apply stopped before its first write', 'cancelled-apply'],
    ['a run stopped during its writes', 'failed'],
    ['an apply with nothing to change', { report: reportOf([], false) }],
    ['an apply whose question was answered no', { report: reportOf([], false), cancelled: true }],
  ])('leaves none for %s', (_, kind) => {
    expect(signalSummary(shownDocument(kind, {}), LEFT)).toBeUndefined();
  });

  it('leaves an applied report\'s summary, the lock it may leave among its warnings', () => {
    const told: unknown[] = [];
    const summary = signalSummary({ report: reportOf([], false), summary: (warnings, room) => (told.push(warnings, room), 'the report') }, LEFT);
    expect(summary?.(ROOM)).toBe('the report');
    expect(told).toEqual([[{ code: 'lock-left', message: LEFT[0] }], ROOM]);
  });

  it('leaves a failed run\'s failure as the run reports it, described for the run\'s variables', () => {
    const env = { OPENAI_API_KEY: 'sk-secret-value-123' };
    const error = new UserError('refused: sk-secret-value-123 is stale', 'make a new plan', [], 'plan-stale');
    const summary = signalSummary(shownDocument({ error }, env), LEFT);
    expect(summary?.(ROOM)).toBe(applyFailureMarkdown(failureOf(error, env)));
    expect(summary?.(ROOM)).toContain('**⛔ Refused (`plan-stale`)**');
    expect(summary?.(ROOM)).not.toContain('sk-secret-value-123');
  });
});
