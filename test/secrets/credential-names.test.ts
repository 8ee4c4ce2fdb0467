// A credential the run holds inside what names a definition — its file name, its `key:`, its
// `id:`, a name-addressed agent's name — is refused before any write, naming the variable and
// never the value, in every message: the refusal, a --target's did-you-mean, the diagnostics of
// that file, validate's and plan's, text and JSON. (Redacted as data, such a key would make every
// saved plan stale and its refusal would print the key.)
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
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

  it('validate refuses what plan refuses, with the same words, exit 1: in a file name, a key: and an id: pin, and aac.yaml\'s namespace', async () => {
    h = await harness({ ok: { model: 'gpt-4o', name: 'OK' } });
    const dir = join(h.ws.root, 'assistants');
    writeFileSync(join(dir, `${API_KEY}.yaml`), 'model: gpt-4o\n');
    const refusal = 'a credential this run holds is part of what names a definition, which would print it and keep any plan from matching';
    const hint = 'rename the file or folder (or change its `key:`, `id:` or name) so no credential is in it, and rotate the credential: it is in the repository';
    const plan = await h.cli(['plan']);
    expect(plan.code).toBe(1);
    expect(plan.stderr).toContain(`${refusal}; nothing was changed:\n  - assistants/[redacted].yaml: its file name and key hold the value of OPENAI_API_KEY\n`);
    const text = await h.cli(['validate', '--no-color']);
    expect(text.code).toBe(1);
    expect(text.stdout).toBe([
      `assistants/[redacted].yaml:1:1: error: its file name and key hold the value of OPENAI_API_KEY: ${refusal}`,
      `  hint: ${hint}`,
      '1 error.',
      '1 of 2 definitions valid; fix the errors above.',
      '',
    ].join('\n'));
    // The JSON document, validate's and plan's failure, holds it located, the file named redacted.
    const expected = { severity: 'error', code: 'credential-value', file: 'assistants/[redacted].yaml', line: 1, column: 1, path: '', message: `its file name and key hold the value of OPENAI_API_KEY: ${refusal}`, hint };
    for (const argv of [['validate', '--format', 'json'], ['plan', '--format', 'json']]) {
      const r = await h.cli(argv);
      expect(r.code, argv.join(' ')).toBe(1);
      // Plan's failure adds its own entry, the refusal's words, after the places.
      expect(JSON.parse(r.stdout).diagnostics[0], argv.join(' ')).toEqual(expected);
      expect(everything(r), argv.join(' ')).not.toContain(API_KEY);
    }
    expect(writesOf(h)).toEqual([]);

    // A key: that holds it: at that field (an id: is refused by its own pattern first).
    rmSync(join(dir, `${API_KEY}.yaml`));
    writeFileSync(join(dir, 'a.yaml'), `model: gpt-4o\nkey: team/${API_KEY}\n`);
    const field = await h.cli(['validate', '--no-color']);
    expect(field.code).toBe(1);
    expect(field.stdout).toContain(`assistants/a.yaml:2:6: error: its key holds the value of OPENAI_API_KEY: ${refusal} [key]\n`);
    expect(field.stdout).toContain('1 of 2 definitions valid; fix the errors above.\n');
    expect(everything(field)).not.toContain(API_KEY);

    // aac.yaml's namespace: at its place, as plan says it.
    rmSync(join(dir, 'a.yaml'));
    writeFileSync(join(dir, 'aac.yaml'), `namespace: ns-${API_KEY}\n`);
    const namespaced = await h.cli(['validate', '--no-color'], { env: { AAC_NAMESPACE: undefined } });
    expect(namespaced.code).toBe(1);
    expect(namespaced.stdout).toContain("assistants/aac.yaml:1:12: error: namespace: holds the value of OPENAI_API_KEY: the namespace is part of what names every one of the assistants (the marker aac writes into each one's metadata on the host, where anyone who can list them reads it), so it would be sent, stored and printed [namespace]\n");
    expect(namespaced.stdout).toContain('1 of 1 definition valid, but assistants/aac.yaml has 1 error; fix the errors above.\n');
    expect(everything(namespaced)).not.toContain(API_KEY);
    const planned = await h.cli(['plan', '--no-color'], { env: { AAC_NAMESPACE: undefined } });
    expect(planned.code).toBe(1);
    expect(planned.stderr).toContain('assistants/aac.yaml:1:12: namespace: holds the value of OPENAI_API_KEY: the namespace is part of what names every one of the assistants');
    expect(writesOf(h)).toEqual([]);
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
