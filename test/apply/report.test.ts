import { describe, expect, it } from 'vitest';
import { reportOf, type ActionOutcome } from '../../src/apply/outcome.js';
import { createProgress, waitProgressText } from '../../src/render/apply-progress.js';
import { STEP_SUMMARY_LIMIT, summaryBytes } from '../../src/util/github.js';
import { applyJson, applyMarkdown, closingLine, outcomeLines, succeeded, summaryText } from '../../src/render/apply-report.js';
import { painter } from '../../src/render/format.js';
import { renderGfm } from '../helpers/gfm.js';

const plain = painter(false);
const NOUNS = { one: 'assistant', many: 'assistants' };

const ok = (key: string, action: ActionOutcome['action'], id: string, warnings: string[] = []): ActionOutcome => ({
  key,
  id,
  action,
  status: 'ok',
  warnings,
});

/** A job summary's room. */
const SUMMARY = { maxChars: STEP_SUMMARY_LIMIT, measure: summaryBytes };

describe('closing line', () => {
  it('counts what was done', () => {
    const r = reportOf([ok('a', 'create', 'asst_1'), ok('b', 'update', 'asst_2'), ok('c', 'update', 'asst_3')], false);
    expect(closingLine(r)).toBe('Apply complete: 1 created, 2 modified, 0 deleted.');
  });

  it('says failed and lists the API message', () => {
    const r = reportOf(
      [
        ok('a', 'create', 'asst_1'),
        { key: 'b', id: 'asst_2', action: 'update', status: 'failed', error: "Invalid 'temperature': too high", warnings: [] },
      ],
      false,
    );
    expect(closingLine(r)).toBe('Apply failed: 1 created, 0 modified, 0 deleted, 1 failed.');
    const text = summaryText(r);
    expect(text).toContain("~ b (asst_2): Invalid 'temperature': too high");
    expect(text).toContain('aac apply` again');
  });

  // The fix after a semicolon (a timeout's), or after a colon the clause before it leads to (an api-version refused).
  it.each([
    ['; ', "reading assistant 'b': api.example.com answered nothing within 300 ms (options.timeout_ms in aac.yaml): it took the connection, so it is running but slow", 'raise options.timeout_ms in aac.yaml'],
    [': ', "updating assistant 'b': the API refused the request (param 'api-version') (400): Unsupported api-version '2024-05-01'; the answer names the api-version, and aac sent 2024-05-01 (from options.api_version in aac.yaml)", 'set `options.api_version` in aac.yaml to a version the host serves'],
  ])('says a failure\'s fix once (after "%s"): under "would be refused the same way", not again at the end of its error in Failed: (text and job summary); JSON keeps the error whole', (lead, why, fix) => {
    const r = reportOf([ok('a', 'create', 'asst_1'), { key: 'b', id: 'asst_2', action: 'update', status: 'failed', error: `${why}${lead}${fix}`, fix, warnings: [] }], false);
    const text = summaryText(r);
    expect(text).toContain(`Failed:\n  ~ b (asst_2): ${why}\n`);
    expect(text).toContain(`would be refused the same way until this is changed:\n  ~ b: ${fix}\n`);
    expect(text.split(fix)).toHaveLength(2);
    const md = applyMarkdown(r, NOUNS, SUMMARY);
    expect(md).toContain(`**failed**: \`${why}\` |`);
    expect(md.split(fix)).toHaveLength(2);
    expect(JSON.parse(applyJson(r)).outcomes[1]).toMatchObject({ error: `${why}${lead}${fix}`, fix });
  });

  it('says interrupted and lists what was not done', () => {
    const r = reportOf(
      [ok('a', 'delete', 'asst_1'), { key: 'b', id: null, action: 'create', status: 'skipped', error: 'not started: apply was interrupted', warnings: [] }],
      true,
    );
    expect(closingLine(r)).toBe('Apply interrupted: 0 created, 0 modified, 1 deleted, 1 not started.');
    expect(summaryText(r)).toMatch(/Not done:\n {2}\+ b: not started/);
  });

  it('counts a refused action as a failure to apply the plan', () => {
    const r = reportOf([{ key: 'x', id: 'asst_1', action: 'delete', status: 'skipped', error: 'kept: the plan was made without prune', warnings: [] }], false);
    expect(closingLine(r)).toBe('Apply failed: 0 created, 0 modified, 0 deleted, 1 skipped.');
    expect(succeeded(r)).toBe(false);
    expect(summaryText(r)).toMatch(/Skipped:\n {2}- x: kept: the plan was made without prune/);
  });
});

describe('outcome lines', () => {
  it('show the action, the key, the id and each warning', () => {
    expect(outcomeLines(ok('support/billing', 'create', 'asst_9', ["the API did not take 'top_p' as sent"]))).toEqual([
      '+ support/billing: created asst_9',
      "    warning: the API did not take 'top_p' as sent",
    ]);
  });
});

describe('json', () => {
  it('is a versioned document with every outcome and the summary', () => {
    const r = reportOf([ok('a', 'create', 'asst_1'), { key: 'b', id: 'asst_2', action: 'delete', status: 'failed', error: 'boom', warnings: [] }], false);
    const doc = JSON.parse(applyJson(r));
    expect(doc.format_version).toBe('1.12');
    expect(doc.outcomes).toEqual([
      { key: 'a', id: 'asst_1', action: 'create', status: 'ok', error: null, warnings: [] },
      { key: 'b', id: 'asst_2', action: 'delete', status: 'failed', error: 'boom', warnings: [] },
    ]);
    expect(doc.applied_already).toEqual([]);
    expect(doc.summary).toEqual({ created: 1, created_by_concurrent_apply: 0, modified: 0, modified_with_old_versions_left: 0, deleted: 0, deleted_versions: 0, gone_versions: 0, applied_already: 0, failed: 1, skipped: 0, unknown: 0, interrupted: false, cancelled: false, unreachable: null, stopped: null });
  });
});

describe('a host found unreachable', () => {
  const notSent = (key: string) => ({ key, id: null, action: 'create' as const, status: 'skipped' as const, error: 'not sent: the host could not be reached', warnings: [] });
  const r = reportOf([ok('a', 'create', 'asst_1'), notSent('b'), notSent('c')], false, { cause: 'unreachable', error: "creating assistant 'b': could not reach 127.0.0.1:9: connect ECONNREFUSED" });

  it('is said once in every format, the actions left listed as not done', () => {
    const text = summaryText(r);
    expect(text).toMatch(/^Apply stopped: 1 created, 0 modified, 0 deleted, 2 not started\.\nStopped, as the host could not be reached: creating assistant 'b': could not reach 127\.0\.0\.1:9: connect ECONNREFUSED\n\nNot done:\n {2}\+ b: not sent/);
    expect(text.match(/ECONNREFUSED/g)).toHaveLength(1);
    const { summary } = JSON.parse(applyJson(r));
    expect(summary.unreachable).toBe(r.stopped!.error);
    expect(summary.stopped).toEqual({ cause: 'unreachable', error: r.stopped!.error, fix: null });
    const md = applyMarkdown(r, NOUNS, SUMMARY);
    expect(md).toContain('**Apply stopped: 1 created, 0 modified, 0 deleted, 2 not started.**');
    expect(md.match(/ECONNREFUSED/g)).toHaveLength(1);
  });
});

describe('markdown', () => {
  it('escapes table cells and caps the rows', () => {
    const many = Array.from({ length: 305 }, (_, i) => ok(`k${i}`, 'update', `asst_${i}`));
    const md = applyMarkdown(reportOf([...many, { key: 'x', id: null, action: 'create', status: 'failed', error: 'a | b\nc', warnings: [] }], false), NOUNS, SUMMARY);
    expect(md).toContain('**failed**: `a \\| b c`');
    // The failure is listed first, so the row cap cannot hide it.
    expect(md.split('\n').find((l) => l.startsWith('| `'))).toContain('`x`');
    expect(md).toContain('…and 6 more');
    expect(md.split('\n').filter((l) => l.startsWith('| `')).length).toBe(300);
  });

  it('keeps within its room in bytes: failures that quote long answers list as many rows as fit, then how many more', () => {
    const answer = `the server refused it: ${'ü'.repeat(3_000)}`;
    const failed = Array.from({ length: 40 }, (_, i) => ({ key: `k${i}`, id: `asst_${i}`, action: 'update' as const, status: 'failed' as const, error: answer, warnings: [] }));
    const md = applyMarkdown(reportOf(failed, false), NOUNS, { maxChars: 50_000, measure: summaryBytes });
    expect(summaryBytes(md)).toBeLessThanOrEqual(50_000);
    const rows = md.split('\n').filter((l) => l.startsWith('| `')).length;
    expect(rows).toBeGreaterThan(5);
    expect(md).toContain(`…and ${40 - rows} more; the job log lists every action.`);
  });
});

describe('markdown escaping', () => {
  it('shows HTML in names and messages as text', () => {
    const html = renderGfm(applyMarkdown(reportOf([ok('a', 'update', 'asst_1', ['sent "<img src=x>"'])], false), NOUNS, SUMMARY));
    expect(html).toContain('<code>sent &quot;&lt;img src=x&gt;&quot;</code>');
    expect(html).not.toContain('<img');
  });

  // What the host answers, a live marker's key and an id are not aac's: in code, where nothing
  // formats, links or pings, whatever backticks they hold.
  const hostile = 'refused: *all* of _it_ <b>now</b> | ask @acme/admins in #12 or `aac` ``x``';
  const shownHostile = 'refused: *all* of _it_ &lt;b&gt;now&lt;/b&gt; | ask @acme/admins in #12 or `aac` ``x``';

  it('puts every message, key, id and version in code, in the table and around it', () => {
    const report = reportOf(
      [
        { key: '@acme/x', id: 'asst_*1*', action: 'update', status: 'failed', error: hostile, warnings: [hostile], fix: `change ${hostile}` },
        { key: 'b', id: 'agent_b', action: 'update', status: 'ok', version: '<7>', deletedVersions: ['_1_', '*2*'], warnings: [] },
        { key: 'c', id: null, action: 'create', status: 'unknown', error: hostile, warnings: [] },
      ],
      false,
    );
    const md = applyMarkdown(report, NOUNS, SUMMARY);
    const html = renderGfm(md);
    const cells = [...html.matchAll(/<td>(.*?)<\/td>/g)].map((m) => m[1]);
    expect(cells.slice(0, 4)).toEqual([
      '<code>~</code>',
      '<code>@acme/x</code>',
      '<code>asst_*1*</code>',
      `<strong>failed</strong>: <code>${shownHostile}</code><br>⚠️ <code>${shownHostile}</code>`,
    ]);
    expect(cells).toContain('<strong>outcome unknown</strong>: <code>' + shownHostile + '</code>');
    expect(cells).toContain('modified (version <code>&lt;7&gt;</code>); old versions <code>_1_</code>, <code>*2*</code> deleted');
    // The next steps' list: the key and the fix in code.
    expect(html).toContain(`<li><code>~</code> <code>@acme/x</code>: <code>change ${shownHostile}</code></li>`);
    // Nothing became markup: no emphasis, no HTML, no link.
    expect(html).not.toMatch(/<em>|<b>|<a /);
    expect(html.match(/<strong>/g)).toHaveLength(3);
  });

  it('says old versions found gone already apart from those deleted, in the closing line and the row', () => {
    const report = reportOf([{ key: 'b', id: 'agent_b', action: 'update', status: 'ok', version: '8', deletedVersions: ['5'], goneVersions: ['6', '7'], warnings: [] }], false);
    const md = applyMarkdown(report, NOUNS, SUMMARY);
    expect(md).toContain('**Apply complete: 0 created, 1 modified, 0 deleted, 1 old version deleted, 2 old versions already gone.**');
    expect(md).toContain('modified (version `8`); old version `5` deleted; old versions `6`, `7` already gone');
  });

  it("puts the host's error in code when apply stopped", () => {
    const report = { ...reportOf([{ key: 'b', id: null, action: 'create' as const, status: 'skipped' as const, error: 'not sent', warnings: [] }], false), stopped: { cause: 'unreachable' as const, error: hostile } };
    const html = renderGfm(applyMarkdown(report, NOUNS, SUMMARY));
    expect(html).toContain(`<p>Stopped, as the host could not be reached: <code>${shownHostile}</code></p>`);
  });

  it('escapes only the pipe in a code span in a table cell: `&`, `<` and `>` show as they are (exact bytes)', () => {
    const md = applyMarkdown(reportOf([ok('a&b<c>|d', 'update', 'id|&amp;')], false), NOUNS, SUMMARY);
    expect(md.split('\n')).toContain('| `~` | `a&b<c>\\|d` | `id\\|&amp;` | modified |');
    const cells = [...renderGfm(md).matchAll(/<td>(.*?)<\/td>/g)].map((m) => m[1]);
    expect(cells).toEqual(['<code>~</code>', '<code>a&amp;b&lt;c&gt;|d</code>', '<code>id|&amp;amp;</code>', 'modified']);
  });

  it('keeps a row whole when a message holds backslashes before a pipe', () => {
    const md = applyMarkdown(reportOf([{ key: 'k', id: 'i', action: 'update', status: 'failed', error: 'a\\|b c\\\\|d', warnings: [] }], false), NOUNS, SUMMARY);
    const cells = [...renderGfm(md).matchAll(/<td>(.*?)<\/td>/g)].map((m) => m[1]);
    // An odd run of backslashes gets one more (it would escape the pipe's escape); an even run is exact.
    expect(cells).toEqual(['<code>~</code>', '<code>k</code>', '<code>i</code>', '<strong>failed</strong>: <code>a\\\\|b c\\\\|d</code>']);
  });
});

describe('progress', () => {
  it('prints a line per action in CI, whatever the size', () => {
    let out = '';
    const p = createProgress({ write: (t) => void (out += t) }, { total: 80, terminal: false, paint: plain });
    p.onOutcome(ok('a', 'create', 'asst_1'));
    p.finish([]);
    expect(out).toBe('+ a: created asst_1\n');
  });

  it('shows a counter on a terminal for a large apply, then the warnings it hid (the summary lists the failures)', () => {
    let out = '';
    const p = createProgress({ write: (t) => void (out += t) }, { total: 60, terminal: true, paint: plain });
    const failure: ActionOutcome = { key: 'b', id: 'asst_2', action: 'update', status: 'failed', error: 'nope', warnings: [] };
    const warned = ok('c', 'update', 'asst_3', ["the API did not take 'top_p' as sent"]);
    p.onOutcome(ok('a', 'create', 'asst_1'));
    p.onOutcome(failure);
    p.onOutcome(warned);
    p.finish([ok('a', 'create', 'asst_1'), failure, warned]);
    expect(out).toContain('Applying: 3/60 done, 1 failed');
    expect(out).not.toContain('+ a: created');
    expect(out).not.toContain('! b (asst_2)');
    expect(out).toContain("~ c: modified asst_3\n    warning: the API did not take 'top_p' as sent\n");
  });

  it('a line said aside (a wait on the rate limit, on stderr) clears the counter first and draws it again after, until the counter is done', () => {
    const out: string[] = [];
    const write = (stream: string) => (t: string) => void out.push(`${stream}:${JSON.stringify(t)}`);
    const p = createProgress({ write: write('stdout') }, { total: 60, terminal: true, paint: plain });
    p.onOutcome(ok('a', 'create', 'asst_1'));
    out.length = 0;
    p.aside(() => write('stderr')('waiting\n'));
    expect(out).toEqual(['stdout:"\\r\\u001b[2K"', 'stderr:"waiting\\n"', 'stdout:"\\r\\u001b[2KApplying: 1/60 done"']);
    p.finish([]);
    out.length = 0;
    p.aside(() => write('stderr')('waiting\n'));
    expect(out).toEqual(['stderr:"waiting\\n"']);
    // A line per action: nothing to clear.
    const lines = createProgress({ write: write('stdout') }, { total: 3, terminal: true, paint: plain });
    out.length = 0;
    lines.aside(() => write('stderr')('waiting\n'));
    expect(out).toEqual(['stderr:"waiting\\n"']);
  });

  it('a wait says the actions done of all, and the time the rest may take at the rate so far, never less than the wait', () => {
    expect(waitProgressText(0, 120, 5_000, 12_000)).toBe('0 of 120 actions done.');
    expect(waitProgressText(37, 120, 60_000, 12_000)).toBe('37 of 120 actions done, ~2 min left at the current rate.');
    expect(waitProgressText(4, 7, 500, 9_600)).toBe('4 of 7 actions done, ~10 s left at the current rate.');
    expect(waitProgressText(1, 1_000, 10_000, 0)).toBe('1 of 1,000 actions done, ~2 h 47 min left at the current rate.');
    expect(waitProgressText(1, 1, 100, 6_000)).toBe('1 of 1 action done.');
  });
});
