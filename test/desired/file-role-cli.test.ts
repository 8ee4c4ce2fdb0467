// A file that is not YAML text — binary, not UTF-8, several documents, too large — is refused at
// the byte or line it is about, in the words of what the file is for: aac.yaml is the project
// config, a fragment is included by a $ref, an instructions file holds a prompt. None of them is
// told what a definition must be.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { MAX_FILE_BYTES } from '../../src/yaml/source.js';
import { runCli } from '../helpers/cli.js';
import { testDir } from '../helpers/each-test.js';

const KEY = 'sk-test-file-bytes-0000000000000000';
let emu: RunningEmulator;
let cwd: string;
beforeEach(async () => {
  emu = await startEmulator({ apiKey: KEY });
  cwd = testDir('aac-file-bytes-');
  mkdirSync(join(cwd, '.git'));
  mkdirSync(join(cwd, 'assistants'));
  writeFileSync(join(cwd, 'assistants', 'bot.yaml'), 'model: gpt-4o\n');
});
afterEach(() => emu.close());

const write = (rel: string, content: string | Buffer) => writeFileSync(join(cwd, rel), content);
const plan = () => runCli(['plan', '--no-color'], { cwd, env: { OPENAI_BASE_URL: emu.url, OPENAI_API_KEY: KEY } });

describe('aac.yaml that is not YAML text', () => {
  it.each([
    ['binary', Buffer.from('provider: openai\nnamespace: a\x00b\n', 'latin1'), 'assistants/aac.yaml:2:13: error: this is a binary file, not YAML (NUL byte at offset 29)', 'aac.yaml is the project config, UTF-8 YAML text'],
    ['not UTF-8', Buffer.from('provider: openai\nnamespace: caf\xe9\n', 'latin1'), 'assistants/aac.yaml:2:15: error: the file is not valid UTF-8 (byte 0xe9 at offset 31)', 'save the file as UTF-8'],
    ['two documents', 'provider: openai\n---\nnamespace: a\n', 'assistants/aac.yaml:2:1: error: the file holds 2 YAML documents; aac.yaml, the project config, is one document', 'merge the settings into one mapping'],
    ['too large', `provider: openai\n${'#'.repeat(MAX_FILE_BYTES)}\n`, 'assistants/aac.yaml:1:1: error: cannot read the project config: it is', 'aac.yaml holds only settings'],
  ])('%s: located, and told what aac.yaml is', async (_name, content, error, hint) => {
    write('assistants/aac.yaml', content);
    const r = await plan();
    expect(r.code).toBe(1);
    expect(r.stdout + r.stderr).toContain(error);
    expect(r.stdout + r.stderr).toContain(`hint: ${hint}`);
    // Nothing said of what a definition must be.
    expect(r.stdout + r.stderr).not.toMatch(/definitions are|one definition per file|a definition is|definitions directory/);
    // Nothing was asked of the host: the config decides where the requests would go.
    expect(emu.stats().total).toBe(0);
  });
});

describe('other files that are not what they must be', () => {
  it('a binary fragment is told what a fragment is', async () => {
    write('assistants/bot.yaml', 'model: gpt-4o\ntools: { $ref: "_tools.yaml#/tools" }\n');
    write('assistants/_tools.yaml', Buffer.from([0x74, 0x6f, 0x00]));
    const r = await plan();
    expect(r.stdout + r.stderr).toContain('assistants/_tools.yaml:1:3: error: this is a binary file, not YAML (NUL byte at offset 2)');
    expect(r.stdout + r.stderr).toContain('hint: a fragment is UTF-8 YAML text: point the $ref at one');
  });

  it('an instructions file too large is told to shorten it, not to use an instructions file', async () => {
    write('assistants/bot.yaml', 'model: gpt-4o\ninstructions_file: prompt.md\n');
    write('assistants/prompt.md', 'x'.repeat(4 * 256_000 + 4097));
    const r = await plan();
    expect(r.stdout + r.stderr).toMatch(/cannot read instructions_file 'prompt.md': it is \d+ bytes/);
    expect(r.stdout + r.stderr).toContain('hint: the API allows at most 256000 characters of instructions: shorten the file');
  });
});
