// The import report for people: live ids, names and keys reach the terminal only escaped.
import { describe, expect, it } from 'vitest';
import { renderImportJson, renderImportText, type ImportOutcome } from '../../src/render/import-report.js';

const outcome = (over: Partial<ImportOutcome>): ImportOutcome => ({
  imported: [],
  skipped: [],
  writes: [],
  dir: 'assistants',
  namespace: 'test',
  configFile: null,
  environment: null,
  dryRun: false,
  refused: [],
  managedLeftAlone: 0,
  nouns: { one: 'assistant', many: 'assistants' },
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

describe('renderImportJson', () => {
  it('is snake_case with a format_version, refusals marked, absent values null', () => {
    const skipped = { id: 'asst_2', name: 'Old', reason: 'defined' as const, key: 'old', file: 'assistants/old.yaml', needsForce: true, message: 'defined in assistants/old.yaml' };
    const orphan = { id: 'asst_3', name: null, reason: 'orphan' as const, needsForce: false, message: 'managed by aac' };
    const doc = JSON.parse(renderImportJson(outcome({ dryRun: true, skipped: [skipped, orphan], refused: [skipped], managedLeftAlone: 2 })));
    expect(doc).toEqual({
      format_version: '1.3',
      dry_run: true,
      namespace: 'test',
      namespace_file: null,
      config_file: null,
      environment: null,
      imported: [],
      skipped: [
        { id: 'asst_2', name: 'Old', reason: 'defined', key: 'old', file: 'assistants/old.yaml', message: 'defined in assistants/old.yaml', refused: true },
        { id: 'asst_3', name: null, reason: 'orphan', key: null, file: null, message: 'managed by aac', refused: false },
      ],
      managed_left_alone: 2,
    });
  });
});
