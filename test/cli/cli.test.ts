import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';
import { makeProject } from '../plan/project.js';

describe('aac (dispatcher)', () => {
  it('prints the version', async () => {
    const r = await runCli(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
  });

  it('lists every command in --help', async () => {
    const r = await runCli(['--help']);
    expect(r.code).toBe(0);
    for (const c of ['validate', 'plan', 'apply', 'import', 'emulator']) expect(r.stdout).toContain(`  ${c} `);
  });

  it('refuses an unknown command and an unknown option with a hint, exit 1', async () => {
    const a = await runCli(['plna']);
    expect(a.code).toBe(1);
    expect(a.stderr).toContain("unknown command 'plna'");
    // Two neighbouring letters swapped are one slip, as is a field name's.
    expect(a.stderr).toContain('did you mean `aac plan`?');
    const b = await runCli(['validate', '--bogus']);
    expect(b.code).toBe(1);
    expect(b.stderr).toContain("'--bogus'");
    expect(b.stderr).not.toMatch(/\n\s+at /);
  });

  it("refuses a name of Object's prototype as the unknown command it is, never an internal error", async () => {
    for (const argv of [['constructor'], ['toString'], ['__proto__'], ['help', 'hasOwnProperty'], ['valueOf', '--help']]) {
      const r = await runCli(argv);
      expect(r.stderr, argv.join(' ')).toMatch(new RegExp(`^Error: unknown command '${argv[0] === 'help' ? argv[1] : argv[0]}'\n  `));
      expect(r.code).toBe(1);
    }
  });

  it("tells Azure's names for its hosts which provider serves them: --provider, aac.yaml's provider: and an environment's", async () => {
    const azure = "Azure AI Foundry's agents are 'foundry-agents' (named, versioned agents) or 'foundry' (classic agents, retiring 2027-03-31); Azure OpenAI's own Assistants endpoint retired on 2026-08-26, and no provider serves it";
    expect((await runCli(['plan', '--provider', 'azure'])).stderr).toBe(`Error: unknown --provider 'azure'\n  ${azure}\n`);
    expect((await runCli(['emulator', '--provider', 'foundry,Azure-OpenAI'])).stderr).toBe(`Error: unknown --provider 'Azure-OpenAI'\n  ${azure}\n`);
    const cwd = makeProject({ bot: { model: 'gpt-4o' } });
    writeFileSync(join(cwd, 'assistants', 'aac.yaml'), 'provider: azure_openai\nenvironments:\n  prod: { provider: aoai }\n  dev: { provider: opnai }\n');
    const r = await runCli(['validate'], { cwd });
    expect(r.stdout).toContain(`assistants/aac.yaml:1:11: error: provider 'azure_openai' is not allowed; expected one of: openai, foundry, portkey, zerobot, openai-agents, foundry-agents [provider]\n  hint: ${azure}\n`);
    expect(r.stdout).toContain(`[environments.prod.provider]\n  hint: ${azure}\n`);
    // A typo of aac's own keeps its did-you-mean.
    expect(r.stdout).toContain("[environments.dev.provider]\n  hint: did you mean 'openai'?\n");
    expect(r.code).toBe(1);
  });

  it('refuses an unknown --format and --provider', async () => {
    expect((await runCli(['validate', '--format', 'yaml'])).stderr).toBe("Error: unknown --format 'yaml'\n  use one of: text, json\n");
    expect((await runCli(['emulator', '--format', 'jsn'])).stderr).toBe("Error: unknown --format 'jsn'\n  use one of: text\n");
    expect((await runCli(['plan', '--format', 'markdwon'])).stderr).toContain("did you mean 'markdown'?");
    expect((await runCli(['validate', '--provider', 'aws'])).stderr).toContain("unknown --provider 'aws'");
  });

  it('a near-miss of any enumerated flag\'s value is answered as --format\'s and --provider\'s are: did you mean', async () => {
    const migrate = await runCli(['migrate', '--to', 'openai-agent', '--out', 'agents']);
    expect(migrate.stderr).toBe("Error: unknown --to 'openai-agent'\n  did you mean 'openai-agents'?\n");
    expect((await runCli(['migrate', '--to', 'assistants', '--out', 'agents'])).stderr).toBe("Error: unknown --to 'assistants'\n  use one of: openai-agents, foundry-agents\n");
    const { COMMANDS } = await import('../../src/commands/registry.js');
    const enumerated: Array<{ command: string; option: string; value: string }> = [];
    for (const [command, entry] of Object.entries(COMMANDS)) {
      for (const [option, spec] of Object.entries((await entry.load()).options)) {
        for (const value of spec.choices ?? []) enumerated.push({ command, option, value });
      }
    }
    // Those known to take a list of values are among them (a test that finds none cannot fail).
    for (const flag of ['migrate --to', 'apply --lock', 'emulator --metadata-mode']) expect(enumerated.map((e) => `${e.command} --${e.option}`)).toContain(flag);
    for (const { command, option, value } of enumerated) {
      // One letter short: `openai-agent`, `fals`, `merg`.
      const typo = value.slice(0, -1);
      const r = await runCli([command, `--${option}`, typo]);
      expect(r.code, `${command} --${option} ${typo}`).toBe(1);
      expect(r.stderr).toBe(`Error: unknown --${option} '${typo}'\n  did you mean '${value}'?\n`);
    }
  });

  it('migrate --help lists the values of --to from the backend registry, one registered later included', async () => {
    const { migrationTargets, registerBackend, backendNamed } = await import('../../src/backends/registry.js');
    const listed = async () => /^ {2}--to BACKEND +(.*)$/m.exec((await runCli(['migrate', '--help'])).stdout)?.[1];
    expect(await listed()).toBe('The backend to write definitions for: openai-agents or foundry-agents');
    expect(migrationTargets()).toEqual(['openai-agents', 'foundry-agents']);
    const unregister = registerBackend({ ...backendNamed('openai-agents')!, name: 'later-agents', providers: [] });
    try {
      expect(await listed()).toBe('The backend to write definitions for: openai-agents, foundry-agents or later-agents');
    } finally {
      unregister();
    }
  });

  it.each(['validate', 'plan', 'apply', 'import', 'emulator'])('%s --help shows its usage and the global options', async (c) => {
    const r = await runCli([c, '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Usage: aac ${c}`);
    expect(r.stdout).toContain('--dir DIR');
    expect(r.stdout).toContain('--provider NAME');
    // An option's line reads as one sentence: never two asides in a row, `… (a) (b)`.
    expect(r.stdout).not.toMatch(/\) \(/);
  });

  // Every command at once, so that a new command or a new option cannot bring the gap back: a usage
  // line that names options names each of the command's own, unless it ends in `[options]` (plan's,
  // apply's); and the help says what the command exits with, under one heading.
  it('every command\'s --help names each of its options in the usage line (or says [options]) and states its exit status', async () => {
    const { COMMANDS } = await import('../../src/commands/registry.js');
    const gaps: string[] = [];
    for (const [name, entry] of Object.entries(COMMANDS)) {
      const command = await entry.load();
      const help = (await runCli([name, '--help'])).stdout;
      const usage = /^Usage: (.*)$/m.exec(help)?.[1] ?? '';
      if (!usage.includes('[options]')) {
        for (const option of Object.keys(command.options)) if (!usage.includes(`--${option}`)) gaps.push(`${name}: --${option} not in the usage line`);
      }
      if (!/^Exit status: \d/m.test(help)) gaps.push(`${name}: no "Exit status:" line`);
    }
    expect(gaps).toEqual([]);
  });

  // A signal ends every command but the emulator with 128 + its number (cli.ts; README "Exit
  // codes"), so each help's exit status says so: a script that reads `aac validate --help` must not
  // learn that 1 is the only failure. The emulator's way to stop is a signal, and it exits 0. The
  // words are util/errors.ts's (INTERRUPTED_EXIT), the codes the shell's (the interrupts tests exit with them).
  it('every command\'s exit status names the signal exits, and the emulator\'s its 0', async () => {
    const { COMMANDS } = await import('../../src/commands/registry.js');
    const silent: string[] = [];
    for (const name of Object.keys(COMMANDS)) {
      const help = (await runCli([name, '--help'])).stdout;
      const status = (/^Exit status: .*(?:\n.+)*/m.exec(help)?.[0] ?? '').replace(/\s+/g, ' ');
      const signals = name === 'emulator' ? '0 when stopped by SIGINT (Ctrl-C), SIGTERM or SIGHUP' : '130, 143 or 129 when interrupted by SIGINT (Ctrl-C), SIGTERM or SIGHUP';
      if (!status.includes(signals)) silent.push(name);
    }
    expect(silent).toEqual([]);
  });

  // An option's description is shared by the commands that take it (--max-chars: plan's and show's):
  // one that names an option the command lacks (show's said `--markdown-out`) sends a reader to a
  // flag it refuses. Code spans (another tool's command, `git diff --name-only`) are not aac's.
  it('every option\'s help names only options of its own command', async () => {
    const { COMMANDS } = await import('../../src/commands/registry.js');
    const foreign: string[] = [];
    for (const [name, entry] of Object.entries(COMMANDS)) {
      const command = await entry.load();
      const help = (await runCli([name, '--help'])).stdout;
      const own = new Set([...Object.keys(command.options), ...[...help.matchAll(/^ {2}(?:-\w, )?--([a-z-]+)/gm)].map((m) => m[1]!)]);
      for (const [option, spec] of Object.entries(command.options)) {
        for (const [, named] of spec.description.replace(/`[^`]*`/g, '').matchAll(/--([a-z][a-z-]*)/g)) if (!own.has(named!)) foreign.push(`${name} --${option}: --${named}`);
      }
    }
    expect(foreign).toEqual([]);
  });

  it('show --help does not offer --provider, which show refuses', async () => {
    const help = await runCli(['show', '--help']);
    expect(help.stdout).toContain('--dir DIR');
    expect(help.stdout).not.toContain('--provider NAME');
    const refused = await runCli(['show', 'plan.json', '--provider', 'openai']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('aac show takes no --provider');
  });
});
