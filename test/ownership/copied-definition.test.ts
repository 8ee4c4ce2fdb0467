// A definition file copied from one definitions directory of a git repository into another: its
// key is live in the first directory's namespace, which that directory still gives. The plan says
// the file looks like a copy and offers no --adopt-namespace, and --adopt-namespace naming a
// namespace another directory of the repository still gives is refused before any request — it
// would strip that directory's marker and leave its plan failing. Outside a git repository nothing
// is known of other directories: the plan offers the take-over as before. In-process CLI against
// the openai-agents emulator over loopback.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { testDir, testEmulator } from '../helpers/each-test.js';

const KEY = 'sk-test-copied-definition';
const AGENT = 'model: gpt-5\nname: Payroll\n';

/** teams/billing and teams/hr (each its own namespace), in a git repository unless `git: false`. */
function repo({ git = true } = {}): string {
  const root = testDir('aac-copied-definition-');
  if (git) execFileSync('git', ['-C', root, 'init', '-q'], { env: { PATH: process.env.PATH, HOME: root, GIT_CONFIG_NOSYSTEM: '1' }, stdio: 'pipe' });
  const files = {
    'teams/billing/aac.yaml': 'provider: openai-agents\nnamespace: billing\n',
    'teams/billing/billing-bot.yaml': 'model: gpt-5\nname: Billing\n',
    'teams/hr/aac.yaml': 'provider: openai-agents\nnamespace: hr\n',
    'teams/hr/hr-payroll.yaml': AGENT,
  };
  for (const [rel, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, rel)), { recursive: true });
    writeFileSync(join(root, rel), content);
  }
  return root;
}

/** Applies teams/hr, then teams/billing, then copies HR's `rel` to the same path below teams/billing. */
async function applied(root: string, rel = 'hr-payroll.yaml') {
  const emu = await testEmulator({ provider: 'openai-agents', apiKey: KEY });
  const cli = (...argv: string[]) => runCli([...argv, '--no-color'], { cwd: root, env: { OPENAI_API_KEY: KEY, OPENAI_BASE_URL: emu.url, AAC_NAMESPACE: undefined } });
  for (const dir of ['teams/hr', 'teams/billing']) {
    const r = await cli('apply', '--yes', '--dir', dir);
    expect(r.code, r.stderr).toBe(0);
  }
  mkdirSync(dirname(join(root, 'teams/billing', rel)), { recursive: true });
  copyFileSync(join(root, 'teams/hr', rel), join(root, 'teams/billing', rel));
  const payroll = emu.resources().find((r) => r.name === 'Payroll')!.id as string;
  return { emu, cli, payroll };
}

it("a file copied from another directory of the repository is told as a copy, and --adopt-namespace of that directory's namespace is refused before any request", async () => {
  const root = repo();
  const { emu, cli, payroll } = await applied(root);
  const plan = await cli('plan', '--dir', 'teams/billing');
  expect(plan.code, plan.stderr).toBe(0);
  expect(plan.stdout).toContain(`'hr-payroll' (teams/billing/hr-payroll.yaml) is live as ${payroll} in the namespace 'hr' (same definition): this file looks like a copy of teams/hr/hr-payroll.yaml; that directory manages it.`);
  expect(plan.stdout).not.toContain('--adopt-namespace');

  emu.resetStats();
  for (const argv of [['plan'], ['apply', '--yes']]) {
    const r = await cli(...argv, '--adopt-namespace', 'hr', '--dir', 'teams/billing');
    expect(r.code, argv[0]).toBe(1);
    expect(r.stderr, argv[0]).toBe(
      "Error: refusing --adopt-namespace hr: 'hr' is the namespace of the definitions directory teams/hr/ in this repository (teams/hr/aac.yaml:2:12), which still manages its agents; taking them over here would leave that directory's plan with nothing it owns; nothing was changed\n"
      + '  a definition here with the key of one of them is probably a copy of a file of teams/hr/ and belongs there: remove it from teams/billing/ (or give it another key); --adopt-namespace is for the namespace this directory had before its `namespace:` changed\n',
    );
  }
  expect(emu.stats().total).toBe(0);
  // HR's agent keeps its marker: HR's plan has nothing to do.
  const hr = await cli('plan', '--dir', 'teams/hr', '--detailed-exitcode');
  expect(hr.code, hr.stdout + hr.stderr).toBe(0);
});

it('outside a git repository the other directories are unknown: the plan offers the take-over, as before', async () => {
  const root = repo({ git: false });
  const { cli, payroll } = await applied(root);
  const plan = await cli('plan', '--dir', 'teams/billing');
  expect(plan.code, plan.stderr).toBe(0);
  expect(plan.stdout).toContain(`'hr-payroll' (teams/billing/hr-payroll.yaml) is live as ${payroll} in the namespace 'hr' (same definition): did \`namespace:\` change? If so, that agent stays live and no directory manages it: to take it over instead, run \`aac plan --adopt-namespace hr --dir teams/billing\`.`);
});

it("a copy is told by the file that defines its key there, as that directory's run reads it: in a subfolder, by its `key:`, not a file its path names", async () => {
  const root = repo();
  mkdirSync(join(root, 'teams/hr/payroll'));
  renameSync(join(root, 'teams/hr/hr-payroll.yaml'), join(root, 'teams/hr/payroll/hr-payroll.yaml'));
  const { cli, payroll } = await applied(root, 'payroll/hr-payroll.yaml');
  const start = `'payroll/hr-payroll' (teams/billing/payroll/hr-payroll.yaml) is live as ${payroll} in the namespace 'hr' (same definition): this file looks like a copy of `;
  const plan = await cli('plan', '--dir', 'teams/billing');
  expect(plan.code, plan.stderr).toBe(0);
  expect(plan.stdout).toContain(`${start}teams/hr/payroll/hr-payroll.yaml; that directory manages it.`);
  // HR's file gives the key by `key:` under another name, and the file its path names gives
  // another key by its own `key:`: the one that defines it is named.
  renameSync(join(root, 'teams/hr/payroll/hr-payroll.yaml'), join(root, 'teams/hr/people.yaml'));
  writeFileSync(join(root, 'teams/hr/people.yaml'), `key: payroll/hr-payroll\n${AGENT}`);
  writeFileSync(join(root, 'teams/hr/payroll/hr-payroll.yaml'), 'key: payroll/old\nmodel: gpt-5\nname: Old\n');
  const byKey = await cli('plan', '--dir', 'teams/billing');
  expect(byKey.stdout).toContain(`${start}teams/hr/people.yaml; that directory manages it.`);
  expect(byKey.stdout).not.toContain('teams/hr/payroll/hr-payroll.yaml');
  // No valid file there defines it (its only one has an error): it may have moved from there, told so.
  writeFileSync(join(root, 'teams/hr/people.yaml'), `key: payroll/hr-payroll\n${AGENT}temprature: 1\n`);
  const none = await cli('plan', '--dir', 'teams/billing');
  expect(none.stdout).toContain(`'payroll/hr-payroll' (teams/billing/payroll/hr-payroll.yaml) is live as ${payroll} in the namespace 'hr' (same definition): teams/hr/ gives that namespace, and no valid file there defines 'payroll/hr-payroll': if this file moved here from there,`);
});

it('a file moved from another directory of the repository is not told as a copy: its agent is an orphan there, and the hand-over keeps its id', async () => {
  const root = repo();
  const { emu, cli, payroll } = await applied(root);
  // The copy made, HR's own file goes: the definition moved from teams/hr to teams/billing.
  rmSync(join(root, 'teams/hr/hr-payroll.yaml'));
  writeFileSync(join(root, 'teams/hr/other.yaml'), 'model: gpt-5\nname: Other\n');
  for (const format of ['text', 'markdown']) {
    const plan = await cli('plan', '--dir', 'teams/billing', '--format', format);
    expect(plan.code, plan.stderr).toBe(0);
    expect(plan.stdout, format).not.toContain('looks like a copy');
    expect(plan.stdout, format).toContain('no valid file there defines');
    expect(plan.stdout, format).toContain('if this file moved here from there, that agent is an orphan of');
    expect(plan.stdout, format).toContain('removes its definition and applies without --prune');
  }
  const text = await cli('plan', '--dir', 'teams/billing');
  expect(text.stdout).toContain(`'hr-payroll' (teams/billing/hr-payroll.yaml) is live as ${payroll} in the namespace 'hr' (same definition): teams/hr/ gives that namespace, and no valid file there defines 'hr-payroll': if this file moved here from there, that agent is an orphan of teams/hr/ (its prune deletes it) and this plan makes another; to hand it over, 'hr' removes its definition and applies without --prune (the agent stays live, still marked), then removes the key \`aac@hr\` from its metadata on the host (in its dashboard, or by the API's update of metadata), as no aac command removes a marker; \`id: ${payroll}\` here then adopts it.`);
  // As told: HR's --prune deletes the orphan.
  const hr = await cli('plan', '--dir', 'teams/hr', '--prune');
  expect(hr.stdout).toContain(`- hr-payroll (${payroll}) (delete: no longer defined)`);
  expect(emu.resources().filter((r) => r.name === 'Payroll')).toHaveLength(1);
});

describe('a kind addressed by name (foundry-agents): the refusal of the copied name', () => {
  const TOKEN = 'test-token-copied-definition';
  /** teams/hr applied on the Foundry emulator, then its file copied into teams/billing: the name is taken. The CLI of the repository, its root as `root`. */
  async function copiedName({ git }: { git: boolean }) {
    const root = testDir('aac-copied-name-');
    if (git) execFileSync('git', ['-C', root, 'init', '-q'], { env: { PATH: process.env.PATH, HOME: root, GIT_CONFIG_NOSYSTEM: '1' }, stdio: 'pipe' });
    for (const [rel, content] of Object.entries({
      'teams/billing/aac.yaml': 'provider: foundry-agents\nnamespace: billing\n',
      'teams/hr/aac.yaml': 'provider: foundry-agents\nnamespace: hr\n',
      'teams/hr/payroll.yaml': 'name: payroll\ndefinition: {kind: prompt, model: gpt-4o}\n',
    })) {
      mkdirSync(dirname(join(root, rel)), { recursive: true });
      writeFileSync(join(root, rel), content);
    }
    const emu = await testEmulator({ provider: 'foundry-agents', apiKey: TOKEN });
    const cli = (...argv: string[]) => runCli([...argv, '--no-color'], { cwd: root, env: { AZURE_AI_PROJECT_ENDPOINT: emu.url, AAC_FOUNDRY_TOKEN: TOKEN, AAC_NAMESPACE: undefined } });
    const hr = await cli('apply', '--yes', '--dir', 'teams/hr');
    expect(hr.code, hr.stderr).toBe(0);
    copyFileSync(join(root, 'teams/hr/payroll.yaml'), join(root, 'teams/billing/payroll.yaml'));
    return Object.assign(cli, { root });
  }

  it('names the directory that manages the namespace, and offers no --adopt-namespace, which would be refused', async () => {
    const cli = await copiedName({ git: true });
    for (const argv of [['plan'], ['apply', '--yes']]) {
      const r = await cli(...argv, '--dir', 'teams/billing');
      expect(r.code, argv[0]).toBe(1);
      expect(r.stderr, argv[0]).toContain("the agent name 'payroll' is taken by a live agent (it is managed as 'payroll' in namespace 'hr')");
      expect(r.stderr, argv[0]).toContain("'hr' is the namespace of the definitions directory teams/hr/ in this repository (teams/hr/aac.yaml:2:12), which manages it under this definition's key: this file is probably a copy of teams/hr/payroll.yaml and belongs there, so remove it; if not, choose another name");
      expect(r.stderr, argv[0]).not.toContain('--adopt-namespace');
    }
  });

  it('a file moved from that directory, which defines its key no more, is told as moved: its agent an orphan there, whose --prune frees the name', async () => {
    const cli = await copiedName({ git: true });
    rmSync(join(cli.root, 'teams/hr/payroll.yaml'));
    writeFileSync(join(cli.root, 'teams/hr/other.yaml'), 'name: other\ndefinition: {kind: prompt, model: gpt-4o}\n');
    const r = await cli('plan', '--dir', 'teams/billing');
    expect(r.code).toBe(1);
    expect(r.stderr).not.toContain('probably a copy');
    expect(r.stderr).toContain("'hr' is the namespace of the definitions directory teams/hr/ in this repository (teams/hr/aac.yaml:2:12), and no valid file there defines 'payroll': if this file moved here from there, that agent is an orphan of teams/hr/ (its prune deletes it, which frees the name); if not, choose another name");
    expect(r.stderr).not.toContain('--adopt-namespace');
  });

  it('outside a git repository the other directories are unknown: the refusal offers --adopt-namespace, as before', async () => {
    const cli = await copiedName({ git: false });
    const r = await cli('plan', '--dir', 'teams/billing');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("did `namespace:` change? 'hr' manages it under this definition's key; if not, choose another name");
    expect(r.stderr).toContain('to take over every such one, run `aac plan --adopt-namespace hr --dir teams/billing`');
  });
});
