// Terraform's command-line habits (issue 19): single-dash long flags, did-you-mean for unknown
// ones, `aac` alone and `aac help plan`, and --format json errors as a document on stdout.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { COMMANDS } from '../../src/commands/registry.js';
import { ASKING_COMMANDS } from '../../src/commands/confirm.js';
import { LOCKING_COMMANDS } from '../../src/commands/lock-option.js';
import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { runCli } from '../helpers/cli.js';
import { makeProject } from '../plan/project.js';

const KEY = 'sk-test-habits-0000000000000000';
let emulators: RunningEmulator[] = [];
afterEach(async () => {
  await Promise.all(emulators.map((e) => e.close()));
  emulators = [];
});
async function env(): Promise<Record<string, string>> {
  const emu = await startEmulator({ apiKey: KEY });
  emulators.push(emu);
  return { OPENAI_BASE_URL: emu.url, OPENAI_API_KEY: KEY };
}

describe('single-dash long flags, as Terraform spells them', () => {
  it('plan -detailed-exitcode -out=FILE and apply -auto-approve work against the emulator', async () => {
    const cwd = makeProject({ bot: { model: 'gpt-4o' } });
    const e = await env();
    const plan = await runCli(['plan', '-detailed-exitcode', '-out=plan.json'], { cwd, env: e });
    expect(plan.stderr).toBe('');
    expect(plan.code).toBe(2);
    expect(existsSync(join(cwd, 'plan.json'))).toBe(true);
    const fresh = await runCli(['apply', '-auto-approve', '-parallelism=2', '-no-color'], { cwd, env: e });
    expect(fresh.code).toBe(0);
    expect(fresh.stdout).toContain('Apply complete: 1 created');
    const after = await runCli(['plan', '-detailed-exitcode', '-json'], { cwd, env: e });
    expect(after.code).toBe(0);
    expect(JSON.parse(after.stdout).summary.unchanged).toBe(1);
  });

  it('a Terraform spelling refused for its value is named as typed, beside the aac option it stands for', async () => {
    const cwd = makeProject({ bot: { model: 'gpt-4o' } });
    const e = await env();
    for (const argv of [['-parallelism=65'], ['-parallelism', '0']]) {
      const r = await runCli(['apply', '-auto-approve', ...argv], { cwd, env: e });
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`Error: -parallelism (aac's --concurrency) must be a whole number from 1 to 64 (as aac.yaml's options.concurrency), not '${argv.at(-1)!.replace('-parallelism=', '')}'`);
    }
    expect((await runCli(['apply', '-auto-approve', '--concurrency=65'], { cwd, env: e })).stderr).toContain('Error: --concurrency must be a whole number from 1 to 64');
  });

  it('keeps grouped short options (-yh) and `--name value`', async () => {
    expect((await runCli(['apply', '-yh'])).stdout).toContain('Usage: aac apply');
    expect((await runCli(['plan', '-out', 'x', '--help'])).code).toBe(0);
  });

  it('answers an unknown flag with did-you-mean and no raw parser text', async () => {
    const typo = await runCli(['plan', '-detailed-exitcod']);
    expect(typo.code).toBe(1);
    expect(typo.stderr).toBe(
      "Error: unknown option '-detailed-exitcod' for aac plan\n  did you mean '--detailed-exitcode'? (run `aac plan --help` for its options)\n",
    );
    const alias = await runCli(['apply', '--auto-aprove']);
    expect(alias.stderr).toContain("did you mean '-auto-approve'?");
    // An alias only where the command has the option it stands for.
    expect((await runCli(['validate', '-auto-approve'])).stderr).toContain("unknown option '-auto-approve' for aac validate");
    for (const r of [typo, alias]) expect(r.stderr).not.toMatch(/TypeError|ERR_PARSE_ARGS|positional argument/);
  });

  it("tells apply's -out that it is plan's, with the saved plan's two steps", async () => {
    for (const argv of [['apply', '-out=tf.plan'], ['apply', '--out', 'tf.plan']]) {
      const r = await runCli(argv);
      expect([r.code, r.stderr]).toEqual([1, `Error: unknown option '${argv[1]}' for aac apply\n  -out saves a plan, with aac plan: \`aac plan --out tf.plan\`, then \`aac apply tf.plan\` applies that plan as saved\n`]);
    }
    expect((await runCli(['apply', '-out'])).stderr).toContain('`aac plan --out plan.json`, then `aac apply plan.json`');
  });

  it("names --env for the Action's input names and Terraform's workspace, where the command has it", async () => {
    const env = await runCli(['plan', '--environment', 'prod']);
    expect(env.code).toBe(1);
    expect(env.stderr).toBe(
      "Error: unknown option '--environment' for aac plan\n  did you mean '--env'? (the Action's input 'environment' is --env on the command line; run `aac plan --help` for its options)\n",
    );
    expect((await runCli(['apply', '-environments=dev,prod'])).stderr).toContain("did you mean '--env'? (a run plans one environment");
    expect((await runCli(['plan', '-workspace', 'prod'])).stderr).toContain("did you mean '--env'? (aac.yaml's environments are what Terraform's workspaces are;");
    // Not where the command has no --env.
    const none = await runCli(['emulator', '--environment', 'prod']);
    expect(none.stderr).not.toContain("did you mean '--env'");
  });

  it('takes no name of an object member for an option', async () => {
    for (const word of ['--constructor', '-toString', '--__proto__']) {
      expect((await runCli(['validate', word])).stderr).toMatch(new RegExp(`^Error: unknown option '${word}' for aac validate\n`));
    }
  });

  it("refuses Terraform's flags that mean nothing here with the reason, and leaves a command's own alone", async () => {
    const input = await runCli(['plan', '-input=false']);
    expect(input.code).toBe(1);
    expect(input.stderr).toBe(
      "Error: option '-input=false' is Terraform's and has no meaning for aac plan\n  aac asks for nothing but the confirmation of aac apply and aac force-unlock, and never without a terminal (pass --yes there): drop it\n",
    );
    expect((await runCli(['plan', '-lock=false'])).stderr).toContain('only `aac apply` takes the lock');
    expect((await runCli(['plan', '-var', 'x=1'])).stderr).toContain('chosen with --env');
    for (const flag of ['-state=terraform.tfstate', '-state-out=x', '-backup=-']) {
      expect((await runCli(['apply', flag])).stderr).toBe(`Error: option '${flag}' is Terraform's and has no meaning for aac apply\n  aac keeps no state file: every plan reads the live resources, which carry aac's marker: drop it\n`);
    }
    expect((await runCli(['plan', '-generate-config-out=generated.tf', '--dir', 'ws'])).stderr).toBe(
      "Error: option '-generate-config-out=generated.tf' is Terraform's and has no meaning for aac plan\n  `aac import --dir ws` writes a definition for each live resource aac does not manage yet (`aac import --dry-run --dir ws` lists them first)\n",
    );
    // plan's and apply's -compact-warnings, validate's test-file flags and import's -config,
    // -allow-missing-config and -ignore-remote-version were a bare 'unknown option'.
    const said = async (words: string[]) => (await runCli(words)).stderr;
    for (const command of ['plan', 'apply']) {
      expect(await said([command, '-compact-warnings'])).toBe(
        `Error: option '-compact-warnings' is Terraform's and has no meaning for aac ${command}\n  aac prints each warning once, at its file, line and column with its hint, and has no shorter form: drop it\n`,
      );
    }
    for (const flag of ['-no-tests', '-test-directory=tests']) {
      expect(await said(['validate', flag])).toBe(
        `Error: option '${flag}' is Terraform's and has no meaning for aac validate\n  \`aac validate\` checks the definitions against the schema and the API limits, and reads no test files; the emulator plans and applies without a host: drop it\n`,
      );
    }
    expect(await said(['import', '-config=my infra'])).toBe(
      "Error: option '-config=my infra' is Terraform's and has no meaning for aac import\n  Terraform's -config names the configuration's directory; aac's definitions directory is `--dir 'my infra'`\n",
    );
    expect(await said(['import', '-allow-missing-config', '--dir', 'ws'])).toBe(
      "Error: option '-allow-missing-config' is Terraform's and has no meaning for aac import\n  `aac import --dir ws` writes each definition itself; there is no resource block to write first: drop it\n",
    );
    expect(await said(['import', '-ignore-remote-version'])).toContain('aac has no remote workspace whose Terraform version a run must match: drop it');
    // apply has -lock of its own: a bad value of it is apply's error, not this refusal.
    const applyLock = await runCli(['apply', '-lock=maybe'], { cwd: makeProject({}) });
    expect(applyLock.stderr).not.toContain("is Terraform's");
  });

  it('-input=false and the README name every command that asks (each one takes --yes to skip its question)', async () => {
    const commands = await Promise.all(Object.values(COMMANDS).map((c) => c.load()));
    const asking = commands.filter((c) => 'yes' in c.options).map((c) => c.name);
    expect([...ASKING_COMMANDS].sort()).toEqual(asking.sort());
    const refused = await runCli(['validate', '-input=false']);
    const readme = readFileSync(join(import.meta.dirname, '..', '..', 'README.md'), 'utf8').replace(/\s+/g, ' ');
    const habit = /`-input=false` — ([^;]*);/.exec(readme)?.[1] ?? '';
    for (const name of asking) {
      expect(refused.stderr).toContain(`aac ${name}`);
      expect(habit).toContain(`\`aac ${name}\``);
    }
  });

  it('-lock and -lock-timeout elsewhere name every command that takes the lock, and every one that does not', async () => {
    const commands = await Promise.all(Object.values(COMMANDS).map((c) => c.load()));
    const locking = commands.filter((c) => 'lock' in c.options && 'lock-timeout' in c.options).map((c) => c.name);
    expect([...LOCKING_COMMANDS].sort()).toEqual(locking.sort());
    const others = commands.map((c) => c.name).filter((n) => !locking.includes(n));
    for (const flag of ['-lock=false', '-lock-timeout=5m']) {
      const r = await runCli(['plan', flag]);
      const reason = /\n {2}only `aac apply` takes the lock \((.*) do not\): drop it\n$/.exec(r.stderr)?.[1];
      expect(reason, r.stderr).toBeDefined();
      expect(reason!.replace(' and ', ', ').split(', ').sort()).toEqual([...others].sort());
    }
  });

  it('names a missing or unexpected value with the fix', async () => {
    expect((await runCli(['plan', '--out'])).stderr).toBe("Error: option '--out' needs a value: --out FILE\n  run `aac plan --help`\n");
    expect((await runCli(['plan', '--out', '--prune'])).stderr).toContain("to pass a value that starts with '-', write --out=--prune");
    // A negative number is the value meant (no option is a digit): refused once, for its range.
    for (const [argv, said] of [
      [['emulator', '--latency', '-5'], "Error: --latency must be an integer (milliseconds) from 0 to 600000, not '-5'\n"],
      [['emulator', '--error-rate', '-.5'], "Error: --error-rate must be a number from 0 to 1, not '-.5'\n"],
      [['apply', '--concurrency', '-2'], "Error: --concurrency must be a whole number from 1 to 64 (as aac.yaml's options.concurrency), not '-2'; nothing was changed\n"],
    ] as const) {
      const r = await runCli([...argv]);
      expect(r.code, argv.join(' ')).toBe(1);
      expect(r.stderr, argv.join(' ')).toBe(said);
    }
    expect((await runCli(['plan', '-prune=yes'])).stderr).toContain("option '--prune' takes no value (got '-prune=yes')");
    expect((await runCli(['plan', '-json=1'])).stderr).toContain("option '-json=1' takes no value");
  });

  it("takes a boolean's value as Terraform does: -auto-approve=true applies without asking, -auto-approve=false asks", async () => {
    const cwd = makeProject({ bot: { model: 'gpt-4o' } });
    const e = await env();
    const plan = (flag: string) => runCli(['plan', flag], { cwd, env: e }).then((r) => r.code);
    expect([await plan('-detailed-exitcode=true'), await plan('--detailed-exitcode=1'), await plan('-detailed-exitcode=false'), await plan('-detailed-exitcode=F')]).toEqual([2, 2, 0, 0]);
    const refused = await runCli(['apply', '-auto-approve=false'], { cwd, env: e });
    expect([refused.code, refused.stderr]).toEqual([1, expect.stringContaining('pass --yes to apply a fresh plan')]);
    expect(await plan('-detailed-exitcode=TRUE')).toBe(2);
    const applied = await runCli(['apply', '-auto-approve=true'], { cwd, env: e });
    expect([applied.code, applied.stdout]).toEqual([0, expect.stringContaining('Apply complete: 1 created')]);
    expect(await plan('-detailed-exitcode=t')).toBe(0);
  });

  it('asks whether a directory given bare was meant as --dir (kubectl apply -f DIR, terraform -chdir)', async () => {
    const cwd = makeProject({ bot: { model: 'gpt-4o' } });
    const bare = await runCli(['validate', 'assistants'], { cwd });
    expect([bare.code, bare.stderr]).toEqual([1, "Error: unexpected argument 'assistants'\n  did you mean `--dir assistants`? usage: aac validate [--dir DIR] [--env NAME] [--environments-out FILE] [--format text|json]\n"]);
    // Not for a word that is no directory, nor when --dir was given.
    expect((await runCli(['validate', 'nothing-here'], { cwd })).stderr).not.toContain('did you mean');
    expect((await runCli(['validate', '--dir', 'assistants', 'assistants'], { cwd })).stderr).not.toContain('did you mean');
  });

  it('an id given bare to import (terraform import ADDRESS ID) is asked to be --id', async () => {
    const cwd = makeProject({ bot: { model: 'gpt-4o' } });
    const usage = 'usage: aac import [--id ID ...] [--name PATTERN ...] [--force [--replace-differing]] [--dry-run] [options]';
    const both = await runCli(['import', 'support/bot', 'asst_123'], { cwd });
    expect([both.code, both.stderr]).toEqual([1, "Error: unexpected argument 'support/bot'\n  did you mean `--id asst_123`? aac import takes no address where terraform import takes one: the key comes from the resource's name (a file's `key:` sets another); " + usage + '\n']);
    const id = await runCli(['import', 'my agent'], { cwd });
    expect(id.stderr).toContain("did you mean `--id 'my agent'` or `--name 'my agent'`?");
    // A word of an id's form alone is offered --id alone: no name pattern is meant.
    for (const given of ['asst_abc123DEF456ghi789JKL012', 'agent_0123456789abcdef0123456789abcdef']) {
      const r = await runCli(['import', given], { cwd });
      expect(r.stderr).toContain(`did you mean \`--id ${given}\`? aac import takes no address`);
      expect(r.stderr).not.toContain(`--name ${given}`);
    }
    // A directory given bare is still --dir.
    expect((await runCli(['import', 'assistants'], { cwd })).stderr).toContain('did you mean `--dir assistants`?');
  });

  it('environments named with --env, as other commands take them, are asked to be arguments', async () => {
    const cwd = makeProject({ bot: { model: 'gpt-4o' } });
    for (const [argv, example] of [[['environments', '--env', 'dev'], 'dev'], [['environments', '--env=prod east'], "'prod east'"], [['environments', '--env'], 'NAME']] as const) {
      const r = await runCli([...argv], { cwd });
      expect([r.code, r.stderr]).toEqual([1, `Error: unknown option '${argv[1]}' for aac environments\n  name the environments to list as arguments: \`aac environments ${example}\` (run \`aac environments --help\` for its options)\n`]);
    }
    // Other commands take --env.
    expect((await runCli(['validate', '--env', 'dev'], { cwd })).stderr).not.toContain('as arguments');
  });

  it('one YAML file given bare (kubectl apply -f FILE) or with -f / --filename: the directory it is in, as --dir', async () => {
    const cwd = makeProject({ bot: { model: 'gpt-4o' } });
    const file = await runCli(['validate', 'assistants/bot.yaml'], { cwd });
    expect([file.code, file.stderr]).toEqual([1, "Error: unexpected argument 'assistants/bot.yaml'\n  aac reads every definition of a directory, not one file: did you mean `--dir assistants` (the directory assistants/bot.yaml is in)? usage: aac validate [--dir DIR] [--env NAME] [--environments-out FILE] [--format text|json]\n"]);
    // A YAML name that is no file is no hint.
    expect((await runCli(['validate', 'assistants/none.yaml'], { cwd })).stderr).not.toContain('did you mean');
    for (const argv of [['plan', '-f', 'assistants'], ['plan', '--filename=assistants'], ['validate', '-f', 'assistants/']]) {
      const r = await runCli(argv, { cwd });
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`Error: option '${argv[1]!}' is kubectl's: aac ${argv[0]!} reads the definitions of a directory, given with --dir\n  did you mean \`--dir ${argv[2] ?? 'assistants'}\`?\n`);
    }
    const one = await runCli(['apply', '-f', 'assistants/bot.yaml'], { cwd });
    expect(one.stderr).toContain('did you mean `--dir assistants` (the directory assistants/bot.yaml is in)?');
    expect((await runCli(['plan', '-f'], { cwd })).stderr).toContain('give it with `--dir DIR`');
  });

  it('a YAML file in a folder of a definitions directory: that directory as --dir (its folder alone is no run of it), and --target KEY where the command has it', async () => {
    const cwd = makeProject({ 'support/billing': { model: 'gpt-4o' } });
    writeFileSync(join(cwd, 'assistants', 'aac.yaml'), 'namespace: team\n');
    const tip = (file: string, key: string, alone = '') => `did you mean \`--dir assistants\` (${file} is the definition ${key} of that directory${alone})?`;
    const validate = await runCli(['validate', 'assistants/support/billing.yaml'], { cwd });
    expect([validate.code, validate.stderr]).toEqual([1, `Error: unexpected argument 'assistants/support/billing.yaml'\n  aac reads every definition of a directory, not one file: ${tip('assistants/support/billing.yaml', 'support/billing')} usage: aac validate [--dir DIR] [--env NAME] [--environments-out FILE] [--format text|json]\n`]);
    expect((await runCli(['plan', 'assistants/support/billing.yaml'], { cwd })).stderr).toContain(tip('assistants/support/billing.yaml', 'support/billing', ', and `--target support/billing` plans it alone'));
    expect((await runCli(['apply', '-f', 'assistants/support/billing.yaml'], { cwd })).stderr).toContain(tip('assistants/support/billing.yaml', 'support/billing', ', and `--target support/billing` applies it alone'));
    // A key the file writes is its key; below assistants/ with no aac.yaml, assistants/ is still the directory.
    writeFileSync(join(cwd, 'assistants', 'support', 'billing.yaml'), 'key: "billing/main"  # moved\nmodel: gpt-4o\n');
    rmSync(join(cwd, 'assistants', 'aac.yaml'));
    expect((await runCli(['plan', '-f', 'assistants/support/billing.yaml'], { cwd })).stderr).toContain(tip('assistants/support/billing.yaml', 'billing/main', ', and `--target billing/main` plans it alone'));
    // A folder with an aac.yaml of its own is a run of its own: the folder it is in, as before.
    writeFileSync(join(cwd, 'assistants', 'support', 'aac.yaml'), 'namespace: support\n');
    expect((await runCli(['plan', 'assistants/support/billing.yaml'], { cwd })).stderr).toContain('did you mean `--dir assistants/support` (the directory assistants/support/billing.yaml is in)?');
  });

  it('aac apply DIR (terraform apply DIR, before 0.15) where DIR holds definitions: `aac apply --dir DIR`; aac show DIR: `aac plan --dir DIR`', async () => {
    const cwd = makeProject({ bot: { model: 'gpt-4o' } });
    mkdirSync(join(cwd, 'fa'));
    writeFileSync(join(cwd, 'fa', 'a1.yaml'), 'model: gpt-4o\n');
    const apply = await runCli(['apply', 'fa'], { cwd });
    expect([apply.code, apply.stderr]).toEqual([1, 'Error: cannot read the plan file fa: it is a directory, not a regular file; nothing was changed\n  it holds definitions: did you mean `aac apply --dir fa`? (aac apply reads a saved plan\'s file; a definitions directory is given with --dir)\n']);
    const show = await runCli(['show', 'fa/', '--env', 'x'], { cwd });
    expect(show.stderr).toContain('did you mean `aac plan --dir fa --env x`?');
    // The default directory needs no --dir: the command runs as printed.
    expect((await runCli(['apply', 'assistants'], { cwd })).stderr).toContain('did you mean `aac apply`?');
    // A directory with no definitions keeps the general hint, as does one of another tool's YAML.
    mkdirSync(join(cwd, 'empty'));
    expect((await runCli(['apply', 'empty'], { cwd })).stderr).not.toContain('did you mean');
    mkdirSync(join(cwd, 'k8s'));
    writeFileSync(join(cwd, 'k8s', 'svc.yaml'), 'apiVersion: v1\nkind: Service\n');
    expect((await runCli(['apply', 'k8s'], { cwd })).stderr).not.toContain('did you mean');
  });

  it('passes words after -- through as positionals', async () => {
    const r = await runCli(['apply', '--', '-not-a-flag.json'], { cwd: makeProject({}) });
    expect(r.stderr).toContain('cannot read the plan file -not-a-flag.json');
  });
});

describe('help', () => {
  it("README's global options are in every command's --help but for the commands each row names as the exception", async () => {
    const readme = readFileSync(join(import.meta.dirname, '..', '..', 'README.md'), 'utf8');
    const table = readme.slice(readme.indexOf('\nGlobal options, on every command')).split('\n\n')[1]!;
    const rows = table.split('\n').slice(2).map((row) => ({ flag: /`(?:-\w, )?(--[\w-]+)/.exec(row)![1]!, row }));
    expect(rows.map((r) => r.flag)).toEqual(['--dir', '--format', '--provider', '--debug', '--no-color', '--help']);
    for (const name of Object.keys(COMMANDS)) {
      const help = (await runCli([name, '--help'])).stdout;
      const global = help.slice(help.indexOf('Global options:'));
      for (const { flag, row } of rows) {
        // A row names a command without the option, in its own words; every other command lists it.
        const listed = new RegExp(`^ +(-\\w, )?${flag}\\b`, 'm').test(global);
        expect(listed || row.includes(`not on \`${name}\``), `${flag} in aac ${name} --help`).toBe(true);
        if (row.includes(`not on \`${name}\``)) expect(listed, `${flag} in aac ${name} --help`).toBe(false);
      }
    }
  });


  it('`aac` alone prints help and exits 0, as `aac help` and `aac --help`', async () => {
    for (const argv of [[], ['help'], ['--help']]) {
      const r = await runCli(argv);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('Usage: aac <command>');
    }
  });

  it('`aac help plan` is plan --help; `aac help nope` is refused', async () => {
    const r = await runCli(['help', 'plan']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe((await runCli(['plan', '--help'])).stdout);
    expect(r.stdout).toContain('Usage: aac plan');
    const bad = await runCli(['help', 'nope']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("unknown command 'nope'");
  });

  it("Terraform's and kubectl's commands aac has none of are answered with what does it in aac, exit 1", async () => {
    const said = async (...argv: string[]) => {
      const r = await runCli(argv);
      expect(r.code).toBe(1);
      return r.stderr;
    };
    expect(await said('init')).toBe("Error: 'init' is a command of Terraform, not of aac\n  aac has nothing to initialize (no state, no plugins): write one YAML file per assistant in assistants/ (or let `aac import` write them from the live ones), then run `aac validate` and `aac plan` (run `aac --help` to see the commands)\n");
    expect(await said('destroy', '-auto-approve')).toContain('remove the definitions and run `aac apply --prune`');
    expect(await said('workspace', 'select', 'prod')).toContain('choose one with `--env NAME`');
    expect(await said('diff', '-f', 'assistants')).toContain("Error: 'diff' is a command of kubectl, not of aac\n  `aac plan` shows what apply would change");
    expect(await said('help', 'state')).toContain("'state' is a command of Terraform");
    expect(await said('taint', 'support/bot')).toContain("Error: 'taint' is a command of Terraform, not of aac\n  aac has no forced re-create: to make one anew (a new id), move its definition out of the directory, run `aac apply --prune --target KEY`, then put it back and apply again");
    expect(await said('delete', 'support/bot')).toContain("Error: 'delete' is a command of kubectl, not of aac\n  remove the definition and run `aac apply --prune --target KEY`");
    expect(await said('get')).toContain('`aac plan --format json` lists every managed one with its live id');
    expect(await said('login')).toContain("aac signs in with the provider's variables only");
    for (const word of ['untaint', 'output', 'providers', 'logout', 'describe', 'create']) expect(await said(word)).toContain(`'${word}' is a command of`);
    // Each was a bare "unknown command" with no hint.
    expect(await said('graph')).toContain("Error: 'graph' is a command of Terraform, not of aac\n  aac's resources do not depend on one another, so there is no graph");
    expect(await said('console')).toContain("Error: 'console' is a command of Terraform, not of aac\n  aac has no expressions to evaluate");
    expect(await said('test')).toContain("Error: 'test' is a command of Terraform, not of aac\n  `aac validate` checks the definitions without credentials, and `aac emulator` serves a local API");
    for (const word of ['edit', 'patch', 'replace']) {
      expect(await said(word, 'support/bot')).toBe(`Error: '${word}' is a command of kubectl, not of aac\n  change the definition's YAML file and run \`aac apply\` (\`aac plan\` first shows what it would change): a change made to the live resource alone is drift, which the next apply undoes (run \`aac --help\` to see the commands)\n`);
    }
    expect(await said('explain', 'assistant.tools')).toContain("Error: 'explain' is a command of kubectl, not of aac\n  each definition format's fields, with their limits, are in its JSON Schema (schema/assistant.schema.json");
    // A typo of aac's own commands keeps its did-you-mean.
    expect(await said('plna')).toContain('did you mean `aac plan`?');
  });

  it('an option before the command (`aac --format json plan`, a kubectl habit) is told the line to run, the command first', async () => {
    const r = await runCli(['--format=json', 'plan', '--out', 'my plan.json']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("Error: '--format=json' is an option, where the command should be\n  the command comes first, then its options: `aac plan --format=json --out 'my plan.json'` (run `aac --help` to see the commands)\n");
    // With no command among the words, its place.
    expect((await runCli(['--dir', 'x'])).stderr).toContain('`aac <command> --dir …`');
  });

  it("Terraform's global -chdir=DIR before the command is told the cd it means, not an aac -chdir that is refused in turn", async () => {
    const cwd = makeProject({ bot: { model: 'gpt-4o' } });
    for (const argv of [['-chdir=infra', 'plan', '-out=p.json'], ['-chdir', 'infra', 'plan', '-out=p.json']]) {
      const r = await runCli(argv, { cwd });
      expect([r.code, r.stderr]).toEqual([1, `Error: '${argv[0]}' is an option, where the command should be\n  Terraform's -chdir=DIR is \`cd DIR\` here, as aac takes no option before its command: \`cd infra && aac plan -out=p.json\`\n`]);
    }
    // With no command, the cd it means still, the command's place <command>.
    for (const argv of [['-chdir=infra'], ['-chdir', 'infra'], ['-chdir=infra', '-json']]) {
      const r = await runCli(argv, { cwd });
      expect([r.code, r.stderr], argv.join(' ')).toEqual([1, `Error: '${argv[0]}' is an option, where the command should be\n  Terraform's -chdir=DIR is \`cd DIR\` here, as aac takes no option before its command: \`cd infra && aac <command>${argv.includes('-json') ? ' -json' : ''}\` (run \`aac --help\` to see the commands)\n`]);
    }
  });

  it('-chdir=DIR after the command means the same cd as before it (it was told --dir DIR, which names the definitions directory, not the root it lies in)', async () => {
    const cwd = makeProject({ bot: { model: 'gpt-4o' } });
    for (const command of ['plan', 'validate']) {
      const r = await runCli([command, '-chdir=infra'], { cwd });
      expect([r.code, r.stderr], command).toEqual([1, `Error: option '-chdir=infra' is Terraform's and has no meaning for aac ${command}\n  Terraform's -chdir=DIR is \`cd DIR\` here: \`cd infra && aac ${command}\`\n`]);
    }
  });

  it('-chdir=DIR naming a definitions directory (its aac.yaml), as terraform names its configuration\'s, is told --dir DIR, which runs as printed: cd DIR && aac plan would look for DIR/assistants/', async () => {
    const cwd = makeProject({ bot: { model: 'gpt-4o' } });
    writeFileSync(join(cwd, 'assistants', 'aac.yaml'), 'namespace: team\n');
    const before = await runCli(['-chdir=assistants', 'plan', '-out=p.json'], { cwd });
    expect([before.code, before.stderr]).toEqual([1, "Error: '-chdir=assistants' is an option, where the command should be\n  Terraform's -chdir=DIR names the directory a run reads, and assistants holds an aac.yaml: it is the definitions directory, which aac takes with --dir, as aac takes no option before its command: `aac plan -out=p.json --dir assistants`\n"]);
    for (const command of ['plan', 'validate']) {
      const r = await runCli([command, '-chdir=assistants'], { cwd });
      expect([r.code, r.stderr], command).toEqual([1, `Error: option '-chdir=assistants' is Terraform's and has no meaning for aac ${command}\n  Terraform's -chdir=DIR names the directory a run reads, and assistants holds an aac.yaml: it is the definitions directory, which aac takes with --dir: \`aac ${command} --dir assistants\`\n`]);
    }
    // Run as printed, it reads that directory.
    expect((await runCli(['validate', '--dir', 'assistants'], { cwd })).code).toBe(0);
  });
});

describe('--format json errors', () => {
  it('writes a usage error as the diagnostics document on stdout, and the text on stderr', async () => {
    const r = await runCli(['plan', '--format', 'json', '--bogus']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("Error: unknown option '--bogus'");
    expect(JSON.parse(r.stdout)).toEqual({
      format_version: '1.1',
      valid: false,
      error_count: 1,
      warning_count: 0,
      diagnostics: [
        { severity: 'error', code: 'error', file: null, line: null, column: null, path: '', message: "unknown option '--bogus' for aac plan", hint: 'run `aac plan --help` for its options' },
      ],
      // validate's keys, with nothing counted: one shape for every reader.
      definitions: null,
      definition_count: null,
      valid_definition_count: null,
      provider: null,
    });
  });

  it('carries the located definition errors of a plan', async () => {
    const cwd = makeProject({ bot: { model: 'gpt-4o', temprature: 1 } });
    const r = await runCli(['plan', '-json'], { cwd, env: await env() });
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout);
    expect(doc.error_count).toBe(2);
    expect(doc.diagnostics[0]).toMatchObject({ code: 'unknown-field', file: join('assistants', 'bot.yaml'), line: 2, column: 1 });
    expect(doc.diagnostics[1]).toMatchObject({ code: 'error', message: '1 error in the definitions; nothing was changed' });
  });

  it('gives each refusal of a saved plan its own code, in the document and in the job summary of a failed apply', async () => {
    const cwd = makeProject({ bot: { model: 'gpt-4o' } });
    const e = await env();
    const summary = join(cwd, 'summary.md');
    const apply = async (argv: string[]) => {
      writeFileSync(summary, '');
      const r = await runCli(['apply', ...argv, '--format', 'json'], { cwd, env: { ...e, GITHUB_STEP_SUMMARY: summary } });
      const doc = JSON.parse(r.stdout);
      return { code: r.code, failure: doc.diagnostics?.at(-1) ?? null, summary: readFileSync(summary, 'utf8') };
    };
    expect((await runCli(['plan', '--out', 'p.json'], { cwd, env: e })).code).toBe(0);
    // Made with --prune only: --prune asked of a plan made without it.
    const option = await apply(['p.json', '--prune']);
    expect(option.failure).toMatchObject({ code: 'plan-option', message: '--prune cannot change a saved plan, which keeps the choices it was made with: p.json was made without --prune, so it deletes no orphans; nothing was changed' });
    expect((await apply(['p.json'])).code).toBe(0);
    // Applied again: not stale, applied already.
    const again = await apply(['p.json']);
    expect(again.code).toBe(1);
    expect(again.failure).toMatchObject({ code: 'plan-applied' });
    expect(again.summary.split('\n').slice(0, 5)).toEqual(['### aac apply', '', '**⛔ Refused (`plan-applied`)**', '', '```text']);
    expect(again.summary).toContain('Error: the saved plan p.json appears to have been applied already');
    // Stale: the definition edited since.
    expect((await runCli(['plan', '--out', 'q.json'], { cwd, env: e })).code).toBe(0);
    writeFileSync(join(cwd, 'assistants', 'bot.yaml'), 'model: gpt-4o\nname: Bot <!-- aac-apply --> ```\n');
    const stale = await apply(['q.json']);
    expect(stale.failure).toMatchObject({ code: 'plan-stale', hint: expect.stringContaining('make a new plan with `aac plan --out q.json`') });
    expect(stale.summary).toContain('**⛔ Refused (`plan-stale`)**');
    // A missing key: the run's configuration, not the host's answer (which a pipeline may retry).
    const none = await runCli(['apply', '--yes', '--format', 'json'], { cwd, env: { ...e, OPENAI_API_KEY: '', GITHUB_STEP_SUMMARY: summary } });
    expect(JSON.parse(none.stdout).diagnostics.at(-1).code).toBe('config-error');
    expect(readFileSync(summary, 'utf8')).toContain('**❌ Failed (`config-error`)**');
  });

  it('reports a key the host refuses as config-error: retrying it does not help', async () => {
    const cwd = makeProject({ bot: { model: 'gpt-4o' } });
    const e = await env();
    const r = await runCli(['plan', '--format=json'], { cwd, env: { ...e, OPENAI_API_KEY: 'sk-wrong-000000000000' } });
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout);
    expect(doc.diagnostics.at(-1)).toMatchObject({ code: 'config-error', message: expect.stringContaining('(401)') });
    expect(r.stdout).not.toContain('sk-wrong');
  });

  it('reports a host that cannot be reached as api-error, which a retry may get past', async () => {
    const cwd = makeProject({ bot: { model: 'gpt-4o' } });
    const emu = await startEmulator({ apiKey: KEY });
    const url = emu.url;
    await emu.close();
    const r = await runCli(['plan', '--format=json'], { cwd, env: { OPENAI_BASE_URL: url, OPENAI_API_KEY: KEY } });
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).diagnostics.at(-1)).toMatchObject({ code: 'api-error', message: expect.stringContaining('could not reach') });
  });
});

describe("Terraform's settings written in aac.yaml", () => {
  it('workspaces: is told environments:, backend: that aac keeps no state', async () => {
    const cwd = makeProject({ bot: { model: 'gpt-4o' } });
    writeFileSync(join(cwd, 'assistants', 'aac.yaml'), 'namespace: team\nworkspaces:\n  dev: {}\nbackend:\n  s3: {}\n');
    const r = await runCli(['plan', '--no-color'], { cwd, env: await env() });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      "assistants/aac.yaml:2:1: error: unknown field 'workspaces' in aac.yaml [workspaces]\n" +
        "  hint: aac.yaml's environments are what Terraform's workspaces are: declare each under `environments:` with its own namespace: or endpoint:, and pick one with --env\n" +
        "assistants/aac.yaml:4:1: error: unknown field 'backend' in aac.yaml [backend]\n" +
        '  hint: aac keeps no state to store (every plan reads the live resources, and the lock is an object on the host): remove it\n',
    );
  });
});
