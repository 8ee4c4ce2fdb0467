// A command aac tells the user to run next is run as printed: it carries the options that chose
// this run's namespace (here --dir, whose path in the git repository is the namespace, and
// --provider), so `aac force-unlock ID` after a locked apply, and `aac plan` after a failed one,
// reach the same namespace rather than the default directory's.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { apiEnv, harness, printedCommand, recordingProxy, type Harness } from '../apply/helpers.js';
import { runCli, type CliResult } from '../helpers/cli.js';
import { heldApply } from './helpers.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

/** A git repository with definitions in `dir` (ws/many), whose namespace an apply holds the lock of, at its question. */
async function lockedByApply(dir = 'ws/many', namespace?: string) {
  h = await harness();
  const root = h.ws.root;
  execFileSync('git', ['init', '-q'], { cwd: root });
  mkdirSync(join(root, dir), { recursive: true });
  writeFileSync(join(root, dir, 'a.yaml'), 'model: gpt-4o\nname: A\n');
  // The namespace is the directory's path in the repository (no AAC_NAMESPACE), unless given.
  const env = { ...apiEnv(h.emu.url), AAC_NAMESPACE: namespace } as Record<string, string>;
  const held = await heldApply(['--dir', dir, '--provider', 'openai'], { cwd: root, env });
  return { root, env, held };
}

/** The lock object's note, as whoever finds it on the host reads it (an assistant's description), and its id. */
async function lockOnHost(env: Record<string, string>): Promise<{ id: string; name: string; description: string }> {
  const listed = await fetch(`${h!.emu.url}/assistants`, { headers: { authorization: `Bearer ${env.OPENAI_API_KEY}`, 'OpenAI-Beta': 'assistants=v2' } });
  const lock = ((await listed.json()) as { data: Array<{ id: string; name: string; description: string | null }> }).data.find((a) => a.description?.startsWith("aac's lock"));
  expect(lock).toBeDefined();
  return { id: lock!.id, name: lock!.name, description: lock!.description! };
}

it('the force-unlock a locked apply names, and the plan a failed apply names, are run as printed', async () => {
  const { root, env, held: first } = await lockedByApply();
  // Its holder named on another host: one known to run here is offered waiting only, not force-unlock.
  const lock = h!.emu.resources().find((r) => String(r.name).startsWith('aac-lock-'))!;
  h!.emu.mutate(String(lock.id), { metadata: { ...(lock.metadata as Record<string, string>), holder: 'ci@elsewhere pid 7' } });
  const run = (argv: string[], extra: Record<string, string> = {}): Promise<CliResult> => runCli(argv, { cwd: root, env: { ...env, ...extra } });
  const refused = await run(['apply', '--yes', '--dir', 'ws/many', '--provider', 'openai']);
  expect(refused.code).toBe(1);
  const unlock = printedCommand(refused.stderr, 'or remove it now with ');
  // With --yes (as Terraform's force-unlock -force): this run has no terminal, and it runs as printed.
  expect(unlock.slice(2)).toEqual(['--yes', '--dir', 'ws/many', '--provider', 'openai']);
  const unlocked = await run(unlock);
  expect(unlocked.code, unlocked.stderr).toBe(0);
  expect(unlocked.stdout).toContain("the namespace 'ws/many' is unlocked");
  first.answer('no');
  await first.run;

  // A failed apply (the host refuses the create) names the plan and the apply to run next.
  const proxy = await recordingProxy(h.emu.url, (req) => (req.method === 'POST' ? { status: 400, message: 'refused' } : undefined));
  try {
    const failed = await run(['apply', '--yes', '-lock=false', '--dir', 'ws/many'], { OPENAI_BASE_URL: proxy.url });
    expect(failed.code).toBe(1);
    // `Then, run \`aac plan …\` to see what is left` (the host refused the create: changed first).
    const plan = printedCommand(failed.stdout + failed.stderr, 'run ');
    expect(plan).toEqual(['plan', '--dir', 'ws/many']);
    const left = await run(plan);
    expect(left.code, left.stderr).toBe(0);
    expect(left.stdout).toContain("in namespace 'ws/many'");
    expect(left.stdout).toContain('Plan: 1 to create');
    // Without a terminal the apply to finish with carries --yes, or it would be refused for want of
    // confirmation; run as printed, it finishes. At a terminal it asks, so it is printed without.
    const again = printedCommand(failed.stdout + failed.stderr, 'and ');
    expect(again).toEqual(['apply', '--yes', '--dir', 'ws/many']);
    const atTerminal = await runCli(['apply', '-lock=false', '--dir', 'ws/many'], { cwd: root, env: { ...env, OPENAI_BASE_URL: proxy.url }, interactive: true, prompt: () => Promise.resolve('yes') });
    expect(atTerminal.code).toBe(1);
    expect(atTerminal.stdout + atTerminal.stderr).toContain('and `aac apply --dir ws/many` again to finish');
    const finished = await run(again);
    expect(finished.code, finished.stderr).toBe(0);
    expect(finished.stdout).toContain('Apply complete: 1 created');
  } finally {
    await proxy.close();
  }
});

it("the lock object's note on the host names the force-unlock that reaches its namespace, by the lock's name, which works as printed", async () => {
  const { root, env, held } = await lockedByApply();
  const lock = await lockOnHost(env);
  expect(lock.description).toContain("aac's lock on the namespace 'ws/many'");
  const command = /If that run is gone: aac (force-unlock \S+ [^.]*)\./.exec(lock.description)?.[1];
  expect(command).toBe(`force-unlock ${lock.name} --yes --dir ws/many --provider openai`);
  // Its holder, the held run, is this test's own process: still running here, hence --even-if-running.
  const unlocked = await runCli([...command!.split(' '), '--even-if-running'], { cwd: root, env });
  expect(unlocked.code, unlocked.stderr).toBe(0);
  expect(unlocked.stdout).toContain("the namespace 'ws/many' is unlocked");
  held.answer('no');
  await held.run;
});

// The note has room for 256 characters: a command that does not fit is never cut mid-way (it would
// run as another), but said in words; every sentence is whole, who holds it left out before the command.
it("a force-unlock too long for the lock object's note is said in words, never cut; one that fits is whole", async () => {
  const namespace = `team-${'n'.repeat(55)}`;
  const { root, env, held } = await lockedByApply(`ws/${'d'.repeat(60)}/${'e'.repeat(60)}/many`, namespace);
  const lock = await lockOnHost(env);
  expect(lock.description).toBe(`aac's lock on the namespace '${namespace}', deleted when its run ends. If that run is gone: aac force-unlock ${lock.name}, with the options its apply was given.`);
  const unlocked = await runCli(['force-unlock', lock.id, '--dir', `ws/${'d'.repeat(60)}/${'e'.repeat(60)}/many`, '--provider', 'openai', '--yes', '--even-if-running'], { cwd: root, env });
  expect(unlocked.code, unlocked.stderr).toBe(0);
  held.answer('no');
  await held.run;
  await h!.close();

  // Room for the command, not for who holds it after it: the command whole, the holder left out.
  const dir = `ws/${'d'.repeat(19)}`;
  const again = await lockedByApply(dir, namespace);
  const fits = await lockOnHost(again.env);
  expect(fits.description).toBe(`aac's lock on the namespace '${namespace}', deleted when its run ends. If that run is gone: aac force-unlock ${fits.name} --yes --dir ${dir} --provider openai.`);
  again.held.answer('no');
  await again.held.run;
});
