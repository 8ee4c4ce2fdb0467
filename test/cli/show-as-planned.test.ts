// `aac show PLAN` prints a saved plan as `aac plan` printed it: the file records what the plan's
// notes name beyond the live state — the other definitions directory of the repository that
// manages a create's twin, and the overlay directory of the plan's environment, where a pin goes
// (1.21) — and a file of an earlier format is still read and shown, in the words it allows. A
// `--env` other than the plan's is refused with the plan command for it in the plan's own
// directory. In-process CLI against the emulator over loopback, in a git repository.
import { execFileSync } from 'node:child_process';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { testDir, testEmulator } from '../helpers/each-test.js';
import { writeFile } from '../environments/helpers.js';
import { expectDocument } from '../output-schemas/schemas.js';

const KEY = 'sk-test-show-as-planned';

it('show prints what plan printed: the managing directory of a copied file and the overlay file of a pin; an earlier file shows without them; --env names the plan\'s --dir', async () => {
  const emu = await testEmulator({ apiKey: KEY });
  const cwd = testDir('aac-show-as-planned-');
  execFileSync('git', ['-C', cwd, 'init', '-q'], { env: { PATH: process.env.PATH, HOME: cwd, GIT_CONFIG_NOSYSTEM: '1' }, stdio: 'pipe' });
  writeFile(cwd, 'teams/hr/aac.yaml', 'namespace: hr\n');
  writeFile(cwd, 'teams/hr/hr-payroll.yaml', 'model: gpt-4o\nname: Payroll\n');
  writeFile(cwd, 'teams/billing/aac.yaml', 'namespace: billing\nenvironments:\n  dev: { namespace: billing-dev }\n');
  writeFile(cwd, 'teams/billing/bot.yaml', 'model: gpt-4o\nname: Bot\n');
  const env = { OPENAI_API_KEY: KEY, OPENAI_BASE_URL: emu.url, AAC_NAMESPACE: undefined, AAC_ENV: undefined };
  const cli = (...argv: string[]) => runCli([...argv, '--no-color'], { cwd, env });
  expect((await cli('apply', '--yes', '--dir', 'teams/hr')).code).toBe(0);
  copyFileSync(join(cwd, 'teams/hr/hr-payroll.yaml'), join(cwd, 'teams/billing/hr-payroll.yaml'));
  // Bot is live with no marker: the plan says to pin it, in dev's overlay.
  const [bot] = emu.seed([{ model: 'gpt-4o', name: 'Bot' }]);

  const planned = await cli('plan', '--dir', 'teams/billing', '--env', 'dev', '--out', 'p.json');
  expect(planned.code, planned.stderr).toBe(0);
  const copy = "this file looks like a copy of teams/hr/hr-payroll.yaml; that directory manages it.";
  const pin = `pin it with \`id: ${bot!.id as string}\` in teams/billing/overlays/dev/bot.yaml to take it over.`;
  expect(planned.stdout).toContain(copy);
  expect(planned.stdout).toContain(pin);
  const saved = readFileSync(join(cwd, 'p.json'), 'utf8');
  expectDocument('plan', saved);
  const doc = JSON.parse(saved);
  expect(doc.overlays).toBe('teams/billing/overlays/dev');
  expect(doc.resource_changes.find((c: { key: string }) => c.key === 'hr-payroll').live_elsewhere.managed_by).toEqual({ dir: 'teams/hr', file: 'teams/hr/hr-payroll.yaml' });
  // Every line plan printed but the closing one on saving.
  const shown = await cli('show', 'p.json');
  expect(shown.code, shown.stderr).toBe(0);
  expect(shown.stdout).toBe(planned.stdout.slice(0, planned.stdout.indexOf('\nSaved the plan to p.json.')));
  for (const format of ['markdown']) {
    const a = await cli('plan', '--dir', 'teams/billing', '--env', 'dev', '--format', format);
    const b = await cli('show', 'p.json', '--format', format);
    expect(b.stdout, format).toBe(a.stdout);
  }
  // apply of the saved plan does not look the directories up again, and finds nothing stale in it.
  const applied = await cli('apply', 'p.json', '--dir', 'teams/billing', '-lock=false');
  expect(applied.code, applied.stderr).toBe(0);

  // As 1.20 wrote it: neither recorded; read, valid, and shown in the words it allows.
  const { overlays: _o, ...older } = { ...doc, format_version: '1.20', resource_changes: doc.resource_changes.map((c: { live_elsewhere?: Record<string, unknown> }) => {
    if (!c.live_elsewhere) return c;
    const { managed_by: _m, ...twin } = c.live_elsewhere;
    return { ...c, live_elsewhere: twin };
  }) };
  writeFileSync(join(cwd, 'old.json'), JSON.stringify(older, null, 2));
  expectDocument('plan', JSON.stringify(older));
  const old = await cli('show', 'old.json');
  expect(old.code, old.stderr).toBe(0);
  expect(old.stdout).toContain(`pin it with \`id: ${bot!.id as string}\` in the overlay of 'bot' for the environment 'dev' to take it over.`);
  expect(old.stdout).toContain("did `namespace:` change? If so, that assistant stays live and no directory manages it");

  // Another environment: the plan to make reads the plan's directory, wherever show is run from.
  const other = await cli('show', 'p.json', '--env', 'prod');
  expect(other.code).toBe(1);
  expect(other.stderr).toContain("make a plan for prod: aac plan --out prod.plan.json --dir teams/billing --env prod");
});
