// A credential the run holds inside what names a definition — its file name, its `key:`, its
// `id:`, a name-addressed agent's name — is refused before any write, naming the variable and
// never the value, in every message: the refusal, a --target's did-you-mean, the diagnostics of
// that file, validate's and plan's, text and JSON. (Redacted as data, such a key would make every
// saved plan stale and its refusal would print the key.)
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator } from '../../src/emulator/index.js';
import { API_KEY, harness, type Harness } from '../apply/helpers.js';
import { runCli, type CliResult } from '../helpers/cli.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const writesOf = (hh: Harness) => Object.keys(hh.emu.stats().byRoute).filter((r) => !r.startsWith('GET'));
const everything = (r: CliResult) => r.stdout + r.stderr;

describe('a credential in what names a definition', () => {
  it('in a file name: plan and apply refuse before any write, naming OPENAI_API_KEY and never the value', async () => {
    h = await harness({ ok: { model: 'gpt-4o', name: 'OK' } });
    const dir = join(h.ws.root, 'assistants');
    writeFileSync(join(dir, `${API_KEY}.yaml`), 'model: gpt-4o\n');
    for (const argv of [['plan'], ['plan', '--format', 'json'], ['plan', '--out', 'plan.json'], ['apply', '--yes'], ['plan', '--target', API_KEY.slice(0, -1)]]) {
      const r = await h.cli(argv);
      expect(r.code, argv.join(' ')).toBe(1);
      expect(everything(r), argv.join(' ')).not.toContain(API_KEY);
      expect(r.stderr).toContain('assistants/[redacted].yaml: its file name and key hold the value of OPENAI_API_KEY');
      expect(r.stderr).toContain('rename the file');
    }
    expect(writesOf(h)).toEqual([]);

    // The diagnostics of that file, in validate and plan, text and JSON, name it redacted.
    writeFileSync(join(dir, `${API_KEY}.yaml`), 'model: gpt-4o\ntemprature: 1\n');
    for (const argv of [['validate'], ['validate', '--format', 'json'], ['plan'], ['plan', '--format', 'json']]) {
      const r = await h.cli(argv);
      expect(r.code, argv.join(' ')).toBe(1);
      expect(everything(r), argv.join(' ')).not.toContain(API_KEY);
      expect(everything(r)).toContain('[redacted].yaml');
    }
  });

  it('in the definitions directory\'s own name: said as a folder of the path, not the file name, with the folder to rename', async () => {
    h = await harness({ ok: { model: 'gpt-4o', name: 'OK' } });
    const dir = join(h.ws.root, `defs-${API_KEY}`);
    mkdirSync(dir);
    writeFileSync(join(dir, 'aac.yaml'), 'namespace: team\n');
    writeFileSync(join(dir, 'a.yaml'), 'model: gpt-4o\n');
    const r = await h.cli(['plan', '--dir', dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('defs-[redacted]/a.yaml: its path (a folder above the file) holds the value of OPENAI_API_KEY');
    expect(r.stderr).toContain('rename the file or folder');
    expect(everything(r)).not.toContain(API_KEY);
    expect(writesOf(h)).toEqual([]);
  });

  it('in a key: or an id: pin, and in a name-addressed agent name: refused the same way', async () => {
    h = await harness();
    const dir = join(h.ws.root, 'assistants');
    writeFileSync(join(dir, 'a.yaml'), `key: team/${API_KEY}\nmodel: gpt-4o\n`);
    const byKey = await h.cli(['plan']);
    expect(byKey.code).toBe(1);
    expect(byKey.stderr).toContain('assistants/a.yaml: its key holds the value of OPENAI_API_KEY');
    expect(everything(byKey)).not.toContain(API_KEY);

    writeFileSync(join(dir, 'a.yaml'), `id: asst_${API_KEY}\nmodel: gpt-4o\n`);
    // Not an id the API could have (a hyphen): refused by its check, whose message is redacted too.
    for (const format of ['text', 'json']) {
      const byId = await h.cli(['plan', '--format', format]);
      expect(byId.code).toBe(1);
      expect(everything(byId)).toContain('[redacted]');
      expect(everything(byId)).not.toContain(API_KEY);
    }

    // Agent names are lower-case letters, digits and hyphens: so is this token.
    const token = 'tok-for-foundry-agents-0123';
    const emu = await startEmulator({ provider: 'foundry-agents', apiKey: token });
    try {
      const fa = join(h.ws.root, 'fa');
      mkdirSync(fa);
      writeFileSync(join(fa, 'bot.yaml'), `name: agent-${token}\ndefinition: {kind: prompt, model: gpt-4o}\n`);
      const env = { AZURE_AI_PROJECT_ENDPOINT: emu.url, AAC_FOUNDRY_TOKEN: token };
      const named = await runCli(['plan', '--dir', 'fa', '--provider', 'foundry-agents'], { cwd: h.ws.root, env });
      expect(named.code).toBe(1);
      expect(named.stderr).toContain('fa/bot.yaml: its name holds the value of AAC_FOUNDRY_TOKEN');
      expect(everything(named)).not.toContain(token);
    } finally {
      await emu.close();
    }
  });
});
