// A string changed only in how it is written — Unicode normalization, an invisible character, a
// blank at the end of a line — is shown so a reviewer sees the difference: the code points that
// differ as \u{…}, and what kind of difference it is. Against the emulator on loopback.
import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { runCli } from '../helpers/cli.js';
import { createBody, makeProject } from './project.js';

const KEY = 'sk-test-look-alike-000000000000000000';
const NFC = 'Caf\u00e9 Helper';
const NFD = 'Cafe\u0301 Helper';
const PROMPT = 'You help in the caf\u00e9.\nBe brief.\nAnswer politely.\n';

let emu: RunningEmulator | undefined;
afterEach(async () => {
  await emu?.close();
  emu = undefined;
});

/** A live assistant made from `live`, and the definition `defined` of the same key; the plan in `format`. */
async function plan(live: Record<string, unknown>, defined: Record<string, unknown>, format = 'text') {
  emu = await startEmulator({ apiKey: KEY });
  emu.seed([createBody('cafe', live)]);
  const cwd = makeProject({ cafe: defined });
  const r = await runCli(['plan', '--format', format], { cwd, env: { OPENAI_BASE_URL: emu.url, OPENAI_API_KEY: KEY } });
  expect(r.code, r.stderr).toBe(0);
  return r.stdout;
}

describe('a changed string that prints alike', () => {
  it('text: a name changed only from NFC to NFD shows the code points that differ and says so', async () => {
    const out = await plan({ model: 'gpt-4o', name: NFC }, { model: 'gpt-4o', name: NFD });
    expect(out).toContain(
      '~ name: "Caf\\u{e9} Helper" → "Cafe\\u{301} Helper" (differs only in Unicode normalization (NFC → NFD); the code points that differ are shown as \\u{…})',
    );
    expect(out).toContain('Plan: 0 to create, 1 to modify');
  });

  it('markdown: the -/+ pair shows the code points, the + line says why', async () => {
    const out = await plan({ model: 'gpt-4o', name: NFC }, { model: 'gpt-4o', name: NFD }, 'markdown');
    expect(out).toContain('- name = "Caf\\u{e9} Helper"\n+ name = "Cafe\\u{301} Helper" (differs only in Unicode normalization (NFC → NFD); the code points that differ are shown as \\u{…})');
  });

  it('json carries the exact strings', async () => {
    const doc = JSON.parse(await plan({ model: 'gpt-4o', name: NFC }, { model: 'gpt-4o', name: NFD }, 'json')) as { resource_changes: Array<{ body: { name: string } }> };
    expect(doc.resource_changes[0]!.body.name).toBe(NFD);
  });

  it('a blank at the end of a line of instructions and a no-break space are shown in the line diff', async () => {
    const edited = PROMPT.replace('Be brief.', 'Be brief. ').replace('Answer politely', 'Answer\u00a0politely');
    const out = await plan({ model: 'gpt-4o', instructions: PROMPT }, { model: 'gpt-4o', instructions: edited });
    expect(out).toContain('~ instructions: (2 changed lines differ only in characters that print alike; the code points that differ are shown as \\u{…})');
    expect(out).toMatch(/- Be brief\.\n +- Answer politely\.\n +\+ Be brief\.\\u\{20\}\n +\+ Answer\\u\{a0\}politely\./);
  });

  it('a word that prints alike inside a long line is shown in the word diff', async () => {
    const long = `${'All answers are short and kind. '.repeat(4)}The caf\u00e9 opens at nine.`;
    const out = await plan({ model: 'gpt-4o', description: long }, { model: 'gpt-4o', description: long.replace('caf\u00e9', 'cafe\u0301').replace('nine', 'ten') });
    expect(out).toContain('words that print alike with the code points that differ as \\u{…}:');
    expect(out).toContain('- … answers are short and kind. The [-caf\\u{e9}-] opens at [-nine-].');
    expect(out).toContain('+ … answers are short and kind. The {+cafe\\u{301}+} opens at {+ten+}.');
  });

  it('a zero-width space says it is invisible', async () => {
    const out = await plan({ model: 'gpt-4o', name: 'Support' }, { model: 'gpt-4o', name: 'Sup\u200bport' });
    expect(out).toContain('~ name: "Support" → "Sup\\u{200b}port" (differs only in invisible characters;');
  });

  it('a metadata key replaced by one that prints alike shows both keys with the code points that differ', async () => {
    const out = await plan({ model: 'gpt-4o', metadata: { 'caf\u00e9': 'open' } }, { model: 'gpt-4o', metadata: { 'cafe\u0301': 'open' } });
    expect(out).toContain('+ "cafe\\u{301}" = "open" (key differs only in Unicode normalization (NFC → NFD); the code points that differ are shown as \\u{…})');
    expect(out).toContain('- "caf\\u{e9}" = "open" → null');
  });
});
