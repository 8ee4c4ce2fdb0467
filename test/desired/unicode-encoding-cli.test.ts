// A file saved as UTF-16 or UTF-32 (PowerShell 5's `>` and `Out-File`, Notepad's "Unicode": each with
// a byte order mark) is told what it is and to save it as UTF-8, whichever file it is: a
// definition, aac.yaml, a fragment, an overlay, an instructions file, .aacignore, a saved plan, the
// emulator's --state. Never "a binary file" to move out. A UTF-8 byte order mark is dropped by
// every reader, a saved plan's too.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { runCli } from '../helpers/cli.js';
import { testDir } from '../helpers/each-test.js';

const KEY = 'sk-test-unicode-encoding-000000000';
let emu: RunningEmulator;
let cwd: string;
beforeEach(async () => {
  emu = await startEmulator({ apiKey: KEY });
  cwd = testDir('aac-encoding-');
  mkdirSync(join(cwd, '.git'));
  write('assistants/bot.yaml', 'model: gpt-4o\n');
});
afterEach(() => emu.close());

const write = (rel: string, content: string | Buffer) => {
  mkdirSync(dirname(join(cwd, rel)), { recursive: true });
  writeFileSync(join(cwd, rel), content);
};
const env = () => ({ OPENAI_BASE_URL: emu.url, OPENAI_API_KEY: KEY });
const run = (args: string[]) => runCli([...args, '--no-color'], { cwd, env: env() });

/** `text` as each encoding writes it, with its byte order mark. */
const ENCODINGS: Array<[string, (text: string) => Buffer]> = [
  ['UTF-16 (little-endian)', (t) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(t, 'utf16le')])],
  ['UTF-16 (big-endian)', (t) => Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(t, 'utf16le').swap16()])],
  ['UTF-32 (little-endian)', (t) => Buffer.concat([Buffer.from([0xff, 0xfe, 0, 0]), ...[...t].map((c) => { const b = Buffer.alloc(4); b.writeUInt32LE(c.codePointAt(0)!); return b; })])],
  ['UTF-32 (big-endian)', (t) => Buffer.concat([Buffer.from([0, 0, 0xfe, 0xff]), ...[...t].map((c) => { const b = Buffer.alloc(4); b.writeUInt32BE(c.codePointAt(0)!); return b; })])],
];

const HINT = 'save it as UTF-8';

describe.each(ENCODINGS)('a %s file', (name, encode) => {
  const said = `${name} text, not UTF-8 (by its byte order mark)`;
  const expectTold = (out: string, where: string) => {
    expect(out).toContain(where);
    expect(out).toContain(said);
    expect(out).toContain(HINT);
    expect(out).not.toMatch(/binary|move other files out/);
  };

  it('a definition, aac.yaml, a fragment and an overlay are each located at 1:1', async () => {
    write('assistants/bot.yaml', encode('model: gpt-4o\n'));
    let r = await run(['validate']);
    expect(r.code).toBe(1);
    expectTold(r.stdout + r.stderr, 'assistants/bot.yaml:1:1: error: the file is');

    write('assistants/bot.yaml', 'model: gpt-4o\ntools: { $ref: "_tools.yaml#/tools" }\n');
    write('assistants/_tools.yaml', encode('tools: []\n'));
    r = await run(['validate']);
    expect(r.code).toBe(1);
    expectTold(r.stdout + r.stderr, 'assistants/_tools.yaml:1:1: error: the file is');

    write('assistants/bot.yaml', 'model: gpt-4o\n');
    write('assistants/aac.yaml', encode('namespace: support\n'));
    r = await run(['plan']);
    expect(r.code).toBe(1);
    expectTold(r.stdout + r.stderr, 'assistants/aac.yaml:1:1: error: the file is');
    expect(emu.stats().total).toBe(0);

    write('assistants/aac.yaml', 'namespace: support\nenvironments:\n  prod: {}\n');
    write('assistants/overlays/prod/bot.yaml', encode('temperature: 0.5\n'));
    r = await run(['validate', '--env', 'prod']);
    expect(r.code).toBe(1);
    expectTold(r.stdout + r.stderr, 'assistants/overlays/prod/bot.yaml:1:1: error: the file is');
  });

  it('an instructions file is named at its field', async () => {
    write('assistants/bot.yaml', 'model: gpt-4o\ninstructions_file: prompt.md\n');
    write('assistants/prompt.md', encode('Be brief.\n'));
    const r = await run(['validate']);
    expect(r.code).toBe(1);
    expectTold(r.stdout + r.stderr, `assistants/bot.yaml:2:20: error: instructions_file 'prompt.md' is ${said}`);
  });

  it('.aacignore, a saved plan and the emulator state are refused with the fix', async () => {
    write('assistants/.aacignore', encode('drafts/\n'));
    let r = await run(['validate']);
    expect(r.code).toBe(1);
    expectTold(r.stderr, 'cannot read assistants/.aacignore: it is');

    write('plan.json', encode('{}'));
    for (const command of [['show', 'plan.json'], ['apply', 'plan.json', '--yes']]) {
      r = await run(command);
      expect(r.code).toBe(1);
      expectTold(r.stderr, 'cannot read the plan file plan.json: it is');
    }

    write('state.json', encode('{}'));
    r = await runCli(['emulator', '--port', '0', '--state', 'state.json'], { cwd });
    expect(r.code).toBe(1);
    expectTold(r.stderr, `cannot read the emulator state file ${join(cwd, 'state.json')}: it is`);
    // Refused, never replaced.
    expect(readFileSync(join(cwd, 'state.json'))).toEqual(encode('{}'));
  });
});

describe('a UTF-8 byte order mark', () => {
  it('is dropped from a saved plan as from every other file: show and apply read it', async () => {
    write('assistants/bot.yaml', '\ufeffmodel: gpt-4o\n');
    let r = await run(['plan', '--out', 'plan.json']);
    expect(r.code).toBe(0);
    write('plan.json', `\ufeff${readFileSync(join(cwd, 'plan.json'), 'utf8')}`);
    r = await run(['show', 'plan.json']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('bot');
    r = await run(['apply', 'plan.json', '--yes']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(emu.stats().total).toBeGreaterThan(0);
  });
});
