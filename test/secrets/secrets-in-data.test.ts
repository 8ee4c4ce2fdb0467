// The exact value of a configured key, planted in live data — a live assistant's name,
// instructions and description — never reaches a rendering or a file: plans in every format,
// the saved plan and `aac show` of it, the job summary, the apply report, the import report; and
// `aac import` refuses to write it into a definition, naming the file and field, writing nothing.
// (A definition that holds it is refused: test/secrets/credential-values.test.ts.)
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { API_KEY, harness, recordingProxy, type Harness } from '../apply/helpers.js';
import { TEST_MARKER } from '../helpers/cli.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('a configured key inside data', () => {
  it('is redacted in every rendering and file', async () => {
    h = await harness({ bot: { model: 'gpt-4o', name: 'Bot' } });
    // A managed assistant whose live name and instructions hold the key, drifted from its definition.
    h.ws.write('drift', { model: 'gpt-4o', name: 'Drift', instructions: 'Be brief.' });
    h.emu.seed([
      { model: 'gpt-4o', name: `Drift ${API_KEY}`, instructions: `Be brief.\nThe key is ${API_KEY}.`, metadata: { [TEST_MARKER]: 'drift' } },
      { model: 'gpt-4o', name: `Orphan ${API_KEY}`, metadata: { [TEST_MARKER]: 'orphan' } },
    ]);
    const summary = join(h.ws.root, 'summary.md');
    const env = { GITHUB_STEP_SUMMARY: summary };
    const outputs: string[] = [];
    for (const format of ['text', 'markdown', 'json']) {
      const r = await h.cli(['plan', '--prune', '--format', format], { env });
      expect(r.code, r.stderr).toBe(0);
      outputs.push(r.stdout, r.stderr);
    }
    // The plan shows where the key was: redacted, not dropped.
    expect(outputs[0]).toContain('[redacted]');
    const saved = await h.cli(['plan', '--prune', '--out', 'plan.json'], { env });
    expect(saved.code, saved.stderr).toBe(0);
    outputs.push(saved.stdout, saved.stderr);
    for (const format of ['text', 'markdown', 'json']) {
      const r = await h.cli(['show', 'plan.json', '--format', format]);
      expect(r.code, r.stderr).toBe(0);
      outputs.push(r.stdout, r.stderr);
    }
    const applied = await h.cli(['apply', 'plan.json', '--format', 'json'], { env });
    expect(applied.code, applied.stderr).toBe(0);
    outputs.push(applied.stdout, applied.stderr);
    const again = await h.cli(['apply', '--yes', '--prune'], { env });
    expect(again.code, again.stderr).toBe(0);
    outputs.push(again.stdout, again.stderr);

    const files = [join(h.ws.root, 'plan.json'), summary].map((f) => readFileSync(f, 'utf8'));
    for (const text of [...outputs, ...files]) expect(text).not.toContain(API_KEY);
    expect(readFileSync(summary, 'utf8')).toContain('[redacted]');
    // Applied: the drifted prompt is the definition's again, and the orphan is gone.
    expect(h.emu.resources().map((a) => a.name).sort()).toEqual(['Bot', 'Drift']);
  });

  it("is redacted in apply's warnings, as it prints them and in its report", async () => {
    h = await harness({ bot: { model: 'gpt-4o', description: 'Key' } });
    const bot = () => String(h!.emu.resources()[0]!.id);
    // Every modify changes the description behind aac's back and is answered 500: its outcome is
    // unknown, and the re-read finds it made but not as sent, which the warning quotes.
    const proxy = await recordingProxy(h.emu.url, (req) => {
      if (req.method !== 'POST' || !req.path.endsWith(`/assistants/${bot()}`)) return undefined;
      h!.emu.mutate(bot(), { description: `Changed elsewhere ${API_KEY}` });
      return 500;
    });
    try {
      writeFileSync(join(h.ws.root, 'assistants', 'aac.yaml'), 'options:\n  max_retries: 0\n');
      h.emu.seed([{ model: 'gpt-4o', description: 'Old', metadata: { [TEST_MARKER]: 'bot' } }]);
      const summary = join(h.ws.root, 'summary.md');
      const env = { OPENAI_BASE_URL: proxy.url, GITHUB_STEP_SUMMARY: summary };
      const warned = /the API did not take 'description' as sent: sent "Key", it stored "Changed elsewhere \[redacted\]"/;
      // As each outcome is printed, then in the JSON report; the description is set back between.
      const text = await h.cli(['apply', '-lock=false', '--yes'], { env: { ...env, GITHUB_ACTIONS: 'true' } });
      expect(text.code, text.stderr).toBe(0);
      expect(text.stdout).toMatch(warned);
      // And as the workflow command that marks the definition's file.
      expect(text.stderr).toMatch(/::warning file=assistants\/bot\.yaml.*stored "Changed elsewhere \[redacted\]"/);
      h.emu.mutate(bot(), { description: 'Old' });
      const json = await h.cli(['apply', '-lock=false', '--yes', '--format', 'json'], { env });
      expect(json.code, json.stderr).toBe(0);
      expect(JSON.parse(json.stdout).outcomes[0].warnings).toEqual([expect.stringMatching(/not exactly as sent/), expect.stringMatching(warned)]);
      for (const t of [text.stdout, text.stderr, json.stdout, json.stderr, readFileSync(summary, 'utf8')]) expect(t).not.toContain(API_KEY);
      // What was sent is the definition's own value.
      expect(proxy.writes().filter((r) => r.path.endsWith(`/assistants/${bot()}`)).map((r) => (r.body as { description?: string }).description)).toContain('Key');
    } finally {
      await proxy.close();
    }
  });

  it('is refused by import, naming the file and the field; nothing is written', async () => {
    h = await harness();
    h.emu.seed([
      { model: 'gpt-4o', name: 'Plain helper' },
      { model: 'gpt-4o', name: 'Helper', instructions: `Use ${API_KEY} for the calls.`, metadata: { note: API_KEY } },
      { model: 'gpt-4o', name: `Named ${API_KEY}` },
    ]);
    for (const args of [['import'], ['import', '--dry-run'], ['import', '--format', 'json']]) {
      const r = await h.cli(args);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('refusing to import: live data holds the value of a configured credential');
      expect(r.stderr).toMatch(/- asst_\w+ → assistants\/helper\.yaml: instructions, metadata\.note\n/);
      expect(r.stderr).toMatch(/- asst_\w+: name \(its file name would be made from it\)\n/);
      expect(r.stderr).not.toContain('plain-helper');
      expect(r.stdout + r.stderr).not.toContain(API_KEY);
      expect(r.stdout + r.stderr).not.toContain(API_KEY.toLowerCase());
    }
    expect(existsSync(join(h.ws.root, 'assistants')) ? readdirSync(join(h.ws.root, 'assistants')) : []).toEqual([]);
  });

  it('in another spelling, in the name a key and a file name are made from, is refused by import too; nothing of it is printed', async () => {
    // A key and a file name are the name lower-cased, each run of other characters a `-`: the
    // name `SK-LIVE-…` of the key `sk_live_…` was imported as `sk-live-….yaml` and printed so.
    const key = 'sk_live_Apply0123456789X';
    h = await harness({}, { apiKey: key });
    h.emu.seed([
      { model: 'gpt-4o', name: 'Plain helper' },
      { model: 'gpt-4o', name: 'SK-LIVE-APPLY0123456789X' },
      { model: 'gpt-4o', name: `Bot ${key.toUpperCase()}` },
    ]);
    const env = { OPENAI_API_KEY: key };
    for (const args of [['import'], ['import', '--dry-run'], ['import', '--format', 'json']]) {
      const r = await h.cli(args, { env });
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('refusing to import: live data holds the value of a configured credential');
      expect(r.stderr.match(/- asst_\w+: name \(in another spelling\) \(its file name would be made from it\)\n/g)).toHaveLength(2);
      expect(r.stderr).not.toContain('plain-helper');
      const said = (r.stdout + r.stderr).replace(/[^\p{L}\p{N}]+/gu, '').toLowerCase();
      expect(said).not.toContain('skliveapply0123456789x');
    }
    expect(existsSync(join(h.ws.root, 'assistants')) ? readdirSync(join(h.ws.root, 'assistants')) : []).toEqual([]);
  });
});
