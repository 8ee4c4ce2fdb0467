// A fleet of creates is reviewable: what the server fills in beside what each definition writes is
// one `(server defaults: …)` line a resource, in the text and markdown plans and in `show` of the
// saved plan alike, through the real CLI against the emulator over loopback. Nothing is lost: the
// line lists every value the JSON plan's `after` has beyond the definition's `body`, and the JSON
// plan is the same document as before. A comment cut to its budget keeps each drawn create's line.
import { afterEach, describe, expect, it } from 'vitest';
import { harness, type Harness } from '../apply/helpers.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const FOLD = /^\s*\((?:server defaults?): (.*)\)$/;
const lookup = { type: 'function', function: { name: 'lookup', description: 'Find an order.', parameters: { type: 'object', properties: {} } } };

/** Ten definitions: plain ones, one with a function tool, one with a file-search tool, one that writes what is otherwise the server's. */
function fleet(instructions = ''): Record<string, Record<string, unknown>> {
  const defs: Record<string, Record<string, unknown>> = {};
  for (let i = 0; i < 7; i++) defs[`team/bot${i}`] = { model: 'gpt-4o', name: `Bot ${i}`, ...(instructions ? { instructions } : {}) };
  defs['team/tools'] = { model: 'gpt-4o', name: 'Tools', tools: [lookup, { type: 'file_search', file_search: { max_num_results: 8 } }] };
  defs['team/written'] = { model: 'gpt-4o', name: 'Written', temperature: 1, top_p: 1, response_format: 'auto' };
  defs['team/half'] = { model: 'gpt-4o', name: 'Half', top_p: 0.5 };
  return defs;
}

/** A text plan's sections, one a change: its header line and the lines below it. */
function sections(text: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  let body: string[] | undefined;
  for (const line of text.split('\n')) {
    const m = /^ {2}[+~-] (\S+) .*\((?:create|update)/.exec(line);
    if (m) out.set(m[1]!, (body = []));
    else if (line === '') body = undefined;
    else body?.push(line);
  }
  return out;
}

/** The paths a folded line lists. */
const foldedPaths = (line: string) => [...FOLD.exec(line)![1]!.matchAll(/(?:^|, )([^ ,]+) = /g)].map((m) => m[1]!);

describe('server defaults folded', () => {
  it('one line a create, listing every value the JSON plan has beyond the body, alike in plan and show, text and markdown', async () => {
    h = await harness(fleet());
    const text = await h.cli(['plan', '--out', 'p.json', '--no-color']);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).not.toMatch(/\(server default\)$/m);
    const doc = JSON.parse((await h.cli(['show', 'p.json', '--format', 'json'])).stdout);
    const shown = sections(text.stdout);
    expect(shown.size).toBe(10);
    for (const change of doc.resource_changes) {
      const lines = shown.get(change.address ?? change.key)!;
      expect(lines, change.key).toBeDefined();
      const folds = lines.filter((l) => FOLD.test(l));
      // What the server fills in, by field: every field of `after` the body leaves out that holds a value.
      const filled = Object.keys(change.after).filter((f) => !(f in change.body) && ![null, ''].includes(change.after[f]) && JSON.stringify(change.after[f]) !== '{}' && JSON.stringify(change.after[f]) !== '[]');
      if (change.key === 'team/written') {
        expect(folds, change.key).toEqual([]);
        expect(lines).toContain('      + temperature = 1');
        continue;
      }
      expect(folds, `${change.key}:\n${lines.join('\n')}`).toHaveLength(1);
      expect(lines.at(-1), change.key).toBe(folds[0]);
      const paths = foldedPaths(folds[0]!);
      expect(paths.filter((p) => !/[.[]/.test(p)), change.key).toEqual(filled);
      if (change.key === 'team/tools') {
        expect(paths).toEqual(expect.arrayContaining(['tools[0].function.strict', 'tools[1].file_search.ranking_options.ranker']));
        // The list items stay, each with what the definition writes.
        expect(lines.join('\n')).toMatch(/\+ tools\[1\]: file_search\n {10}\+ file_search:\n {14}\+ max_num_results = 8\n/);
      }
    }
    expect(shown.get('team/half')).toContain('      + top_p = 0.5');

    // `show` of the saved plan draws it as the plan did; the markdown view folds alike.
    const planned = text.stdout.split('\nSaved the plan to p.json.')[0]!;
    expect(planned).not.toBe(text.stdout);
    expect((await h.cli(['show', 'p.json', '--no-color'])).stdout.trimEnd()).toBe(planned.trimEnd());
    const md = await h.cli(['plan', '--format', 'markdown']);
    expect((await h.cli(['show', 'p.json', '--format', 'markdown'])).stdout).toBe(md.stdout);
    const mdFolds = md.stdout.split('\n').filter((l) => FOLD.test(l));
    expect(mdFolds).toHaveLength(9);
    // A blank in the first column of the diff block: no line of its own is coloured as a change.
    for (const line of mdFolds) expect(line).toMatch(/^ {2}\(server defaults?: /);
    expect(mdFolds.map((l) => l.trim())).toEqual(text.stdout.split('\n').filter((l) => FOLD.test(l)).map((l) => l.trim()));
  });

  it('a comment cut to its budget keeps every drawn create\'s folded line and stays within it', async () => {
    const instructions = Array.from({ length: 60 }, (_, i) => `Line ${i} of a long prompt that a reviewer does not need whole.`).join('\n');
    h = await harness(fleet(instructions));
    const whole = await h.cli(['plan', '--format', 'markdown']);
    const limit = Math.floor(whole.stdout.length / 2);
    const md = await h.cli(['plan', '--format', 'markdown', '--max-chars', String(limit)]);
    expect(md.code, md.stderr).toBe(0);
    expect(md.stdout.length).toBeLessThanOrEqual(limit);
    expect(md.stdout).toMatch(/lines? of `instructions` not shown/);
    const drawn = md.stdout.split('<details>').slice(1);
    expect(drawn.length).toBe(10);
    for (const s of drawn) if (!s.includes('team/written')) expect(s, s).toMatch(/\n {2}\(server defaults?: [^\n]*\)\n```/);
  });
});
