// Terraform's TF_WORKSPACE and TF_LOG, set in a CI job or a shell, are never acted on (a
// TF_WORKSPACE set for a Terraform step of the same job must not move aac's run), but a run they
// may have been meant for is told aac's own flag, once, on stderr: TF_WORKSPACE naming a declared
// environment other than the run's (--env, AAC_ENV), TF_LOG without --debug. In-process CLI against
// an emulator over loopback.
import { expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { emulatedProject, type EmulatedProject } from '../helpers/project.js';

const KEY = 'sk-test-terraform-variables';

const project = () => emulatedProject({
  'assistants/aac.yaml': 'provider: openai\nenvironments:\n  dev: {namespace: team-dev}\n  prod: {namespace: team-prod}\n',
  'assistants/bot.yaml': 'model: gpt-4o\n',
}, KEY, { git: true });

const occurrences = (text: string, part: string) => text.split(part).length - 1;

it('TF_WORKSPACE naming another declared environment is said once, with --env and AAC_ENV; the run stays where aac chose', async () => {
  const p = await project();
  const other = "Warning: TF_WORKSPACE is 'prod' (set in the environment), but this run is in the environment 'dev' (--env): aac does not read Terraform's TF_WORKSPACE\n  to run in 'prod', pass --env prod (or set AAC_ENV=prod); else unset TF_WORKSPACE for aac (`env -u TF_WORKSPACE aac …`) to leave this unsaid\n";
  const r = await runWith(p, ['plan', '--env', 'dev', '--format', 'json'], { TF_WORKSPACE: 'prod' });
  expect(r.code, r.stderr).toBe(0);
  expect(occurrences(r.stderr, other)).toBe(1);
  // Planned in dev, as --env said: dev's namespace.
  expect(JSON.parse(r.stdout).target).toMatchObject({ environment: 'dev', namespace: 'team-dev' });
  const byVariable = await runWith(p, ['plan'], { TF_WORKSPACE: 'prod', AAC_ENV: 'dev' });
  expect(byVariable.stderr).toContain("but this run is in the environment 'dev' (AAC_ENV)");
  // None chosen where plan needs one: said before the refusal, which names no request.
  const none = await runWith(p, ['plan'], { TF_WORKSPACE: 'prod' });
  expect(none.code).toBe(1);
  expect(none.stderr).toContain("Warning: TF_WORKSPACE is 'prod' (set in the environment), which aac does not read: it chooses no environment\n  to run in 'prod', pass --env prod (or set AAC_ENV=prod)\n");
  expect(none.stderr).toContain('Error: aac.yaml declares environments (dev, prod): choose one for plan with --env NAME or AAC_ENV');
  expect(none.requests).toBe(0);
  // Not said: the same environment, one aac.yaml does not declare (Terraform's own), a run of every environment.
  for (const [argv, env] of [[['plan', '--env', 'prod'], { TF_WORKSPACE: 'prod' }], [['plan', '--env', 'dev'], { TF_WORKSPACE: 'staging' }], [['plan', '--env', 'dev'], { TF_WORKSPACE: 'default' }], [['validate'], { TF_WORKSPACE: 'prod' }]] as const) {
    const quiet = await runWith(p, [...argv], env);
    expect(quiet.stderr, argv.join(' ')).not.toContain('TF_WORKSPACE');
  }
});

it('TF_LOG without --debug is told --debug, once; with --debug, nothing', async () => {
  const p = await project();
  const r = await runWith(p, ['plan', '--env', 'dev'], { TF_LOG: 'TRACE' });
  expect(r.code, r.stderr).toBe(0);
  expect(occurrences(r.stderr, "Warning: TF_LOG is set (in the environment), which aac does not read\n  aac's log is --debug (each API request on stderr); unset TF_LOG for aac (`env -u TF_LOG aac …`) to leave this unsaid\n")).toBe(1);
  expect(r.stderr).not.toContain('TRACE');
  const debug = await runWith(p, ['plan', '--env', 'dev', '--debug'], { TF_LOG: 'TRACE' });
  expect(debug.stderr).not.toContain('TF_LOG');
  expect(debug.stderr).toContain('GET ');
});

/** `aac ...argv --no-color` in the project `p` against its emulator, with `env` (and none of the variables of this test unless given); `requests`: how many the emulator answered. */
async function runWith(p: EmulatedProject, argv: readonly string[], env: Record<string, string>) {
  const before = p.emu.stats().total;
  const r = await runCli([...argv, '--no-color'], { cwd: p.root, env: { OPENAI_API_KEY: KEY, OPENAI_BASE_URL: p.emu.url, AAC_NAMESPACE: undefined, AAC_ENV: undefined, TF_WORKSPACE: undefined, TF_LOG: undefined, ...env } });
  return { ...r, requests: p.emu.stats().total - before };
}
