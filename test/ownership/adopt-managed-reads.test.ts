// `--adopt-namespace` naming a namespace another definitions directory of the repository still
// gives is refused by where that directory's aac.yaml gives it: the refusal reads none of that
// directory's definition files (only a plan's note about a copied file needs them). A run leaves
// the parse cache (src/desired/parse-cache.ts) a file for each definitions directory it loaded, in
// TMPDIR: the refusal leaves none for the other directory. Child CLI against the openai-agents
// emulator over loopback.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, realpathSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { dirname, join } from 'node:path';
import { expect, it } from 'vitest';
import { runChild } from '../helpers/child-cli.js';
import { testDir, testEmulator } from '../helpers/each-test.js';

const KEY = 'sk-test-adopt-managed-reads';

it("the refusal of --adopt-namespace of another directory's namespace reads none of that directory's definition files", async () => {
  const root = testDir('aac-adopt-managed-');
  execFileSync('git', ['-C', root, 'init', '-q'], { env: { PATH: process.env.PATH, HOME: root, GIT_CONFIG_NOSYSTEM: '1' }, stdio: 'pipe' });
  const files = {
    'teams/billing/aac.yaml': 'provider: openai-agents\nnamespace: billing\n',
    'teams/billing/billing-bot.yaml': 'model: gpt-5\nname: Billing\n',
    'teams/hr/aac.yaml': 'provider: openai-agents\nnamespace: hr\n',
    'teams/hr/hr-payroll.yaml': 'model: gpt-5\nname: Payroll\n',
  };
  for (const [rel, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, rel)), { recursive: true });
    writeFileSync(join(root, rel), content);
  }
  const emu = await testEmulator({ provider: 'openai-agents', apiKey: KEY });
  const tmp = testDir('aac-tmp-');
  const cache = join(tmp, `aac-parse-cache-${process.getuid?.() ?? 'user'}`);
  // The parse cache names a directory's file by the sha256 of its real path.
  const scope = (rel: string) => `${createHash('sha256').update(realpathSync(join(root, rel))).digest('hex').slice(0, 16)}.`;
  const cached = () => (existsSync(cache) ? readdirSync(cache) : []);
  const r = await runChild(['plan', '--adopt-namespace', 'hr', '--dir', 'teams/billing', '--no-color'], { cwd: root, env: { TMPDIR: tmp, OPENAI_API_KEY: KEY, OPENAI_BASE_URL: emu.url, HOME: root, GIT_CONFIG_NOSYSTEM: '1' }, deadlineMs: 60_000 });
  expect(r.code, r.stderr).toBe(1);
  expect(r.stderr).toContain("refusing --adopt-namespace hr: 'hr' is the namespace of the definitions directory teams/hr/ in this repository (teams/hr/aac.yaml:2:12)");
  expect(cached().filter((f) => f.startsWith(scope('teams/hr')))).toEqual([]);
  // The cache is kept where a run loads a directory: teams/hr's own plan leaves its file.
  const own = await runChild(['validate', '--dir', 'teams/hr', '--no-color'], { cwd: root, env: { TMPDIR: tmp, HOME: root, GIT_CONFIG_NOSYSTEM: '1' }, deadlineMs: 60_000 });
  expect(own.code, own.stderr).toBe(0);
  expect(cached().filter((f) => f.startsWith(scope('teams/hr')))).toHaveLength(1);
}, 120_000);
