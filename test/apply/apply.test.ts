// `aac apply` end to end against the emulator over loopback HTTP.
// Its applies run with -lock=false: they count the writes apply makes for the definitions, and
// the lock's own create and delete (on by default) are tested in test/lock.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator } from '../../src/emulator/index.js';
import { API_KEY, harness, markers, recordingProxy, writeCount, type Harness } from './helpers.js';
import { TEST_MARKER } from '../helpers/cli.js';
import { Interrupted } from '../../src/util/errors.js';
import { testDir } from '../helpers/each-test.js';

const BILLING = { model: 'gpt-4o', name: 'Billing', instructions: 'Answer billing questions.', temperature: 0.5 };
const TRIAGE = { model: 'gpt-4o-mini', name: 'Triage', tools: [{ type: 'code_interpreter' }], metadata: { team: 'support' } };

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

function noSecrets(...texts: string[]): void {
  for (const t of texts) expect(t).not.toContain(API_KEY);
}

describe('aac apply (fresh plan)', () => {
  it('refuses in CI without --yes, and writes nothing', async () => {
    h = await harness({ 'support/billing': BILLING });
    const r = await h.cli(['apply', '-lock=false']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/refusing to apply without confirmation/);
    expect(r.stderr).toContain('--yes');
    expect(r.stderr).toContain('aac plan --out');
    expect(writeCount(h.emu)).toBe(0);
    expect(h.emu.resources()).toHaveLength(0);
  });

  it('shows the plan, asks on a terminal and applies only on "yes"', async () => {
    h = await harness({ 'support/billing': BILLING });
    const no = await h.cli(['apply', '-lock=false'], { interactive: true, answers: ['y'] });
    expect(no.code).toBe(1);
    expect(no.stderr).toContain("Apply these changes? Only 'yes' is accepted:");
    expect(no.stdout).not.toContain('Apply these changes');
    expect(no.stdout).toContain('Apply cancelled');
    expect(writeCount(h.emu)).toBe(0);

    // A JSON reader still gets a document: nothing applied, as the question was answered no (exit 1 as before).
    const json = await h.cli(['apply', '-lock=false', '--format', 'json'], { interactive: true, answers: ['no'] });
    expect(json.code).toBe(1);
    expect(json.stderr).toContain('Apply cancelled: nothing was changed.');
    const doc = JSON.parse(json.stdout);
    expect(doc.format_version).toBe('1.12');
    expect(doc.outcomes).toEqual([]);
    expect(doc.summary).toMatchObject({ created: 0, modified: 0, deleted: 0, failed: 0, skipped: 0, interrupted: false, cancelled: true, stopped: null });
    expect(writeCount(h.emu)).toBe(0);

    const yes = await h.cli(['apply', '-lock=false'], { interactive: true, answers: ['yes'] });
    expect(yes.code).toBe(0);
    expect(yes.stdout).toMatch(/support\/billing \(create\)/);
    expect(yes.stdout).toMatch(/^\+ support\/billing: created asst_\w+$/m);
    expect(yes.stdout).toContain('Apply complete: 1 created, 0 modified, 0 deleted.');
    noSecrets(yes.stdout, yes.stderr);
  });

  it('without a terminal shows one line a change, naming the fields, and the full plan with --show-plan', async () => {
    h = await harness({ 'support/billing': BILLING, 'support/triage': TRIAGE });
    const first = await h.cli(['apply', '-lock=false', '--yes']);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('support/billing (create: model, name, instructions, temperature)');
    expect(first.stdout).not.toContain(BILLING.instructions);
    expect(first.stdout).toContain('Plan: 2 to create, 0 to modify, 0 to delete, 0 unchanged.');

    h.ws.write('support/billing', { ...BILLING, temperature: 0.7, instructions: 'Answer billing questions only.' });
    const summary = await h.cli(['apply', '-lock=false', '--yes']);
    expect(summary.stdout).toMatch(/support\/billing \(asst_\w+\) \(update: instructions, temperature\)/);
    expect(summary.stdout).not.toContain('0.7');

    h.ws.write('support/billing', BILLING);
    const full = await h.cli(['apply', '-lock=false', '--yes', '--show-plan']);
    expect(full.code).toBe(0);
    expect(full.stdout).toMatch(/temperature: 0\.7 → 0\.5/);
    expect(full.stdout).toContain('Answer billing questions.');
  });

  it('converges: apply then plan shows no changes, and a second apply says so without asking', async () => {
    h = await harness({ 'support/billing': BILLING, 'support/triage': TRIAGE });
    const first = await h.cli(['apply', '-lock=false', '--yes']);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('Apply complete: 2 created, 0 modified, 0 deleted.');
    expect(markers(h.emu).sort()).toEqual(['support/billing', 'support/triage']);

    const plan = await h.cli(['plan', '--detailed-exitcode']);
    expect(plan.code).toBe(0);
    const before = writeCount(h.emu);
    const again = await h.cli(['apply', '-lock=false'], { interactive: true, answers: [] });
    expect(again.code).toBe(0);
    expect(again.stdout).toContain("No changes in namespace 'test'.");
    expect(again.stderr).not.toContain('Apply these changes');
    expect(writeCount(h.emu)).toBe(before);
  });

  it('sends only the changed top-level fields in a modify, and metadata whole with the marker', async () => {
    h = await harness({ 'support/billing': BILLING, 'support/triage': TRIAGE });
    expect((await h.cli(['apply', '-lock=false', '--yes'])).code).toBe(0);
    const proxy = await recordingProxy(h.emu.url);
    try {
      h.ws.write('support/billing', { ...BILLING, temperature: 0.7 });
      h.ws.write('support/triage', { ...TRIAGE, metadata: { team: 'support', tier: 'gold' } });
      const r = await h.cli(['apply', '-lock=false', '--yes'], { env: { OPENAI_BASE_URL: proxy.url } });
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('Apply complete: 0 created, 2 modified, 0 deleted.');
      const writes = proxy.writes();
      expect(writes).toHaveLength(2);
      const ids = Object.fromEntries(h.emu.resources().map((a) => [(a.metadata as Record<string, string>)[TEST_MARKER], a.id]));
      const byPath = Object.fromEntries(writes.map((w) => [w.path.replace(/^.*\/assistants\//, ''), w]));
      expect(byPath[ids['support/billing'] as string].method).toBe('POST');
      expect(byPath[ids['support/billing'] as string].body).toEqual({ temperature: 0.7 });
      expect(byPath[ids['support/triage'] as string].body).toEqual({
        metadata: { team: 'support', tier: 'gold', [TEST_MARKER]: 'support/triage' },
      });
      for (const req of proxy.requests) noSecrets(JSON.stringify(req.body ?? ''));
    } finally {
      await proxy.close();
    }
    expect((await h.cli(['plan', '--detailed-exitcode'])).code).toBe(0);
  });

  it('prints a versioned JSON report with --format json and appends a GitHub job summary', async () => {
    h = await harness({ 'support/billing': BILLING });
    const summaryFile = join(testDir('aac-summary-'), 'summary.md');
    writeFileSync(summaryFile, '');
    const r = await h.cli(['apply', '-lock=false', '--yes', '--format', 'json'], { env: { GITHUB_STEP_SUMMARY: summaryFile } });
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.format_version).toBe('1.12');
    expect(doc.outcomes).toEqual([
      { key: 'support/billing', id: expect.stringMatching(/^asst_/), action: 'create', status: 'ok', error: null, warnings: [] },
    ]);
    expect(doc.summary).toMatchObject({ created: 1, modified: 0, deleted: 0, failed: 0 });
    const md = readFileSync(summaryFile, 'utf8');
    expect(md).toContain('Apply complete: 1 created, 0 modified, 0 deleted.');
    expect(md).toContain('`support/billing`');
  });

  it('says in the job summary what to do next, as the log does, with the run\'s options', async () => {
    h = await harness({ 'support/billing': BILLING, 'support/triage': TRIAGE });
    // The create of billing is refused as invalid (running again would meet it again); triage's goes through.
    const proxy = await recordingProxy(h.emu.url, (req) => (req.method === 'POST' && (req.body as { name?: string } | undefined)?.name === 'Billing' ? { status: 400, message: 'temperature is not allowed here' } : undefined));
    try {
      const summaryFile = join(testDir('aac-summary-'), 'summary.md');
      writeFileSync(summaryFile, '');
      const r = await h.cli(['apply', '-lock=false', '--yes', '--provider', 'openai'], { env: { OPENAI_BASE_URL: proxy.url, GITHUB_STEP_SUMMARY: summaryFile } });
      expect(r.code).toBe(1);
      const md = readFileSync(summaryFile, 'utf8');
      const lead = 'Running `aac apply --yes --provider openai` again would be refused the same way until this is changed:';
      const last = 'Then run `aac plan --provider openai` to see what is left, and `aac apply --yes --provider openai` again to finish.';
      // The log's lines, and the summary's: the same sentences, the refused action as a list item.
      expect(r.stdout).toContain([lead, "  + support/billing: change the definition as the API's message says", last].join('\n'));
      // The fix in code: it quotes what is not aac's (a key, a host's message).
      expect(md).toContain([lead, '', "- `+` `support/billing`: `change the definition as the API's message says`", '', last].join('\n'));
      expect(md.indexOf(lead)).toBeGreaterThan(md.indexOf('| `+` | `support/triage`'));
    } finally {
      await proxy.close();
    }
  });

  it("keeps the job summary within GitHub's 1 MiB when every write fails with a long answer", async () => {
    const defs = Object.fromEntries(Array.from({ length: 600 }, (_, i) => [`bot${i}`, { model: 'gpt-4o', name: `Bot ${i}` }]));
    h = await harness(defs);
    // A host's text is quoted up to 1,000 characters (http/transport.ts), ~2,000 bytes of 'ü': 600
    // rows of ~2.1 KB each, 1.26 MB as one table.
    const answer = `the request was refused: ${'ü'.repeat(2_500)}`;
    const proxy = await recordingProxy(h.emu.url, (req) => (req.method === 'POST' ? { status: 400, message: answer } : undefined));
    try {
      const summaryFile = join(testDir('aac-summary-'), 'summary.md');
      writeFileSync(summaryFile, '');
      const r = await h.cli(['apply', '-lock=false', '--yes'], { env: { OPENAI_BASE_URL: proxy.url, GITHUB_STEP_SUMMARY: summaryFile } });
      expect(r.code).toBe(1);
      expect(r.stderr).not.toContain('could not write the job summary');
      const md = readFileSync(summaryFile, 'utf8');
      expect(Buffer.byteLength(md)).toBeLessThanOrEqual(1_048_576);
      const rows = md.split('\n').filter((l) => l.startsWith('| `')).length;
      expect(rows).toBeGreaterThan(150);
      expect(md).toContain(`…and ${600 - rows} more; the job log lists every action.`);
    } finally {
      await proxy.close();
    }
  });

  it('still succeeds when the job summary cannot be written, and says so', async () => {
    h = await harness({ 'support/billing': BILLING });
    // A directory cannot be appended to.
    const summary = testDir('aac-summary-');
    const r = await h.cli(['apply', '-lock=false', '--yes'], { env: { GITHUB_STEP_SUMMARY: summary } });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Apply complete: 1 created');
    expect(r.stderr).toContain(`Warning: could not write the job summary to ${summary} (GITHUB_STEP_SUMMARY): illegal operation on a directory (EISDIR)\n`);
    expect(h.emu.resources()).toHaveLength(1);
  });

  it('refuses a bad --concurrency or --format markdown before touching the API', async () => {
    h = await harness({ 'support/billing': BILLING });
    for (const argv of [['--concurrency', '0'], ['--concurrency', '65'], ['--concurrency', 'lots'], ['--format', 'markdown']]) {
      const r = await h.cli(['apply', '-lock=false', '--yes', ...argv]);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/^Error: (--concurrency must be a whole number from 1 to 64|aac apply takes --format text or json, not 'markdown')/);
    }
    expect(h.emu.stats().total).toBe(0);
  });

  it('a signal at the question under --format json writes the cancelled document, and ends with the signal\'s exit code', async () => {
    h = await harness({ 'support/billing': BILLING });
    for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
      const r = await h.cli(['apply', '-lock=false', '--format', 'json'], { interactive: true, prompt: () => Promise.reject(new Interrupted(signal)) });
      expect(r.code).toBe(code);
      expect(r.stderr).toContain('Apply cancelled: nothing was changed.');
      expect(r.stderr).toContain(`aac: interrupted (${signal})`);
      const doc = JSON.parse(r.stdout);
      expect(doc.outcomes).toEqual([]);
      expect(doc.summary).toMatchObject({ created: 0, modified: 0, deleted: 0, failed: 0, skipped: 0, interrupted: false, cancelled: true, stopped: null });
    }
    expect(writeCount(h.emu)).toBe(0);
  });

  it('interrupted before its first write, writes nothing and ends as interrupted, exit 130 (test/cli/interrupts.test.ts: once writing)', async () => {
    h = await harness({ a: BILLING, b: TRIAGE });
    const controller = new AbortController();
    controller.abort(new Interrupted('SIGINT'));
    const r = await h.cli(['apply', '-lock=false', '--yes'], { signal: controller.signal });
    expect(r.code).toBe(130);
    expect(r.stderr).toContain('aac: interrupted (SIGINT)');
    expect(r.stdout).not.toContain('Apply interrupted');
    expect(writeCount(h.emu)).toBe(0);
  });
});

describe('aac apply --prune and unmanaged assistants', () => {
  it('deletes exactly the orphans, only with --prune, and never an unmanaged assistant', async () => {
    h = await harness({ keep: BILLING, 'old/one': TRIAGE, 'old/two': BILLING });
    expect((await h.cli(['apply', '-lock=false', '--yes'])).code).toBe(0);
    const [unmanaged] = h.emu.seed([{ model: 'gpt-4o', name: 'Billing', instructions: 'made by hand' }]);
    const orphanIds = h.emu
      .resources()
      .filter((a) => ['old/one', 'old/two'].includes((a.metadata as Record<string, string>)[TEST_MARKER]))
      .map((a) => a.id)
      .sort();
    h.ws.remove('old/one');
    h.ws.remove('old/two');

    const before = writeCount(h.emu);
    const kept = await h.cli(['apply', '-lock=false', '--yes']);
    expect(kept.code).toBe(0);
    expect(kept.stdout).toContain("No changes in namespace 'test'.");
    expect(writeCount(h.emu)).toBe(before);

    const proxy = await recordingProxy(h.emu.url);
    try {
      const pruned = await h.cli(['apply', '-lock=false', '--yes', '--prune'], { env: { OPENAI_BASE_URL: proxy.url } });
      expect(pruned.code).toBe(0);
      expect(pruned.stdout).toContain('Apply complete: 0 created, 0 modified, 2 deleted.');
      const writes = proxy.writes();
      expect(writes.every((w) => w.method === 'DELETE')).toBe(true);
      expect(writes.map((w) => w.path.replace(/^.*\/assistants\//, '')).sort()).toEqual(orphanIds);
    } finally {
      await proxy.close();
    }
    const left = h.emu.resources();
    expect(left.map((a) => a.id).sort()).toEqual([unmanaged.id, left.find((a) => a.id !== unmanaged.id)!.id].sort());
    expect(left.find((a) => a.id === unmanaged.id)).toEqual(unmanaged);
  });
});

describe('aac apply adopting an assistant pinned by id', () => {
  it('writes the marker onto it, keeps its id, and converges', async () => {
    h = await harness();
    const [handMade] = h.emu.seed([{ model: 'gpt-4o', name: 'Made by hand', temperature: 0.5 }]);
    h.ws.write('support/adopted', { id: handMade.id, model: 'gpt-4o', name: 'Made by hand', temperature: 0.5 });
    const r = await h.cli(['apply', '-lock=false', '--yes']);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain(`~ support/adopted: modified ${handMade.id as string}`);
    expect(h.emu.resources()).toHaveLength(1);
    expect(markers(h.emu)).toEqual(['support/adopted']);
    expect((await h.cli(['plan', '--detailed-exitcode'])).code).toBe(0);
  });
});

describe('aac apply PLANFILE', () => {
  async function savePlan(hh: Harness, extra: string[] = []): Promise<string> {
    const r = await hh.cli(['plan', '--out', 'plan.json', ...extra]);
    expect(r.code).toBe(0);
    const text = readFileSync(join(hh.ws.root, 'plan.json'), 'utf8');
    expect(text).not.toContain(API_KEY);
    return 'plan.json';
  }

  it('applies a fresh saved plan exactly, without asking', async () => {
    h = await harness({ 'support/billing': BILLING });
    const file = await savePlan(h);
    const r = await h.cli(['apply', '-lock=false', file]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Apply complete: 1 created, 0 modified, 0 deleted.');
    expect(r.stderr).not.toContain('Apply these changes');
  });

  it('refuses a plan whose live assistant changed since, naming it, and writes nothing', async () => {
    h = await harness({ 'support/billing': BILLING });
    expect((await h.cli(['apply', '-lock=false', '--yes'])).code).toBe(0);
    h.ws.write('support/billing', { ...BILLING, temperature: 0.9 });
    const file = await savePlan(h);
    const [live] = h.emu.resources();
    h.emu.mutate(live.id as string, { name: 'Changed by hand' });
    const before = writeCount(h.emu);
    const r = await h.cli(['apply', '-lock=false', file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/plan\.json is stale, so nothing was applied/);
    expect(r.stderr).toContain(`'support/billing' (${live.id as string}) changed since the plan was made`);
    expect(r.stderr).toContain('aac plan --out');
    expect(writeCount(h.emu)).toBe(before);
  });

  it('refuses a plan whose definition file changed since, naming the field and where it is written', async () => {
    h = await harness({ 'support/billing': BILLING });
    const file = await savePlan(h);
    h.ws.write('support/billing', { ...BILLING, name: 'Edited' });
    const r = await h.cli(['apply', '-lock=false', file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("the definition 'support/billing' changed since the plan was made, in its name (assistants/support/billing.yaml:2:1)\n");
    expect(writeCount(h.emu)).toBe(0);
  });

  it('refuses a plan made for another endpoint', async () => {
    h = await harness({ 'support/billing': BILLING });
    const file = await savePlan(h);
    const other = await startEmulator({ apiKey: API_KEY });
    try {
      const r = await h.cli(['apply', '-lock=false', file], { env: { OPENAI_BASE_URL: other.url } });
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('the plan was made for another endpoint: openai at');
      expect(writeCount(other)).toBe(0);
    } finally {
      await other.close();
    }
    expect(writeCount(h.emu)).toBe(0);
  });

  it('refuses --prune with a saved plan made without it, and takes it with one made with it', async () => {
    h = await harness({ 'support/billing': BILLING });
    const file = await savePlan(h);
    const r = await h.cli(['apply', '-lock=false', file, '--prune']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${file} was made without --prune, so it deletes no orphans`);
    expect(r.stderr).toContain(`aac plan --prune --out ${file}`);
    expect(writeCount(h.emu)).toBe(0);

    const pruned = join(h.ws.root, 'pruned.json');
    expect((await h.cli(['plan', '--prune', '--out', pruned])).code).toBe(0);
    const ok = await h.cli(['apply', '-lock=false', pruned, '--prune']);
    expect(ok.code, ok.stdout + ok.stderr).toBe(0);
    expect(ok.stdout).toContain('Apply complete: 1 created');
  });

  it("refuses a plan's printed view saved as a plan file (aac plan > plan.txt, --format markdown > plan.md) as that, over loopback", async () => {
    h = await harness({ 'support/billing': BILLING });
    // Each view as it opens with changes, and with none (after an apply).
    const refused = async () => {
      for (const [file, args, view] of [['plan.txt', [], "the plan's text view, as `aac plan` prints it"], ['plan.md', ['--format', 'markdown'], "the plan's markdown view, as `aac plan --format markdown` prints it"]] as const) {
        const printed = await h.cli(['plan', ...args]);
        expect(printed.code).toBe(0);
        writeFileSync(join(h.ws.root, file), printed.stdout);
        for (const command of ['apply', 'show']) {
          const r = await h.cli([command, file, ...(command === 'apply' ? ['-lock=false'] : [])]);
          expect(r.stderr, printed.stdout).toContain(`Error: ${file} is not a valid aac plan file: it holds ${view} for reading, not the file \`aac plan --out\` saves`);
          expect(r.stderr).not.toContain('not JSON');
          expect(r.code).toBe(1);
        }
      }
    };
    await refused();
    expect(writeCount(h.emu)).toBe(0);
    expect((await h.cli(['apply', '-lock=false', '--yes'])).code).toBe(0);
    await refused();
  });

  it('refuses a missing or damaged plan file clearly', async () => {
    h = await harness({ 'support/billing': BILLING });
    const missing = await h.cli(['apply', '-lock=false', 'nope.json']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('cannot read the plan file nope.json: no such file');
    writeFileSync(join(h.ws.root, 'bad.json'), '{"format_version": "1.0"');
    const bad = await h.cli(['apply', '-lock=false', 'bad.json']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("Error: bad.json:1:25: not a valid aac plan file: not JSON: ',' or '}' was expected, not the end of the text");
    expect(bad.stderr).not.toContain('internal error');
    // A plan saved, then edited by hand: the line and column of the mistake, in text and in JSON.
    expect((await h.cli(['plan', '--out', 'edited.json'])).code).toBe(0);
    const saved = readFileSync(join(h.ws.root, 'edited.json'), 'utf8');
    writeFileSync(join(h.ws.root, 'edited.json'), saved.replace('"prune": false', '"prune": no'));
    const line = saved.split('\n').findIndex((l) => l.includes('"prune"')) + 1;
    const edited = await h.cli(['apply', '-lock=false', 'edited.json', '--format', 'json']);
    expect(edited.code).toBe(1);
    expect(edited.stderr).toContain(`Error: edited.json:${line}:12: not a valid aac plan file: not JSON: a value was expected, not 'n'`);
    expect(JSON.parse(edited.stdout).diagnostics).toContainEqual(expect.objectContaining({ file: 'edited.json', line, column: 12, code: 'invalid-plan-file' }));
    // A field of the wrong type: its line and column too, where apply and show read the file.
    writeFileSync(join(h.ws.root, 'typed.json'), saved.replace('"prune": false', '"prune": "no"'));
    for (const argv of [['apply', '-lock=false', 'typed.json'], ['show', 'typed.json']]) {
      const typed = await h.cli(argv);
      expect(typed.code).toBe(1);
      expect(typed.stderr).toContain(`Error: typed.json:${line}:12: not a valid aac plan file: prune must be true or false`);
    }
    const typedJson = await h.cli(['show', 'typed.json', '--format', 'json']);
    expect(JSON.parse(typedJson.stdout).diagnostics).toContainEqual(expect.objectContaining({ file: 'typed.json', line, column: 12, code: 'invalid-plan-file' }));
  });
});

describe('aac apply under faults', () => {
  it('leaves no duplicates when every create is committed and its response dropped', async () => {
    h = await harness({ a: BILLING, b: TRIAGE, c: { model: 'gpt-4o' } }, { commitThenDropRate: 1 });
    const r = await h.cli(['apply', '-lock=false', '--yes']);
    expect(r.stdout + r.stderr).toContain('Apply complete: 3 created, 0 modified, 0 deleted.');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/warning: the create's response was lost; asst_\w+ carries this key, so it was made and is adopted/);
    expect(markers(h.emu).sort()).toEqual(['a', 'b', 'c']);
    // One POST per assistant: a lost create is looked up, never sent again when it happened.
    expect(h.emu.stats().byRoute['POST /assistants']).toBe(3);
    h.emu.setFaults({ commitThenDropRate: 0 });
    expect((await h.cli(['plan', '--detailed-exitcode'])).code).toBe(0);
  });

  it('reports a write that keeps failing, goes on with the rest, exits 1, and the next apply converges', async () => {
    h = await harness({ a: BILLING, b: TRIAGE, gone: BILLING });
    // One retry is enough to show a retried write; the default back-off would only slow the test.
    writeFileSync(join(h.ws.root, 'assistants', 'aac.yaml'), 'options:\n  max_retries: 1\n');
    expect((await h.cli(['apply', '-lock=false', '--yes'])).code).toBe(0);
    h.ws.write('a', { ...BILLING, temperature: 1.5 });
    h.ws.remove('gone');
    // Every modify answered 500 without being made; the delete goes through. (A write made but
    // whose answer was lost is reported as made: see lost-responses.test.ts.)
    const proxy = await recordingProxy(h.emu.url, (req) => (req.method === 'POST' && /\/assistants\/asst_/.test(req.path) ? 500 : undefined));
    const r = await h.cli(['apply', '-lock=false', '--yes', '--prune'], { env: { GITHUB_ACTIONS: 'true', OPENAI_BASE_URL: proxy.url } });
    await proxy.close();
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^::error file=assistants\/a\.yaml,line=1,col=1,title=aac apply-failed::update of 'a' failed: the update was answered 500 \(injected 500\) and re-reading shows it was not made/m);
    expect(r.stdout).toMatch(/^- gone: deleted asst_\w+$/m);
    expect(r.stdout).toContain('Apply failed: 0 created, 0 modified, 1 deleted, 1 failed.');
    expect(r.stdout).toMatch(/Failed:\n {2}~ a \(asst_\w+\): the update was answered 500 \(injected 500\) and re-reading shows it was not made/);
    expect(r.stdout).toContain('`aac apply --yes --prune` again');
    noSecrets(r.stdout, r.stderr);

    const again = await h.cli(['apply', '-lock=false', '--yes', '--prune']);
    expect(again.code).toBe(0);
    expect(markers(h.emu).sort()).toEqual(['a', 'b']);
    expect((await h.cli(['plan', '--detailed-exitcode'])).code).toBe(0);
  });

  it('converges under 30 % injected 5xx and a rate limit, within a few runs', async () => {
    const defs = Object.fromEntries(
      Array.from({ length: 12 }, (_, i) => [`fleet/a${i}`, { ...BILLING, name: `Assistant ${i}`, temperature: (i % 10) / 10 }]),
    );
    h = await harness(defs, { errorRate: 0.3, rateLimitPerMinute: 10, rateLimitWindowMs: 1000, seed: 7 });
    let converged = false;
    for (let run = 0; run < 5 && !converged; run++) {
      const r = await h.cli(['apply', '-lock=false', '--yes']);
      noSecrets(r.stdout, r.stderr);
      if (r.code === 1) expect(r.stdout + r.stderr).toMatch(/Apply failed|Error:/);
      converged = (await h.cli(['plan', '--detailed-exitcode'])).code === 0;
    }
    expect(converged).toBe(true);
    const stats = h.emu.stats();
    expect((stats.faults.error ?? 0) + (stats.faults.rate_limited ?? 0)).toBeGreaterThan(0);
    const keys = markers(h.emu);
    expect(keys).toHaveLength(12);
    expect(new Set(keys).size).toBe(12);
  });
});
