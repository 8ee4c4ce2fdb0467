// `aac show PLANFILE`, and the pull-request flags of `aac plan` (--changed-files, --max-chars),
// end to end: the CLI in-process, the emulator on loopback HTTP.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { runCli } from '../helpers/cli.js';
import { makeProject } from './project.js';

const KEY = 'sk-test-review-5ecret-0000000000000000';
let emu: RunningEmulator | undefined;
afterEach(async () => {
  await emu?.close();
  emu = undefined;
});

async function applied(defs: Parameters<typeof makeProject>[0]) {
  emu = await startEmulator({ apiKey: KEY });
  const cwd = makeProject(defs);
  const env = { OPENAI_BASE_URL: emu.url, OPENAI_API_KEY: KEY };
  const r = await runCli(['apply', '--yes'], { cwd, env });
  expect(r.code, r.stderr).toBe(0);
  return { cwd, env, emu };
}

describe('aac show PLANFILE', () => {
  it("names aac's other JSON documents given for a plan, and never suggests writing a plan over them", async () => {
    const { cwd, env } = await applied({ a: { model: 'gpt-4o', name: 'A' } });
    writeFileSync(join(cwd, 'assistants', 'b.yaml'), 'model: gpt-4o\nname: B\n');
    const documents: [string, string[], string][] = [
      ['result.json', ['apply', '--yes', '--format', 'json'], 'an aac apply report (`aac apply --format json`)'],
      ['valid.json', ['validate', '--format', 'json'], 'an aac validate report (`aac validate --format json`)'],
      ['failed.json', ['plan', '--format', 'json', '--target', 'nope'], 'the error document of a command that failed under `--format json`'],
      ['envs.json', ['environments', '--format', 'json'], 'an aac environments list (`aac environments --format json`)'],
      ['imported.json', ['import', '--dry-run', '--format', 'json'], 'an aac import report (`aac import --format json`)'],
      ['migrated.json', ['migrate', '--to', 'openai-agents', '--out', 'agents', '--format', 'json'], 'an aac migrate report (`aac migrate --format json`)'],
      ['plan.json', ['apply', '--yes', '--format', 'json'], 'an aac apply report (`aac apply --format json`)'],
    ];
    for (const [file, args, what] of documents) {
      const made = await runCli(args, { cwd, env });
      expect(made.stdout, args.join(' ')).toContain('"format_version"');
      writeFileSync(join(cwd, file), made.stdout);
      for (const command of ['show', 'apply']) {
        const r = await runCli([command, file], { cwd, env });
        expect([r.code, r.stdout], `${command} ${file}`).toEqual([1, '']);
        expect(r.stderr).toContain(`Error: ${file} is ${what}, not a plan${command === 'apply' ? '; nothing was changed' : ''}\n`);
        const out = file === 'plan.json' ? 'new-plan.json' : 'plan.json';
        expect(r.stderr).toContain(`make one in a file of its own with \`aac plan --out ${out}\`, then \`aac ${command} ${out}\``);
        expect(r.stderr).not.toContain(`--out ${file}`);
      }
    }
  });

  it("names Terraform's saved plan (a zip) and any binary file given for a plan, and never suggests writing a plan over them", async () => {
    const { cwd, env } = await applied({ a: { model: 'gpt-4o', name: 'A' } });
    const zip = Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x08, 0x00, 0xff, 0xfe, 0x00, 0x81]);
    const documents: [string, Buffer, string][] = [
      ['tfplan', zip, "Terraform's saved plan (`terraform plan -out` writes a zip archive), not aac's"],
      ['plan.json', zip, "Terraform's saved plan (`terraform plan -out` writes a zip archive), not aac's"],
      ['blob.bin', Buffer.from([0x00, 0xc3, 0x28, 0x01]), "a binary file, not an aac plan (aac's plan file is JSON text)"],
    ];
    for (const [file, bytes, what] of documents) {
      writeFileSync(join(cwd, file), bytes);
      for (const command of ['show', 'apply']) {
        const r = await runCli([command, file], { cwd, env });
        expect([r.code, r.stdout], `${command} ${file}`).toEqual([1, '']);
        expect(r.stderr).toContain(`Error: ${file} is ${what}${command === 'apply' ? '; nothing was changed' : ''}\n`);
        const out = file === 'plan.json' ? 'new-plan.json' : 'plan.json';
        expect(r.stderr).toContain(`make one in a file of its own with \`aac plan --out ${out}\`, then \`aac ${command} ${out}\``);
        expect(r.stderr).not.toContain('UTF-8');
      }
      expect(readFileSync(join(cwd, file))).toEqual(bytes);
    }
  });

  it("names Terraform's JSON and any other JSON object given for a plan, and never suggests writing a plan over them", async () => {
    const { cwd, env } = await applied({ a: { model: 'gpt-4o', name: 'A' } });
    const documents: [string, object, string][] = [
      ['tfplan.json', { format_version: '1.2', terraform_version: '1.9.5', planned_values: {}, resource_changes: [] }, "a document of Terraform's (`terraform show -json`: it has terraform_version)"],
      ['terraform.tfstate', { version: 4, terraform_version: '1.9.5', serial: 3, resources: [] }, "a document of Terraform's (`terraform show -json`: it has terraform_version)"],
      ['package.json', { name: 'my-project', version: '1.0.0' }, "a JSON document of none of aac's kinds (a plan has format_version and target at its top)"],
    ];
    for (const [file, doc, what] of documents) {
      writeFileSync(join(cwd, file), JSON.stringify(doc));
      for (const command of ['show', 'apply']) {
        const r = await runCli([command, file], { cwd, env });
        expect([r.code, r.stdout], `${command} ${file}`).toEqual([1, '']);
        expect(r.stderr).toContain(`Error: ${file} is ${what}, not a plan`);
        expect(r.stderr).toContain(`make one in a file of its own with \`aac plan --out plan.json\`, then \`aac ${command} plan.json\``);
        expect(r.stderr).not.toContain(`--out ${file}`);
      }
      expect(readFileSync(join(cwd, file), 'utf8')).toBe(JSON.stringify(doc));
    }
  });

  it('says a definition or aac.yaml given for a plan is one, and where a plan can be made, on show and apply', async () => {
    const { cwd, env } = await applied({ a: { model: 'gpt-4o', name: 'A' } });
    writeFileSync(join(cwd, 'assistants', 'aac.yaml'), 'namespace: review\n');
    for (const [file, what] of [['assistants/a.yaml', 'a definition'], ['assistants/aac.yaml', 'the project config']]) {
      for (const command of ['show', 'apply']) {
        const r = await runCli([command, file], { cwd, env });
        expect([r.code, r.stdout], `${command} ${file}`).toEqual([1, '']);
        expect(r.stderr).toContain(`Error: ${file} is ${what} of assistants/, not a plan file made by \`aac plan --out\``);
        expect(r.stderr).toContain(`then \`aac ${command} plan.json\``);
        // Never the way into the directory that would read it.
        expect(r.stderr).not.toContain(`--out ${file}`);
      }
    }
  });

  it("names the --dir of the directory that reads the file, when it is not the run's", async () => {
    const { cwd, env } = await applied({ a: { model: 'gpt-4o', name: 'A' } });
    mkdirSync(join(cwd, 'agents'));
    writeFileSync(join(cwd, 'agents', 'aac.yaml'), 'provider: openai-agents\nnamespace: news\n');
    writeFileSync(join(cwd, 'agents', 'news-desk.yaml'), 'model: gpt-4o\nname: news-desk\n');
    for (const command of ['show', 'apply']) {
      const r = await runCli([command, 'agents/news-desk.yaml'], { cwd, env });
      expect([r.code, r.stdout], command).toEqual([1, '']);
      expect(r.stderr).toContain('Error: agents/news-desk.yaml is a definition of agents/, not a plan file made by `aac plan --out`');
      expect(r.stderr).toContain(`make a plan outside it with \`aac plan --out plan.json --dir agents\`, then \`aac ${command} plan.json\``);
    }
  });

  it('prints a saved plan exactly as aac plan printed it, in every format, with no credentials and no requests', async () => {
    const { cwd, env, emu } = await applied({ a: { model: 'gpt-4o', name: 'A' }, b: { model: 'gpt-4o', name: 'B' } });
    writeFileSync(join(cwd, 'assistants', 'a.yaml'), 'model: gpt-4o\nname: A2\n');
    const shown: Record<string, string> = {};
    for (const format of ['text', 'markdown', 'json']) {
      const planned = await runCli(['plan', '--format', format, '--out', 'plan.json'], { cwd, env });
      expect(planned.code, planned.stderr).toBe(0);
      const before = emu.stats().total;
      const show = await runCli(['show', 'plan.json', '--format', format], { cwd });
      expect(show.code, show.stderr).toBe(0);
      expect(emu.stats().total).toBe(before);
      expect(planned.stdout.startsWith(show.stdout)).toBe(true);
      shown[format] = show.stdout;
    }
    expect(shown.text).toContain('~ a (asst_');
    expect(shown.markdown!.split('\n')[0]).toBe('**Plan: 0 to create, 1 to modify, 0 to delete, 1 unchanged.**');
    expect(shown.json).toBe(readFileSync(join(cwd, 'plan.json'), 'utf8'));
  });

  it('with --summary-max-chars, prints its view and appends the markdown view within that room to the job summary, unwrapped: one run for both', async () => {
    const { cwd, env } = await applied({ a: { model: 'gpt-4o', name: 'A' } });
    writeFileSync(join(cwd, 'assistants', 'a.yaml'), 'model: gpt-4o\nname: A2\ninstructions: |\n  ::error title=x::y\n');
    expect((await runCli(['plan', '--out', 'plan.json'], { cwd, env })).code).toBe(0);
    const summary = join(cwd, 'summary.md');
    writeFileSync(summary, '# before\n');
    const actions = { GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summary };
    const text = await runCli(['show', 'plan.json'], { cwd, env: actions });
    const markdown = await runCli(['show', 'plan.json', '--format', 'markdown', '--max-chars', '1000'], { cwd });
    const both = await runCli(['show', 'plan.json', '--summary-max-chars', '1000'], { cwd, env: actions });
    expect(both.code, both.stderr).toBe(0);
    // The log's view as without the option (each run pauses workflow commands with its own token).
    const token = /[0-9a-f]{32}/g;
    expect(both.stdout.replace(token, 'T')).toBe(text.stdout.replace(token, 'T'));
    expect(both.stdout).toContain('::stop-commands::');
    // A job summary is read, not obeyed: the markdown alone, within the room given.
    expect(readFileSync(summary, 'utf8')).toBe(`# before\n${markdown.stdout}`);
    expect(markdown.stdout).toContain('::error title=x::y');
    expect(markdown.stdout.length).toBeLessThanOrEqual(1000);
    // Outside GitHub Actions there is no summary to write; a room below a plan's least is refused.
    expect((await runCli(['show', 'plan.json', '--summary-max-chars', '1000'], { cwd })).stdout).toBe((await runCli(['show', 'plan.json'], { cwd })).stdout);
    const small = await runCli(['show', 'plan.json', '--summary-max-chars', '10'], { cwd, env: actions });
    expect([small.code, small.stderr]).toEqual([1, expect.stringContaining("--summary-max-chars must be a whole number of characters, at least 1000, not '10'")]);
  });

  it('refuses a missing argument, a missing file and a damaged one, naming it', async () => {
    const cwd = makeProject({});
    expect((await runCli(['show'], { cwd })).stderr).toContain('Error: aac show needs the plan file to show');
    const missing = await runCli(['show', 'nope.json'], { cwd });
    expect([missing.code, missing.stderr]).toEqual([1, expect.stringContaining('cannot read the plan file nope.json: no such file')]);
    writeFileSync(join(cwd, 'bad.json'), '{"format_version": "1.0"}');
    const bad = await runCli(['show', 'bad.json'], { cwd });
    expect([bad.code, bad.stderr]).toEqual([1, expect.stringMatching(/Error: bad\.json(:\d+:\d+:| is) not a valid aac plan file/)]);
  });
});

describe('aac plan --changed-files, --max-chars', () => {
  it('shows drift on definitions the change does not touch apart, in every format, in the saved plan and in show of it', async () => {
    const { cwd, env, emu } = await applied({ own: { model: 'gpt-4o', name: 'Own' }, other: { model: 'gpt-4o', name: 'Other' } });
    writeFileSync(join(cwd, 'assistants', 'own.yaml'), 'model: gpt-4o\nname: Own v2\n');
    const other = emu.resources().find((a) => a.name === 'Other')!;
    emu.mutate(other.id, { name: 'Edited in a dashboard' });
    writeFileSync(join(cwd, 'changed.txt'), 'assistants/own.yaml\nREADME.md\n');
    const r = await runCli(['plan', '--format', 'markdown', '--changed-files', 'changed.txt', '--out', 'plan.json'], { cwd, env });
    expect(r.code, r.stderr).toBe(0);
    const heading = r.stdout.indexOf('### Changed outside aac: merging reverts these');
    expect(heading).toBeGreaterThan(r.stdout.indexOf('~ <code>own</code> —'));
    expect(r.stdout.indexOf('~ <code>other</code> —')).toBeGreaterThan(heading);

    const text = await runCli(['plan', '--changed-files', 'changed.txt'], { cwd, env });
    expect(text.code, text.stderr).toBe(0);
    const textHeading = text.stdout.indexOf('Changed outside aac: these assistants differ from definitions the change under review does not touch');
    expect(textHeading).toBeGreaterThan(text.stdout.indexOf(`~ own (`));
    expect(text.stdout.indexOf(`~ other (${other.id})`)).toBeGreaterThan(textHeading);
    expect(text.stdout).toContain('1 of these changes reverts edits made outside aac to an assistant the change under review does not touch: listed last.');
    const marked = (doc: string) => Object.fromEntries(JSON.parse(doc).resource_changes.map((c: { key: string; drift?: boolean }) => [c.key, c.drift]));
    const json = await runCli(['plan', '--format', 'json', '--changed-files', 'changed.txt'], { cwd, env });
    expect(marked(json.stdout)).toEqual({ own: undefined, other: true });
    // The saved plan carries it, so show draws it as the plan did; apply reads it.
    expect(marked(readFileSync(join(cwd, 'plan.json'), 'utf8'))).toEqual({ own: undefined, other: true });
    const shown = await runCli(['show', 'plan.json'], { cwd });
    expect(shown.stdout).toContain('Changed outside aac: these assistants differ');
    expect((await runCli(['show', 'plan.json', '--format', 'markdown'], { cwd })).stdout).toContain('### Changed outside aac: merging reverts these');
    // Without --changed-files nothing is drift.
    expect(marked((await runCli(['plan', '--format', 'json'], { cwd, env })).stdout)).toEqual({ own: undefined, other: undefined });
    const apply = await runCli(['apply', '-lock=false', '--yes', 'plan.json'], { cwd, env });
    expect(apply.code, apply.stderr).toBe(0);

    // Every definition touched (the config is, too): nothing is set apart.
    writeFileSync(join(cwd, 'changed.txt'), 'assistants/aac.yaml\n');
    writeFileSync(join(cwd, 'assistants', 'aac.yaml'), 'provider: openai\n');
    const all = await runCli(['plan', '--format', 'markdown', '--changed-files', 'changed.txt'], { cwd, env });
    expect(all.stdout).not.toContain('outside aac');
  });

  it('warns when listed paths are relative to another directory than the working one, as the change would then look like drift', async () => {
    const { cwd, env } = await applied({ own: { model: 'gpt-4o', name: 'Own' } });
    writeFileSync(join(cwd, 'assistants', 'own.yaml'), 'model: gpt-4o\nname: Own v2\n');
    // Written from the project's directory (or `git diff --name-only` without --relative), read one level up.
    writeFileSync(join(cwd, 'changed.txt'), 'assistants/own.yaml\nassistants/deleted.yaml\n');
    const above = dirname(cwd);
    const project = basename(cwd);
    const r = await runCli(['plan', '--dir', `${project}/assistants`, '--changed-files', `${project}/changed.txt`], { cwd: above, env });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe([
      `Warning: --changed-files lists assistants/own.yaml, which is not there from the working directory but is from ${project}: the change's own edits to such files show as drift made outside aac`,
      '  list the paths relative to the working directory (`git -c core.quotepath=off diff --name-only --relative BASE HEAD`, run from it)',
      '',
    ].join('\n'));
    // Listed as the working directory sees them, or naming only files that are gone: nothing to say.
    writeFileSync(join(cwd, 'changed.txt'), `${project}/assistants/own.yaml\nassistants/deleted.yaml\n`);
    const right = await runCli(['plan', '--dir', `${project}/assistants`, '--changed-files', `${project}/changed.txt`], { cwd: above, env });
    expect(right.stderr).toBe('');
    expect(right.stdout).not.toContain('outside aac');
  });

  it('warns of listed paths written with \\ that name nothing where their / spelling is a file, as the change would then look like drift', async () => {
    const { cwd, env } = await applied({ 'hr/benefits': { model: 'gpt-4o', name: 'B' }, 'hr/pay': { model: 'gpt-4o', name: 'P' } });
    writeFileSync(join(cwd, 'assistants', 'hr', 'benefits.yaml'), 'model: gpt-4o\nname: B v2\n');
    // A PowerShell-made list (CRLF); a deleted file's line names nothing either way and is not said.
    writeFileSync(join(cwd, 'changed.txt'), 'assistants\\hr\\benefits.yaml\r\nassistants\\hr\\pay.yaml\r\nassistants\\hr\\gone.yaml\r\n');
    const r = await runCli(['plan', '--changed-files', 'changed.txt'], { cwd, env });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe([
      "Warning: --changed-files lists assistants\\hr\\benefits.yaml and 1 more written with `\\`, which is not there: the change's own edits to such files show as drift made outside aac",
      '  --changed-files paths use `/`: did you mean `assistants/hr/benefits.yaml`?',
      '',
    ].join('\n'));
    writeFileSync(join(cwd, 'changed.txt'), 'assistants/hr/benefits.yaml\nassistants/hr/gone.yaml\n');
    const right = await runCli(['plan', '--changed-files', 'changed.txt'], { cwd, env });
    expect([right.stderr, right.stdout]).toEqual(['', expect.not.stringContaining('outside aac')]);
  });

  it('counts an instructions file as its definition', async () => {
    const { cwd, env } = await applied({});
    writeFileSync(join(cwd, 'prompt.md'), 'Be brief.\n');
    writeFileSync(join(cwd, 'assistants', 'p.yaml'), 'model: gpt-4o\ninstructions_file: ../prompt.md\n');
    writeFileSync(join(cwd, 'changed.txt'), 'prompt.md\n');
    const r = await runCli(['plan', '--format', 'markdown', '--changed-files', 'changed.txt'], { cwd, env });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('+ <code>p</code> — create');
    expect(r.stdout).not.toContain('outside aac');
  });

  it('keeps markdown within --max-chars and the job summary gets the whole plan', async () => {
    const { cwd, env } = await applied({});
    for (let i = 0; i < 30; i++) {
      const prompt = Array.from({ length: 40 }, (_, j) => `Rule ${j} of bot ${i}: answer carefully.`).join('\n');
      writeFileSync(join(cwd, 'assistants', `bot${i}.yaml`), `model: gpt-4o\ninstructions: |\n${prompt.replace(/^/gm, '  ')}\n`);
    }
    const summary = join(cwd, 'summary.md');
    writeFileSync(summary, '');
    const r = await runCli(['plan', '--format', 'markdown', '--max-chars', '5000'], { cwd, env: { ...env, GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summary } });
    expect(r.code, r.stderr).toBe(0);
    // What the workflow posts: the output without its workflow-command lines (the pause around the plan).
    const posted = r.stdout.split('\n').filter((l) => !l.startsWith('::')).join('\n');
    expect(posted.length).toBeLessThanOrEqual(5000);
    expect(posted.split('\n')[0]).toBe('**Plan: 30 to create, 0 to modify, 0 to delete, 0 unchanged.**');
    const full = readFileSync(summary, 'utf8');
    expect(full).not.toContain('not shown');
    expect(full).toContain('Rule 39 of bot 29: answer carefully.');
  });

  it('with --markdown-out, writes the markdown within --max-chars to the file, bare, and prints the --format view: one run for the comment and the log', async () => {
    const { cwd, env } = await applied({});
    for (let i = 0; i < 30; i++) {
      const prompt = Array.from({ length: 40 }, (_, j) => `Rule ${j} of bot ${i}: answer carefully.`).join('\n');
      writeFileSync(join(cwd, 'assistants', `bot${i}.yaml`), `model: gpt-4o\ninstructions: |\n${prompt.replace(/^/gm, '  ')}\n`);
    }
    const actions = { ...env, GITHUB_ACTIONS: 'true' };
    const both = await runCli(['plan', '--out', 'plan.json', '--markdown-out', 'plan.md', '--max-chars', '5000', '--detailed-exitcode'], { cwd, env: actions });
    expect(both.code, both.stderr).toBe(2);
    // stdout: the text view, paused for the runner (a terminal or a log, not a file).
    expect(both.stdout).toMatch(/^::stop-commands::\w+\naac will perform the following actions/);
    const markdown = readFileSync(join(cwd, 'plan.md'), 'utf8');
    // The file: what `--format markdown --max-chars 5000 > FILE` prints, with no pause around it.
    const alone = await runCli(['plan', '--format', 'markdown', '--max-chars', '5000'], { cwd, env: actions, stdoutIsFile: true });
    expect(markdown).toBe(alone.stdout);
    expect(markdown.length).toBeLessThanOrEqual(5000);
    expect(markdown.split('\n')[0]).toBe('**Plan: 30 to create, 0 to modify, 0 to delete, 0 unchanged.**');
    // The saved plan shows as the file says.
    expect((await runCli(['show', 'plan.json', '--format', 'markdown', '--max-chars', '5000'], { cwd, stdoutIsFile: true })).stdout).toBe(markdown);

    const same = await runCli(['plan', '--out', 'x.json', '--markdown-out', './x.json'], { cwd, env });
    expect([same.code, same.stderr]).toEqual([1, expect.stringContaining('--out and --markdown-out both name ./x.json')]);
    const dash = await runCli(['plan', '--markdown-out', '-'], { cwd, env });
    expect([dash.code, dash.stderr]).toEqual([1, expect.stringContaining('--format markdown')]);
    const over = await runCli(['plan', '--markdown-out', 'assistants/bot0.yaml'], { cwd, env });
    expect(over.code).toBe(1);
    expect(readFileSync(join(cwd, 'assistants', 'bot0.yaml'), 'utf8')).toContain('Rule 0 of bot 0');
  });

  it('refuses a bad --max-chars, --max-chars without markdown, and an unreadable --changed-files', async () => {
    const cwd = makeProject({});
    const small = await runCli(['plan', '--format', 'markdown', '--max-chars', '50'], { cwd });
    expect([small.code, small.stderr]).toEqual([1, expect.stringContaining("--max-chars must be a whole number of characters, at least 1000, not '50'")]);
    const word = await runCli(['show', 'x.json', '--format', 'markdown', '--max-chars', 'lots'], { cwd });
    expect(word.stderr).toContain("not 'lots'");
    const text = await runCli(['plan', '--max-chars', '5000'], { cwd });
    expect(text.stderr).toContain('--max-chars applies to --format markdown only');
    expect(text.stderr).toContain('or --markdown-out FILE');
    const missing = await runCli(['plan', '--changed-files', 'nope.txt'], { cwd, env: { OPENAI_API_KEY: 'x', OPENAI_BASE_URL: 'http://127.0.0.1:9/v1' } });
    expect([missing.code, missing.stderr]).toEqual([1, expect.stringContaining('cannot read --changed-files nope.txt: no such file')]);
  });
});
