// The import report for people: live ids, names and keys reach the terminal only escaped.
import { describe, expect, it } from 'vitest';
import { renderImportText, type ImportOutcome } from '../../src/import/report.js';

const outcome = (over: Partial<ImportOutcome>): ImportOutcome => ({
  imported: [],
  skipped: [],
  writes: [],
  dir: 'assistants',
  dryRun: false,
  refused: [],
  managedLeftAlone: 0,
  ...over,
});

describe('renderImportText', () => {
  it('shows control characters in ids, names and skip messages as escapes', () => {
    const text = renderImportText(
      outcome({
        imported: [{ id: 'asst_\u001b[2J1', name: 'Bot\u001b]0;x\u0007', key: 'bot', file: 'assistants/bot.yaml', replaces: false }],
        skipped: [{ id: 'asst_2\r', name: null, reason: 'orphan', key: 'k\u001b', needsForce: false, message: "managed by aac as 'k\u001b'" }],
      }),
      false,
    );
    expect(text).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
    expect(text).toContain('+ assistants/bot.yaml  asst_\\u001b[2J1 "Bot\\u001b]0;x\\u0007"');
    expect(text).toContain("- asst_2\\u000d: managed by aac as 'k\\u001b'");
  });
});
