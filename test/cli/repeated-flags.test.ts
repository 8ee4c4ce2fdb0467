// The commands aac suggests next (`aac apply FILE` after `plan --out`, `aac plan`/`aac apply` after
// an import) repeat the flags that chose what this run read, quoted for a shell: run as printed,
// they work; the bare command would read another directory, namespace or provider.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { API_KEY, harness, type Harness } from '../apply/helpers.js';
import { END_TO_END, runCli, TEST_NAMESPACE } from '../helpers/cli.js';
import { repeatedFlags } from '../../src/render/command-line.js';
import { pathWord, shellWord } from '../../src/util/shell-word.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

/** The words of a command line as a POSIX shell splits it (the shell itself does the splitting). */
function shellSplit(line: string): string[] {
  const script = 'eval "set -- $0"; for w in "$@"; do printf "%s\\0" "$w"; done';
  return execFileSync('sh', ['-c', script, line], { encoding: 'utf8' }).split('\0').slice(0, -1);
}

describe('shellWord and repeatedFlags', () => {
  it('a shell reads every value back unchanged', () => {
    for (const s of ['bots', 'my bots', "it's", '$HOME `id` "q" \\ *', 'team-a/support', '']) {
      expect(shellSplit(`x ${shellWord(s)}`)).toEqual(['x', s]);
    }
  });

  it('writes a path that begins with - so that no parser takes it for an option', () => {
    expect(shellSplit(`aac apply ${pathWord('-p.json')}`)).toEqual(['aac', 'apply', './-p.json']);
    expect(repeatedFlags({ dir: '-bots', namespace: 'a' })).toBe(' --dir ./-bots --namespace a');
    expect(pathWord('/tmp/-p.json')).toBe('/tmp/-p.json');
  });

  it('leaves out the default directory and what was not given', () => {
    expect(repeatedFlags({ dir: 'assistants' })).toBe('');
    expect(repeatedFlags({ dir: 'my bots', namespace: 'team-a', provider: 'zerobot' })).toBe(" --dir 'my bots' --namespace team-a --provider zerobot");
  });
});

describe('the suggested commands, run as printed', () => {
  it('plan --out: the apply it suggests repeats --dir, --namespace and --provider, and applies', async () => {
    h = await harness();
    mkdirSync(join(h.ws.root, 'my bots'));
    writeFileSync(join(h.ws.root, 'my bots', 'a.yaml'), 'model: gpt-4o\n');
    const plan = await h.cli(['plan', '--dir', 'my bots', '--namespace', 'team-a', '--provider', 'openai', '--out', 'the plan.json']);
    expect(plan.code, plan.stderr).toBe(0);
    const line = /run: (aac apply .*)$/m.exec(plan.stdout)?.[1];
    expect(line).toBe("aac apply 'the plan.json' --dir 'my bots' --namespace team-a --provider openai");
    // Without the flags, apply reads another directory and namespace and refuses the plan.
    expect((await h.cli(['apply', 'the plan.json'])).code).toBe(1);
    const applied = await h.cli(shellSplit(line!).slice(1));
    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.stdout).toContain('Apply complete: 1 created');
  });

  it('import: the plan and apply it suggests repeat --dir; --provider, recorded in aac.yaml, is not repeated', async () => {
    h = await harness();
    h.emu.seed([{ model: 'gpt-4o', name: 'Hand Made' }]);
    const r = await h.cli(['import', '--dir', 'my bots', '--provider', 'openai']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Recorded (the namespace and )?the provider in my bots\/aac\.yaml/);
    expect(r.stdout).toContain("run `aac plan --dir 'my bots'`");
    expect(r.stdout).toContain("then `aac apply --yes --dir 'my bots'`");
    const plan = await h.cli(shellSplit("plan --dir 'my bots'"));
    expect(plan.stdout).toContain('adopt');
    // Imported again before the apply: the file already pins it, and the apply that adopts it is named with --dir.
    const again = await h.cli(['import', '--dir', 'my bots']);
    expect(again.stdout).toContain("(id pinned; `aac apply --yes --dir 'my bots'` adopts it); not overwritten");
  });
});

describe('every command aac suggests carries the run\'s options', () => {
  it('a damaged, missing or too new plan file: the plan to make again is the real command, with the file and the flags', async () => {
    h = await harness();
    mkdirSync(join(h.ws.root, 'my bots'));
    writeFileSync(join(h.ws.root, 'my bots', 'a.yaml'), 'model: gpt-4o\n');
    const flags = "--dir 'my bots' --namespace team-a";
    writeFileSync(join(h.ws.root, 'bad plan.json'), '{');
    const damaged = await h.cli(['apply', 'bad plan.json', ...shellSplit(flags)]);
    expect(damaged.code).toBe(1);
    expect(damaged.stderr).toContain(`make a new one with \`aac plan --out 'bad plan.json' ${flags}\``);
    // show takes no --namespace: its hint repeats what it was given.
    const missing = await h.cli(['show', 'gone.json', '--dir', 'my bots']);
    expect(missing.stderr).toContain("make one with `aac plan --out gone.json --dir 'my bots'`");
    const dashed = await h.cli(['show', '--', '-gone.json']);
    expect(dashed.stderr).toContain('make one with `aac plan --out ./-gone.json`');
    // A directory is no plan file, and aac plan --out cannot write one there: no such suggestion;
    // it holds definitions, so the plan of that directory is (terraform apply DIR's habit).
    const directory = await h.cli(['show', 'my bots']);
    expect(directory.stderr).toContain('cannot read the plan file my bots: it is a directory, not a regular file');
    expect(directory.stderr).not.toContain('aac plan --out');
    expect(directory.stderr).toContain("did you mean `aac plan --dir 'my bots'`?");
    const made = await h.cli(['plan', '--out', 'p.json', ...shellSplit(flags)]);
    expect(made.code, made.stderr).toBe(0);
    const doc = JSON.parse(readFileSync(join(h.ws.root, 'p.json'), 'utf8')) as Record<string, unknown>;
    writeFileSync(join(h.ws.root, 'p.json'), JSON.stringify({ ...doc, format_version: '2.0' }));
    const newer = await h.cli(['apply', 'p.json', ...shellSplit(flags)]);
    expect(newer.stderr).toContain(`make the plan again with this version of aac: \`aac plan --out p.json ${flags}\``);
    // Run as printed, the suggestion makes a plan file that applies.
    const again = await h.cli(shellSplit(`plan --out 'bad plan.json' ${flags}`));
    expect(again.code, again.stderr).toBe(0);
    expect((await h.cli(['apply', 'bad plan.json', ...shellSplit(flags)])).stdout).toContain('Apply complete: 1 created');
  });

  it('a missing plan file: the plan to make repeats the environment and the planning options the apply was given, and applies as printed', END_TO_END, async () => {
    h = await harness({ a: { model: 'gpt-4o', name: 'A' }, b: { model: 'gpt-4o', name: 'B' } });
    writeFileSync(join(h.ws.root, 'assistants', 'aac.yaml'), `environments:\n  dev: { endpoint: 'http://127.0.0.1:9/v1' }\n  prod: { endpoint: '${h.emu.url}' }\n`);
    // The endpoint prod writes, not the harness's variable, which would override it for every environment.
    h = { ...h, cli: (argv, opts = {}) => runCli(argv, { cwd: h!.ws.root, env: { OPENAI_API_KEY: API_KEY, ...opts.env } }) };
    const missing = await h.cli(['apply', 'gone.json', '--env', 'prod', '--target', 'a', '--prune']);
    expect(missing.code).toBe(1);
    const line = /make one with `(aac plan [^`]*)`/.exec(missing.stderr)?.[1];
    expect(line).toBe('aac plan --prune --target a --out gone.json --env prod');
    const made = await h.cli(shellSplit(line!).slice(1));
    expect(made.code, made.stderr).toBe(0);
    // The plan made as printed is the one the apply was to apply: its --target and --prune repeat it.
    const applied = await h.cli(['apply', 'gone.json', '--env', 'prod', '--target', 'a', '--prune']);
    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.stdout).toContain('Apply complete: 1 created');
    // No environment named where aac.yaml declares some: a plan without one is refused, so the hint asks for one.
    const unnamed = await h.cli(['show', 'gone2.json']);
    expect(unnamed.stderr).toContain('make one for the environment it is to apply in with `aac plan --out gone2.json --env NAME` (aac.yaml declares dev, prod)\n');
  });

  it('where aac.yaml declares environments and none is named, every plan a plan file\'s refusal suggests takes --env NAME, and runs as printed with one', END_TO_END, async () => {
    h = await harness({ a: { model: 'gpt-4o', name: 'A' } });
    writeFileSync(join(h.ws.root, 'assistants', 'aac.yaml'), `environments:\n  dev: { endpoint: 'http://127.0.0.1:9/v1' }\n  prod: { endpoint: '${h.emu.url}' }\n`);
    h = { ...h, cli: (argv, opts = {}) => runCli(argv, { cwd: h!.ws.root, env: { OPENAI_API_KEY: API_KEY, ...opts.env } }) };
    writeFileSync(join(h.ws.root, 'bad.json'), '{');
    writeFileSync(join(h.ws.root, 'report.json'), JSON.stringify({ format_version: '1.5', outcomes: [], applied_already: 0 }));
    const declared = ' (aac.yaml declares dev, prod)';
    const refusals = [
      [['show', 'bad.json'], 'make a new one with `aac plan --out bad.json --env NAME`'],
      [['apply', 'bad.json'], 'make a new one with `aac plan --out bad.json --env NAME`'],
      [['apply', 'assistants/a.yaml'], 'make a plan outside it with `aac plan --out plan.json --env NAME`'],
      [['show', 'assistants'], 'did you mean `aac plan --env NAME`?'],
      [['show', 'report.json'], 'make one in a file of its own with `aac plan --out plan.json --env NAME`'],
    ] as const;
    for (const [argv, hint] of refusals) {
      const r = await h.cli([...argv]);
      expect(r.code, argv.join(' ')).toBe(1);
      expect(r.stderr).toContain(`${hint}${declared}`);
    }
    // Named, the environment is the hint's, and no placeholder is left to fill.
    expect((await h.cli(['show', 'bad.json', '--env', 'prod'])).stderr).toContain('make a new one with `aac plan --out bad.json --env prod`\n');
    // The command, with NAME filled in, makes a plan that applies.
    const made = await h.cli(shellSplit('plan --out bad.json --env prod'));
    expect(made.code, made.stderr).toBe(0);
    expect((await h.cli(['apply', 'bad.json', '--env', 'prod'])).stdout).toContain('Apply complete: 1 created');
  });

  it("migrate's next step reaches the new directory, quoted, and names the provider when the aac.yaml it kept does not", async () => {
    h = await harness();
    mkdirSync(join(h.ws.root, 'my bots'));
    writeFileSync(join(h.ws.root, 'my bots', 'a.yaml'), 'model: gpt-4o\nname: A\n');
    // Never applied, so each definition differs from the live state the harness's emulator gives: accepted.
    const fresh = await h.cli(['migrate', '--to', 'openai-agents', '--dir', 'my bots', '--out', 'my agents', '--accept-drift']);
    expect(fresh.code, fresh.stderr).toBe(0);
    expect(fresh.stdout).toContain("Next: aac plan --dir 'my agents'\n");
    mkdirSync(join(h.ws.root, 'kept'));
    writeFileSync(join(h.ws.root, 'kept', 'aac.yaml'), 'namespace: kept\n');
    const kept = await h.cli(['migrate', '--to', 'openai-agents', '--dir', 'my bots', '--out', 'kept', '--accept-drift']);
    expect(kept.code, kept.stderr).toBe(0);
    // The run's namespace is AAC_NAMESPACE's (runCli sets it), which the kept aac.yaml does not write:
    // the plan carries it, as migrate read with it, where the variable is not set.
    expect(kept.stdout).toContain(`Next: aac plan --dir kept --namespace ${TEST_NAMESPACE} --provider openai-agents\n`);
  });

  it('a plan cut to names and counts says to run the plan locally with the options', async () => {
    // Each named, so that no two creates are alike (alike ones are one section, which fits).
    h = await harness(Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`team/bot-with-a-long-name-${i}`, { model: 'gpt-4o', name: `Bot ${i}`, instructions: 'x'.repeat(400) }])));
    const r = await h.cli(['plan', '--format', 'markdown', '--max-chars', '1000', '--provider', 'openai']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('To see every change, run `aac plan --provider openai` locally');
  });

  it('show refuses --provider (the plan names its own) and takes --dir for the commands it suggests', async () => {
    h = await harness({ a: { model: 'gpt-4o' } });
    expect((await h.cli(['plan', '--out', 'p.json'])).code).toBe(0);
    const refused = await h.cli(['show', 'p.json', '--provider', 'openai']);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toBe("Error: aac show takes no --provider: a saved plan names the provider it was made for, and show sends no request\n  drop it: aac apply of a saved plan is where the run's provider is checked against the plan's\n");
    const shown = await h.cli(['show', 'p.json', '--dir', 'assistants']);
    expect(shown.code, shown.stderr).toBe(0);
    expect(shown.stdout).toContain('Plan: 1 to create');
  });

  it("-destroy's refusal names the apply --prune of this run's directory, namespace and provider", async () => {
    h = await harness();
    const r = await h.cli(['plan', '-destroy', '--dir', 'my bots', '--namespace', 'team-a', '--provider', 'openai']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      "Error: option '-destroy' is Terraform's and has no meaning for aac plan\n  remove the definitions and run `aac apply --prune --dir 'my bots' --namespace team-a --provider openai` (the plan lists each delete)\n",
    );
    // A line that does not parse names the command alone, and the Terraform flag is still the error.
    const bad = await h.cli(['validate', '-destroy', '--namespace', 'team-a']);
    expect(bad.stderr).toContain("option '-destroy' is Terraform's and has no meaning for aac validate\n  remove the definitions and run `aac apply --prune` (");
  });

  it('-parallelism where nothing is written, and -replace, are refused with what they would mean here', async () => {
    h = await harness();
    const parallel = await h.cli(['plan', '-parallelism=4']);
    expect(parallel.code).toBe(1);
    expect(parallel.stderr).toBe(
      "Error: option '-parallelism=4' is Terraform's and has no meaning for aac plan\n  aac plan sends no writes; -parallelism is `aac apply --concurrency N` (the writes in flight at once): drop it\n",
    );
    const replace = await h.cli(['plan', '-replace=support', '--dir', 'my bots']);
    expect(replace.code).toBe(1);
    expect(replace.stderr).toBe(
      "Error: option '-replace=support' is Terraform's and has no meaning for aac plan\n  aac has no forced re-create: to make one anew (a new id), move its definition out of the directory, run `aac apply --prune --target KEY --dir 'my bots'`, then put it back and apply again\n",
    );
  });

  it("the emulator's banner names the plan that reaches it: the provider, and the run's --dir", async () => {
    h = await harness();
    mkdirSync(join(h.ws.root, 'my bots'));
    writeFileSync(join(h.ws.root, 'my bots', 'aac.yaml'), 'provider: zerobot\n');
    const aborted = new AbortController();
    aborted.abort();
    const r = await h.cli(['emulator', '--dir', 'my bots', '--quiet'], { signal: aborted.signal });
    expect(r.stdout).toMatch(/^Point aac at it: .* aac plan --dir 'my bots' --provider zerobot$/m);
  });

  it('a definition with another API\'s field is told the migrate that writes into or reads this run\'s directory', async () => {
    h = await harness();
    mkdirSync(join(h.ws.root, 'my agents'));
    writeFileSync(join(h.ws.root, 'my agents', 'a.yaml'), 'model: gpt-4o\nname: a\ntemperature: 0.2\ntools:\n  - type: file_search\n');
    const agents = await h.cli(['validate', '--dir', 'my agents', '--provider', 'openai-agents']);
    expect(agents.code).toBe(1);
    expect(agents.stdout).toContain("to convert Assistants definitions, run `aac migrate --to openai-agents --dir SRC --out 'my agents'`");
    // The tool's hint too, and Foundry's.
    expect(agents.stdout.match(/aac migrate --to openai-agents --dir SRC --out 'my agents'/g)).toHaveLength(1);
    // Foundry agents write `definition:` where these files write `model:`: the directory's files are
    // another kind's as a whole, told once, with the migrate that reads this run's directory.
    const foundry = await h.cli(['validate', '--dir', 'my agents', '--provider', 'foundry-agents']);
    expect(foundry.stdout).toContain("convert them with `aac migrate --to foundry-agents --dir 'my agents' --out DIR`");
  });
});

describe('every command aac can suggest parses as that command', () => {
  // Earlier tests followed particular flows (plan --out → apply, import → plan); none gave a flag
  // the suggested command lacks, so `aac validate --namespace odd`, printed after a definition
  // error in plan or apply, went unseen. Here every command, suggested from a run given every
  // option that chooses what it reads, is parsed by the CLI itself (`--help` answers only then).
  it('repeats only the options the suggested command takes', async () => {
    const { COMMANDS } = await import('../../src/commands/registry.js');
    const { suggestion } = await import('../../src/commands/suggest.js');
    const { main } = await import('../../src/cli.js');
    const io = { cwd: '/tmp', env: {} } as never;
    const ctx = { io, global: { dir: '/tmp/my bots', provider: 'openai' }, options: { namespace: 'odd', env: 'prod' }, positionals: [] } as never;
    for (const [name, entry] of Object.entries(COMMANDS)) {
      // The registry's list of them is the command's own options.
      const cmd = await entry.load();
      expect([...entry.runOptions].sort(), name).toEqual((['env', 'namespace'] as const).filter((o) => o in cmd.options));
      const line = suggestion(ctx, name);
      let out = '';
      const sink = { write: (s: string) => { out += s; return true; }, isTTY: false };
      const code = await main([...shellSplit(line).slice(1), '--help'], { cwd: '/tmp', env: {}, stdout: sink, stderr: sink, stdin: process.stdin } as never);
      expect(code, `${line}: ${out}`).toBe(0);
      expect(line.includes('--namespace odd'), line).toBe(entry.runOptions.includes('namespace'));
    }
  });
});
