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
  otherEnvironments: [],
  dryRun: false,
  refused: [],
  managedLeftAlone: { namespace: 0, otherNamespaces: [], legacy: 0 },
  nouns: { one: 'assistant', many: 'assistants' },
  next: { plan: 'aac plan', apply: 'aac apply' },
  ...over,
});

describe('renderImportText', () => {
  it('shows control characters in ids, names and skip messages as escapes', () => {
    const text = renderImportText(
      outcome({
        imported: [{ id: 'asst_\u001b[2J1', name: 'Bot\u001b]0;x\u0007', key: 'bot', file: 'assistants/bot.yaml', replaces: false }],
        skipped: [{ id: 'asst_2\r', name: null, reason: 'orphan', key: 'k\u001b', needsForce: false, why: "managed by aac as 'k\u001b'" }],
      }),
      false,
    );
    expect(text).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
    expect(text).toContain('+ assistants/bot.yaml  asst_\\u001b[2J1 "Bot\\u001b]0;x\\u0007"');
    expect(text).toContain("- asst_2\\u000d: managed by aac as 'k\\u001b'");
  });

  it('says whose the managed resources left alone are: this namespace, each other one, the legacy marker', () => {
    const text = renderImportText(outcome({ managedLeftAlone: { namespace: 2, otherNamespaces: [{ namespace: 'team-b', count: 1 }, { namespace: 'team-c', count: 3 }], legacy: 1 } }), false);
    expect(text).toContain(
      "7 assistants are already managed by aac and were left alone: 2 by this namespace 'test', 1 by the namespace 'team-b', 3 by the namespace 'team-c', 1 with the previous marker aac:key (no namespace).",
    );
  });
});

describe('renderImportJson', () => {
  it('is snake_case with a format_version, refusals marked, absent values null', () => {
    const skipped = { id: 'asst_2', name: 'Old', reason: 'defined' as const, key: 'old', file: 'assistants/old.yaml', needsForce: true, why: 'defined in assistants/old.yaml' };
    const orphan = { id: 'asst_3', name: null, reason: 'orphan' as const, needsForce: false, why: 'managed by aac' };
    const doc = JSON.parse(renderImportJson(outcome({ dryRun: true, skipped: [skipped, orphan], refused: [skipped], managedLeftAlone: { namespace: 1, otherNamespaces: [{ namespace: 'team-b', count: 2 }], legacy: 1 } })));
    expect(doc).toEqual({
      format_version: '1.8',
      dry_run: true,
      namespace: 'test',
      namespace_file: null,
      config_file: null,
      environment: null,
      imported: [],
      skipped: [
        { id: 'asst_2', name: 'Old', reason: 'defined', key: 'old', file: 'assistants/old.yaml', message: 'defined in assistants/old.yaml', refused: true, differing: [] },
        { id: 'asst_3', name: null, reason: 'orphan', key: null, file: null, message: 'managed by aac', refused: false, differing: [] },
      ],
      managed_left_alone: 4,
      managed_left_alone_by: { namespace: 1, other_namespaces: { 'team-b': 2 }, legacy: 1 },
    });
  });
});
