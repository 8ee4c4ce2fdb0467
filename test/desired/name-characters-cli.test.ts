// The names aac owns — keys, which go into the marker on the host as they are, and the file and
// directory names keys are made of — hold no control character (C0, DEL, C1), line break or
// invisible character, each refused with its own reason; two file paths that differ only in case
// are a warning; two that print alike are told apart in the message that names both.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { emulatedProject } from '../helpers/project.js';
import { cleanupTrees, writeTree } from './helpers.js';

afterAll(cleanupTrees);

const KEY = 'sk-test-name-characters-0000000';

describe('a control character in a name aac owns', () => {
  it('a file name with ESC, DEL, a C1 control or a line break is refused with that reason, and apply writes nothing', async () => {
    const { root, emu, cli } = await emulatedProject({ 'assistants/ok.yaml': 'model: gpt-4o\n' }, KEY);
    const names: Array<[string, string]> = [
      ['a\u001b[31mx', 'its name holds the control character U+001B, which prints as nothing or as a command to the terminal'],
      ['b\u007f', 'its name holds the control character U+007F, which prints as nothing or as a command to the terminal'],
      ['c\u009bd', 'its name holds the control character U+009B, which prints as nothing or as a command to the terminal'],
      ['e\nf', 'its name holds a line break (U+000A), which would split it across lines'],
      ['g\rh', 'its name holds a line break (U+000D), which would split it across lines'],
      ['i\u0085j', 'its name holds a line break (U+0085), which would split it across lines'],
    ];
    for (const [name] of names) writeFileSync(join(root, 'assistants', `${name}.yaml`), 'model: gpt-4o\n');
    const r = await cli(['validate']);
    expect(r.code).toBe(1);
    for (const [, reason] of names) expect(r.stdout).toContain(`error: cannot read the file: ${reason}`);
    expect(r.stdout).toContain('hint: rename it without the control character');
    expect(r.stdout).toContain('hint: rename it without the line break');
    expect(r.stdout).not.toContain('no spaces allowed');
    // Nothing raw reaches the terminal: each name is printed escaped.
    expect(r.stdout).toContain('assistants/a\\u001b[31mx.yaml:1:1: error:');
    expect(r.stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
    expect(r.stdout).toContain('6 errors.');

    const applied = await cli(['apply', '--yes']);
    expect(applied.code).toBe(1);
    expect(applied.stderr).toContain('cannot read the file: its name holds the control character U+001B');
    expect(emu.stats().byRoute['POST /assistants']).toBeUndefined();
    expect(emu.resources()).toEqual([]);
  });

  it('a directory name with one refuses the files below it', async () => {
    const root = writeTree({ 'assistants/te\u0007am/a.yaml': 'model: gpt-4o\n', 'assistants/ok.yaml': 'model: gpt-4o\n' });
    const r = await runCli(['validate', '--no-color'], { cwd: root });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('assistants/te\\u0007am/a.yaml:1:1: error: cannot read the file: its name holds the control character U+0007');
  });

  it('an explicit key: each kind named for what it is, once, not as a space', async () => {
    const root = writeTree({
      'assistants/a.yaml': 'model: gpt-4o\nkey: "a\\e[31mx"\n',
      'assistants/b.yaml': 'model: gpt-4o\nkey: "a\\nb"\n',
      'assistants/c.yaml': 'model: gpt-4o\nkey: "a\\u0085b"\n',
      'assistants/d.yaml': 'model: gpt-4o\nkey: "a\\u0000b"\n',
      'assistants/e.yaml': 'model: gpt-4o\nkey: "a\\u200bb"\n',
      'assistants/f.yaml': 'model: gpt-4o\nkey: "a\\tb"\n',
    });
    const r = await runCli(['validate', '--format', 'json'], { cwd: root });
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout) as { diagnostics: Array<{ file: string; code: string; message: string; hint: string }> };
    expect(doc.diagnostics.map((d) => `${d.file} ${d.code} ${d.message} / ${d.hint}`)).toEqual([
      "assistants/a.yaml invalid-key the key 'a\\u001b[31mx' is not valid: it holds the control character U+001B, which prints as nothing or as a command to the terminal / retype the key without the control character",
      "assistants/b.yaml invalid-key the key 'a\\u000ab' is not valid: it holds a line break (U+000A), which would split it across lines / retype the key without the line break",
      "assistants/c.yaml invalid-key the key 'a\\u0085b' is not valid: it holds a line break (U+0085), which would split it across lines / retype the key without the line break",
      "assistants/d.yaml invalid-key the key 'a\\u0000b' is not valid: it holds the control character U+0000, which prints as nothing or as a command to the terminal / retype the key without the control character",
      "assistants/e.yaml invalid-key the key 'a\\u200bb' is not valid: it holds the invisible character U+200B, which makes it read as another key / retype the key without the invisible character",
      "assistants/f.yaml invalid-key the key 'a\tb' is not valid: it holds a tab (U+0009), which reads as spaces / retype the key without the tab",
    ]);
  });
});

describe('an emoji ZWJ sequence in a name', () => {
  it('is one character, accepted and printed as written; a joiner anywhere else is still refused', async () => {
    const family = '\u{1F468}\u200d\u{1F469}\u200d\u{1F467}';
    const coder = '\u{1F469}\u{1F3FD}\u200d\u{1F4BB}';
    const { cli } = await emulatedProject({ [`assistants/${family}.yaml`]: 'model: gpt-4o\n', [`assistants/${coder}/a.yaml`]: `model: gpt-4o\nkey: "\u2764\ufe0f\u200d\u{1F525}"\n` }, KEY);
    const ok = await cli(['validate']);
    expect(ok.stderr + ok.stdout).not.toContain('invisible');
    expect(ok.code, ok.stderr + ok.stdout).toBe(0);
    const plan = await cli(['plan']);
    expect(plan.code, plan.stderr).toBe(0);
    expect(plan.stdout).toContain(`+ ${family}`);
    expect(plan.stdout).toContain('+ \u2764\ufe0f\u200d\u{1F525}');
    expect(plan.stdout).not.toContain('\\u200d');
    // A joiner not between two pictographs hides in the name: refused as before.
    for (const name of ['a\u200db', `${family}\u200d`, `\u200d${family}`, '\u{1F468}\u200d\u200d\u{1F469}']) {
      const bad = writeTree({ [`assistants/${name}.yaml`]: 'model: gpt-4o\n' });
      const r = await runCli(['validate', '--no-color'], { cwd: bad });
      expect(r.code, name).toBe(1);
      expect(r.stdout).toContain('its name holds the invisible character U+200D, which makes it read as another name');
    }
  });
});

describe('a name a Windows checkout cannot hold', () => {
  it('is a warning naming the file (or the directory, once) and the rename that keeps the key; validate and plan still pass', async () => {
    const { cli } = await emulatedProject({
      'assistants/a:b.yaml': 'model: gpt-4o\n',
      'assistants/CON.yaml': 'model: gpt-4o\n',
      'assistants/team/nul.txt.yaml': 'model: gpt-4o\nkey: kept\n',
      'assistants/x|y/one.yaml': 'model: gpt-4o\n',
      'assistants/x|y/two.yaml': 'model: gpt-4o\n',
      'assistants/ok.yaml': 'model: gpt-4o\n',
      // Not a device name: only the whole name before its first `.` is.
      'assistants/console.yaml': 'model: gpt-4o\n',
    }, KEY);
    const r = await cli(['validate']);
    expect(r.code, r.stdout).toBe(0);
    expect(r.stdout).toBe([
      'assistants/CON.yaml:1:1: warning: `CON` names a device on Windows, whatever extension follows it: this repository cannot be checked out there, and a clone there lacks this file',
      "  hint: rename the file to a name that is no device's; its key is its path, so give it `key: \"CON\"` to keep the key of its assistant",
      // Four of a kind, each saying its own rename: each whole, as in --format json (below).
      'assistants/a:b.yaml:1:1: warning: `:` cannot appear in a file name on Windows: this repository cannot be checked out there, and a clone there lacks this file',
      '  hint: rename the file without the `:`; its key is its path, so give it `key: \"a:b\"` to keep the key of its assistant',
      'assistants/team/nul.txt.yaml:1:1: warning: `nul` names a device on Windows, whatever extension follows it: this repository cannot be checked out there, and a clone there lacks this file',
      "  hint: rename the file to a name that is no device's",
      'assistants/x|y/one.yaml:1:1: warning: `|` cannot appear in a file name on Windows (the directory assistants/x|y): this repository cannot be checked out there, and a clone there lacks the assistants below it',
      '  hint: rename the directory without the `|`; a definition below it whose key is its path needs a `key:` to keep the key of its assistant',
      '4 warnings.',
      '7 definitions valid.',
      '',
    ].join('\n'));
    const json = await cli(['validate', '--format', 'json']);
    expect((JSON.parse(json.stdout) as { diagnostics: Array<Record<string, unknown>> }).diagnostics.map((d) => [d.file, d.message, d.hint])).toEqual([
      ['assistants/CON.yaml', '`CON` names a device on Windows, whatever extension follows it: this repository cannot be checked out there, and a clone there lacks this file', "rename the file to a name that is no device's; its key is its path, so give it `key: \"CON\"` to keep the key of its assistant"],
      ['assistants/a:b.yaml', '`:` cannot appear in a file name on Windows: this repository cannot be checked out there, and a clone there lacks this file', "rename the file without the `:`; its key is its path, so give it `key: \"a:b\"` to keep the key of its assistant"],
      ['assistants/team/nul.txt.yaml', '`nul` names a device on Windows, whatever extension follows it: this repository cannot be checked out there, and a clone there lacks this file', "rename the file to a name that is no device's"],
      ['assistants/x|y/one.yaml', '`|` cannot appear in a file name on Windows (the directory assistants/x|y): this repository cannot be checked out there, and a clone there lacks the assistants below it', 'rename the directory without the `|`; a definition below it whose key is its path needs a `key:` to keep the key of its assistant'],
    ]);
    const plan = await cli(['plan']);
    expect(plan.code, plan.stderr).toBe(0);
    expect(plan.stderr).toContain('  hint: rename the file without the `:`; its key is its path, so give it `key: "a:b"` to keep the key of its assistant\n');
  });
});

describe('a file a definition names by a path a Windows checkout cannot hold', () => {
  it('is a warning at the instructions_file or $ref that names it, with the directory or file and the rename', async () => {
    const root = writeTree({
      'assistants/bot.yaml': 'model: gpt-4o\ninstructions_file: ../prompts/CON.md\ntools:\n  - $ref: ../shared/a:b/tool.yaml\n',
      'assistants/ok.yaml': 'model: gpt-4o\ninstructions_file: ../prompts/fine.md\n',
      'prompts/CON.md': 'Be brief.\n',
      'prompts/fine.md': 'Be brief.\n',
      'shared/a:b/tool.yaml': 'type: code_interpreter\n',
    });
    const r = await runCli(['validate', '--no-color'], { cwd: root });
    expect(r.code, r.stdout).toBe(0);
    expect(r.stdout).toBe([
      'assistants/bot.yaml:2:20: warning: `CON` names a device on Windows, whatever extension follows it (the file ../prompts/CON.md that instructions_file names): this repository cannot be checked out there, and a clone there lacks it [instructions_file]',
      "  hint: rename the file to a name that is no device's, and instructions_file with it",
      'assistants/bot.yaml:4:11: warning: `:` cannot appear in a file name on Windows (the directory ../shared/a:b that $ref names): this repository cannot be checked out there, and a clone there lacks the files below it [tools[0].$ref]',
      '  hint: rename the directory without the `:`, and $ref with it',
      '2 warnings.',
      '2 definitions valid.',
      '',
    ].join('\n'));
  });
});

describe('two file paths that differ only in case', () => {
  it('are a warning naming both (a file, or a directory on the way); validate and plan keep their exit codes', async () => {
    const { cli } = await emulatedProject({
      'assistants/A.yaml': 'model: gpt-4o\n',
      'assistants/a.yaml': 'model: gpt-4o\n',
      'assistants/Team/x.yaml': 'model: gpt-4o\n',
      'assistants/team/y.yaml': 'model: gpt-4o\n',
      'assistants/b.yaml': 'model: gpt-4o\n',
      'assistants/B.yml': 'model: gpt-4o\n',
    }, KEY);
    const r = await cli(['validate']);
    expect(r.code, r.stdout).toBe(0);
    expect(r.stdout).toBe(
      'assistants/a.yaml:1:1: warning: assistants/a.yaml and assistants/A.yaml differ only in case: a clone on a case-insensitive file system (macOS, Windows) holds one file for both, so a plan there misses one of the two assistants (and --prune would delete it)\n' +
        '  hint: rename one of the files so that the two names differ in more than case\n' +
        'assistants/team/y.yaml:1:1: warning: the directories assistants/team and assistants/Team (of assistants/Team/x.yaml) differ only in case: a clone on a case-insensitive file system (macOS, Windows) puts the files of both in one directory, so a plan there gives some assistants other keys (and --prune would delete those of the keys they had)\n' +
        '  hint: rename one of the directories so that the two names differ in more than case\n' +
        '2 warnings.\n' +
        '6 definitions valid.\n',
    );
    const plan = await cli(['plan', '--detailed-exitcode', '--format', 'json']);
    expect(plan.code, plan.stderr).toBe(2);
    expect((JSON.parse(plan.stdout) as { summary: { create: number } }).summary.create).toBe(6);
    expect(plan.stderr).toContain('warning: assistants/a.yaml and assistants/A.yaml differ only in case');
  });
});

describe('two files whose paths print alike', () => {
  it('are told apart in the message, with the code points that differ escaped', async () => {
    const nfc = 'caf\u00e9';
    const nfd = 'cafe\u0301';
    const root = writeTree({
      [`assistants/${nfc}.yaml`]: 'model: gpt-4o\n',
      [`assistants/${nfd}.yaml`]: 'model: gpt-4o\n',
      [`assistants/d/${nfc}.yaml`]: 'model: gpt-4o\nkey: same\n',
      [`assistants/d/${nfd}.yaml`]: 'model: gpt-4o\nkey: same\n',
    });
    const r = await runCli(['validate', '--format', 'json'], { cwd: root });
    expect(r.code).toBe(1);
    const messages = (JSON.parse(r.stdout) as { diagnostics: Array<{ message: string }> }).diagnostics.map((d) => d.message);
    const [first, second] = [nfc, nfd].sort();
    const escaped = (s: string) => (s === nfc ? 'caf\\u{e9}' : 'cafe\\u{301}');
    expect(messages).toEqual([
      `the key '${escaped(second!)}' (in assistants/${escaped(second!)}.yaml) prints like the key '${escaped(first!)}' of assistants/${escaped(first!)}.yaml; it differs only in Unicode normalization (${second === nfc ? 'NFD → NFC' : 'NFC → NFD'}), and the code points that differ are shown as \\u{…}`,
      `the key 'same' (in assistants/d/${escaped(second!)}.yaml) is already used by assistants/d/${escaped(first!)}.yaml; the code points that differ are shown as \\u{…}`,
    ]);
  });

  it('paths that print differently are named as before', async () => {
    const root = writeTree({ 'assistants/a.yaml': 'model: gpt-4o\n', 'assistants/b.yaml': 'model: gpt-4o\nkey: a\n' });
    const r = await runCli(['validate', '--format', 'json'], { cwd: root });
    expect((JSON.parse(r.stdout) as { diagnostics: Array<{ message: string }> }).diagnostics.map((d) => d.message)).toEqual(["the key 'a' is already used by assistants/a.yaml"]);
  });
});
