// `aac apply PLANFILE` checks what needs no request before it sends any: a plan made for another
// endpoint, provider, namespace or environment — or whose definitions changed — is refused with
// no request of any kind (no lock, no listing, no credential sent to a host the plan was not made
// for). `aac show` never sends one either.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { afterTest, testDir, testEmulator } from '../helpers/each-test.js';
import { API_KEY, workspace, type Workspace } from './helpers.js';
import { projectDir } from '../helpers/project.js';

const emulator = () => testEmulator({ apiKey: API_KEY });
function ws(): Workspace {
  const w = workspace({ faq: { model: 'gpt-4o', name: 'FAQ' } });
  afterTest(() => w.cleanup());
  return w;
}

/** Another --dir than the plan's is said as what happened: the file records the directory it was made from, and the fix applies it there. */
const ELSEWHERE = "Error: the saved plan dev2.json was made from envs/ (namespace support, environment dev); this run reads assistants/, so nothing was applied:";
const HINT = 'run `aac apply dev2.json --dir envs --env dev`';
const NEVER = (variable: string) => `never set ${variable} to the plan's endpoint because the file names it: a plan file can be edited, and the host ${variable} names is sent the key`;
const endpointOf = (root: string, file: string) => (JSON.parse(readFileSync(join(root, file), 'utf8')) as { target: { endpoint: string } }).target.endpoint;

describe('a saved plan for another target is refused before any request', () => {
  it('another endpoint, namespace and environment at once (another --dir than the plan\'s): the other host gets no request, even with --debug', async () => {
    const planned = await emulator();
    const other = await emulator();
    const w = ws();
    writeFileSync(join(w.root, 'assistants', 'aac.yaml'), 'namespace: demo\n');
    mkdirSync(join(w.root, 'envs'));
    writeFileSync(join(w.root, 'envs', 'aac.yaml'), `namespace: support\nenvironments:\n  dev: { endpoint: "${planned.url}" }\n`);
    writeFileSync(join(w.root, 'envs', 'faq.yaml'), 'model: gpt-4o\nname: FAQ\n');
    const env = { OPENAI_API_KEY: API_KEY, AAC_NAMESPACE: undefined };
    const plan = await runCli(['plan', '--dir', 'envs', '--env', 'dev', '--out', 'dev2.json'], { cwd: w.root, env });
    expect(plan.code, plan.stderr).toBe(0);
    const before = planned.stats().total;

    const r = await runCli(['apply', 'dev2.json', '--dir', 'assistants', '--debug'], { cwd: w.root, env: { ...env, OPENAI_BASE_URL: other.url } });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain([
      ELSEWHERE,
      `  - the plan was made for another endpoint: openai at ${endpointOf(w.root, 'dev2.json')}, but this run targets openai at ${other.url}`,
      "  - the plan was made for the namespace 'support', but this run's namespace is 'demo'",
      "  - the plan was made in environment 'dev', but this run is without an environment",
    ].join('\n'));
    expect(r.stderr).toContain(HINT);
    expect(r.stderr).not.toContain('--namespace');
    expect(r.stderr).not.toContain('[debug]');
    expect(other.stats().total).toBe(0);
    expect(planned.stats().total).toBe(before);
  });

  it('each of endpoint, namespace and provider alone, with the lock and without: no request', async () => {
    const planned = await emulator();
    const other = await emulator();
    const w = ws();
    const env = { OPENAI_API_KEY: API_KEY, OPENAI_BASE_URL: planned.url };
    const plan = await runCli(['plan', '--out', 'p.json'], { cwd: w.root, env });
    expect(plan.code, plan.stderr).toBe(0);
    const endpoint = endpointOf(w.root, 'p.json');
    const before = planned.stats().total;
    const cases: Array<{ argv: string[]; env: Record<string, string | undefined>; reason: string }> = [
      { argv: [], env: { OPENAI_BASE_URL: other.url }, reason: `the plan was made for another endpoint: openai at ${endpoint}, but this run targets openai at ${other.url}` },
      { argv: [], env: { AAC_NAMESPACE: 'other-team' }, reason: "the plan was made for the namespace 'test', but this run's namespace is 'other-team'" },
      { argv: ['--provider', 'zerobot'], env: { ZEROBOT_BASE_URL: planned.url, ZEROBOT_API_KEY: API_KEY }, reason: `the plan was made for another provider: openai at ${endpoint}, but this run's provider is zerobot` },
      // Refused before the client is made, which would first ask for that provider's key.
      { argv: ['--provider', 'portkey'], env: {}, reason: `the plan was made for another provider: openai at ${endpoint}, but this run's provider is portkey` },
    ];
    for (const c of cases) {
      for (const lock of [[], ['-lock=false']]) {
        const r = await runCli(['apply', 'p.json', ...lock, ...c.argv], { cwd: w.root, env: { ...env, ...c.env } });
        expect(r.code, r.stderr).toBe(1);
        const is = c.argv.includes('--provider') ? 'is for another provider' : c.env.AAC_NAMESPACE ? 'was made for another namespace' : "was made for another endpoint than this run's, which OPENAI_BASE_URL sets";
        expect(r.stderr).toContain(`Error: the saved plan p.json ${is}, so nothing was applied:\n  - ${c.reason}\n`);
        // The fix for a plan applied with another provider is the plan's own, not a new plan for this one.
        if (c.argv.includes('--provider')) expect(r.stderr).toContain('apply it with the provider it was made for: `aac apply p.json --provider openai`');
        // Nor is it for a namespace another one was given for: the plan's own, typed, or a new plan here.
        if (c.env.AAC_NAMESPACE) expect(r.stderr).toContain("apply it in the namespace it was made for: `aac apply p.json --namespace test`; or make a new plan in 'other-team' with `aac plan --out p.json`");
        // Nor for another endpoint: the variable checked, and a new plan made where it points at the
        // endpoint meant; never the variable pointed at the file's endpoint, which an edit could change.
        if (c.env.OPENAI_BASE_URL) expect(r.stderr).toContain(`check OPENAI_BASE_URL in this run's environment and set it to the endpoint you intend (or unset it for the provider's default), then make a new plan with \`aac plan --out p.json\`, review it, and apply that; ${NEVER('OPENAI_BASE_URL')}`);
        expect(r.stderr).not.toContain(`to ${endpoint}`);
        expect(planned.stats().total, `${c.reason} ${lock.join('')}`).toBe(before);
        expect(other.stats().total).toBe(0);
      }
    }
  });

  it("an endpoint variable left pointing elsewhere is plan-other-endpoint, never stale: the fix unsets it, and a new plan is offered only when aac.yaml's endpoint is what changed", async () => {
    const dev = await emulator();
    const prod = await emulator();
    const w = ws();
    const config = join(w.root, 'assistants', 'aac.yaml');
    writeFileSync(config, `namespace: envt\nenvironments:\n  dev: { endpoint: "${dev.url}" }\n  prod: { endpoint: "${prod.url}", namespace: envt-prod }\n`);
    const env = { OPENAI_API_KEY: API_KEY, OPENAI_BASE_URL: undefined, AAC_NAMESPACE: undefined };
    expect((await runCli(['plan', '--env', 'prod', '--out', 'prod.json'], { cwd: w.root, env })).code).toBe(0);
    const planned = endpointOf(w.root, 'prod.json');
    const before = { dev: dev.stats().total, prod: prod.stats().total };
    // Left exported from dev work.
    const r = await runCli(['apply', 'prod.json', '--format', 'json'], { cwd: w.root, env: { ...env, OPENAI_BASE_URL: dev.url } });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`Error: the saved plan prod.json was made for another endpoint than this run's, which OPENAI_BASE_URL sets, so nothing was applied:\n  - the plan was made for another endpoint: openai at ${planned}, but this run targets openai at ${dev.url}\n`);
    expect(r.stderr).toContain(`OPENAI_BASE_URL overrides \`endpoint:\` of environment 'prod' (assistants/aac.yaml:4:21), ${planned}, where the plan was made: unset OPENAI_BASE_URL and run \`aac apply prod.json --env prod\` (or apply it where the plan was made)`);
    expect(r.stderr).not.toContain('make a new plan');
    expect(r.stderr).not.toContain('stale');
    expect(JSON.parse(r.stdout).diagnostics.at(-1)).toMatchObject({ code: 'plan-other-endpoint' });
    // In GitHub Actions, the action's `endpoint` input is what sets the variable.
    const inActions = await runCli(['apply', 'prod.json'], { cwd: w.root, env: { ...env, OPENAI_BASE_URL: dev.url, GITHUB_ACTIONS: 'true' } });
    expect(inActions.stderr).toContain("which OPENAI_BASE_URL (set by the action's `endpoint` input or the workflow's env) sets");
    expect({ dev: dev.stats().total, prod: prod.stats().total }).toEqual(before);
    // The variable unset, as the hint says: the plan applies on its own host.
    const applied = await runCli(['apply', 'prod.json', '--env', 'prod'], { cwd: w.root, env });
    expect(applied.code, applied.stderr).toBe(0);

    // aac.yaml's own endpoint moved since the plan was made: a new plan is the fix, and said so.
    expect((await runCli(['plan', '--env', 'prod', '--out', 'prod.json'], { cwd: w.root, env })).code).toBe(0);
    writeFileSync(config, `namespace: envt\nenvironments:\n  prod: { endpoint: "${dev.url}", namespace: envt-prod }\n`);
    const moved = await runCli(['apply', 'prod.json'], { cwd: w.root, env });
    expect(moved.code).toBe(1);
    expect(moved.stderr).toContain("the saved plan prod.json was made for another endpoint than this run's, which `endpoint:` of environment 'prod' (assistants/aac.yaml:3:21) sets, so nothing was applied:");
    // The plan recorded where its endpoint came from (1.19): the one cause is named, never the URL recorded twice.
    const file = JSON.parse(readFileSync(join(w.root, 'prod.json'), 'utf8')) as Record<string, unknown>;
    expect(file.endpoint_from).toEqual({ source: 'aac.yaml', file: 'assistants/aac.yaml', line: 4, column: 21, environment: 'prod' });
    expect(moved.stderr).toContain(`aac.yaml's endpoint changed since the plan was made (then \`endpoint:\` of environment 'prod' (assistants/aac.yaml:4:21)): make a new plan with \`aac plan --out prod.json --env prod\`, review it, and apply that`);
    expect(moved.stderr).not.toContain('OPENAI_BASE_URL');
    // A file before 1.19 does not say which cause: the fix named covers both.
    const { endpoint_from: _, ...older } = file;
    writeFileSync(join(w.root, 'old.json'), JSON.stringify({ ...older, format_version: '1.18' }));
    const old = await runCli(['apply', 'old.json'], { cwd: w.root, env });
    expect(old.stderr).toContain(`  set OPENAI_BASE_URL to the endpoint you intend, if not aac.yaml's, then make a new plan with \`aac plan --out old.json --env prod\`, review it, and apply that; ${NEVER('OPENAI_BASE_URL')}`);
    expect(old.stderr).not.toContain(`to ${planned}`);

    // Made with the variable set over aac.yaml's: the variable is the cause, set to the endpoint meant for a new plan, never to the file's.
    expect((await runCli(['plan', '--env', 'prod', '--out', 'var.json'], { cwd: w.root, env: { ...env, OPENAI_BASE_URL: prod.url } })).code).toBe(0);
    const byVariable = JSON.parse(readFileSync(join(w.root, 'var.json'), 'utf8')) as Record<string, unknown>;
    expect(byVariable.endpoint_from).toEqual({ source: 'variable', variable: 'OPENAI_BASE_URL' });
    const unset = await runCli(['apply', 'var.json'], { cwd: w.root, env });
    expect(unset.code).toBe(1);
    expect(unset.stderr).toContain(`the plan was made with OPENAI_BASE_URL set: set OPENAI_BASE_URL to the endpoint you intend, if not aac.yaml's, then make a new plan with \`aac plan --out var.json --env prod\`, review it, and apply that; ${NEVER('OPENAI_BASE_URL')}`);
    expect(unset.stderr).not.toContain(`to ${endpointOf(w.root, 'var.json')}`);
  });

  it('every backend names its own endpoint variable (foundry-agents: AZURE_AI_PROJECT_ENDPOINT), with no aac.yaml endpoint: the variable checked and a new plan made, never the variable set to the file\'s endpoint', async () => {
    const planned = await testEmulator({ provider: 'foundry-agents' });
    const other = await testEmulator({ provider: 'foundry-agents' });
    const w = ws();
    mkdirSync(join(w.root, 'fa'));
    writeFileSync(join(w.root, 'fa', 'aac.yaml'), 'provider: foundry-agents\nnamespace: fa\n');
    writeFileSync(join(w.root, 'fa', 'helper.yaml'), 'name: helper\ndefinition:\n  kind: prompt\n  model: gpt-4o\n  instructions: Help.\n');
    const env = { AAC_FOUNDRY_TOKEN: 'tok-test', AZURE_AI_PROJECT_ENDPOINT: planned.url, AAC_NAMESPACE: undefined };
    const plan = await runCli(['plan', '--dir', 'fa', '--out', 'fa.json'], { cwd: w.root, env });
    expect(plan.code, plan.stderr).toBe(0);
    const endpoint = endpointOf(w.root, 'fa.json');
    const r = await runCli(['apply', 'fa.json', '--dir', 'fa', '--format', 'json'], { cwd: w.root, env: { ...env, AZURE_AI_PROJECT_ENDPOINT: other.url } });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("was made for another endpoint than this run's, which AZURE_AI_PROJECT_ENDPOINT sets, so nothing was applied:");
    expect(r.stderr).toContain(`check AZURE_AI_PROJECT_ENDPOINT in this run's environment and set it to the endpoint you intend (or unset it for the provider's default), then make a new plan with \`aac plan --out fa.json --dir fa\`, review it, and apply that; ${NEVER('AZURE_AI_PROJECT_ENDPOINT')}`);
    expect(r.stderr).not.toContain(`to ${endpoint}`);
    expect(JSON.parse(r.stdout).diagnostics.at(-1)).toMatchObject({ code: 'plan-other-endpoint' });
    expect(other.stats().total).toBe(0);
  });

  it("a plan file whose endpoint was edited never steers the key there: both endpoints named, redacted, and the fix is this run's variable checked and a new plan", async () => {
    const emu = await emulator();
    const foundry = await testEmulator({ provider: 'foundry-agents' });
    const w = ws();
    mkdirSync(join(w.root, 'fa'));
    writeFileSync(join(w.root, 'fa', 'aac.yaml'), 'provider: foundry-agents\nnamespace: fa\n');
    writeFileSync(join(w.root, 'fa', 'helper.yaml'), 'name: helper\ndefinition:\n  kind: prompt\n  model: gpt-4o\n  instructions: Help.\n');
    writeFileSync(join(w.root, 'assistants', 'aac.yaml'), 'namespace: oa\n');
    const elsewhere = 'https://collector:hunter2@attacker.example/v1?api-key=s3cret-in-url';
    const cases = [
      { dir: 'assistants', variable: 'OPENAI_BASE_URL', env: { OPENAI_API_KEY: API_KEY, OPENAI_BASE_URL: emu.url } },
      { dir: 'fa', variable: 'AZURE_AI_PROJECT_ENDPOINT', env: { AAC_FOUNDRY_TOKEN: 'tok-test', AZURE_AI_PROJECT_ENDPOINT: foundry.url } },
    ];
    for (const c of cases) {
      const env = { ...c.env, AAC_NAMESPACE: undefined };
      const plan = await runCli(['plan', '--dir', c.dir, '--out', 'p.json'], { cwd: w.root, env });
      expect(plan.code, plan.stderr).toBe(0);
      const file = JSON.parse(readFileSync(join(w.root, 'p.json'), 'utf8')) as { target: { endpoint: string } };
      file.target.endpoint = elsewhere;
      writeFileSync(join(w.root, 'p.json'), JSON.stringify(file));
      const before = { emu: emu.stats().total, foundry: foundry.stats().total };
      const r = await runCli(['apply', 'p.json', '--dir', c.dir], { cwd: w.root, env });
      expect(r.code).toBe(1);
      const now = c.env[c.variable as keyof typeof c.env] as string;
      expect(r.stderr).toContain(`  - the plan was made for another endpoint: ${c.dir === 'fa' ? 'foundry-agents' : 'openai'} at https://[redacted]@attacker.example/v1?api-key=[redacted], but this run targets ${c.dir === 'fa' ? 'foundry-agents' : 'openai'} at ${now}\n`);
      expect(r.stderr).toContain(`check ${c.variable} in this run's environment and set it to the endpoint you intend (or unset it for the provider's default), then make a new plan with \`aac plan --out p.json${c.dir === 'fa' ? ' --dir fa' : ''}\`, review it, and apply that; ${NEVER(c.variable)}`);
      expect(r.stderr).not.toContain('attacker.example/v1, the endpoint');
      expect(r.stderr).not.toMatch(/set \w+ to https:\/\/\S*attacker/);
      expect(r.stderr).not.toContain('hunter2');
      expect(r.stderr).not.toContain('s3cret-in-url');
      expect({ emu: emu.stats().total, foundry: foundry.stats().total }).toEqual(before);
    }
  });

  it("a plan whose namespace was the directory's own (aac.yaml) is never offered --namespace: the run's override is what to drop, or the plan is made again", async () => {
    const emu = await emulator();
    const w = ws();
    writeFileSync(join(w.root, 'assistants', 'aac.yaml'), 'namespace: support\n');
    const env = { OPENAI_API_KEY: API_KEY, OPENAI_BASE_URL: emu.url, AAC_NAMESPACE: undefined };
    expect((await runCli(['plan', '--out', 'p.json'], { cwd: w.root, env })).code).toBe(0);
    expect(JSON.parse(readFileSync(join(w.root, 'p.json'), 'utf8'))).toMatchObject({ format_version: '1.21', namespace_from: 'aac.yaml' });
    const refused = async (argv: string[], extra: Record<string, string>) => {
      const r = await runCli(['apply', 'p.json', ...argv], { cwd: w.root, env: { ...env, ...extra } });
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('Error: the saved plan p.json was made for another namespace, so nothing was applied:');
      expect(r.stderr).not.toContain('--namespace support');
      return r.stderr;
    };
    const made = "it was made in 'support', the namespace the directory's aac.yaml set";
    expect(await refused([], { AAC_NAMESPACE: 'other' })).toContain(`${made}; this run's 'other' comes from AAC_NAMESPACE: to apply it in its own, unset AAC_NAMESPACE and run \`aac apply p.json\`; or make a new plan in 'other' with \`aac plan --out p.json\``);
    expect(await refused(['--namespace', 'other'], {})).toContain(`${made}; this run's 'other' comes from --namespace: to apply it in its own, run \`aac apply p.json\`, without --namespace; or make a new plan in 'other' with \`aac plan --out p.json --namespace other\``);
    // The directory moved to another namespace since, which the file cannot tell from an edit of
    // its own target.namespace: both are said, and the plan is made again there.
    writeFileSync(join(w.root, 'assistants', 'aac.yaml'), 'namespace: moved\n');
    const moved = await runCli(['apply', 'p.json'], { cwd: w.root, env });
    expect(moved.code).toBe(1);
    expect(moved.stderr).toMatch(/^Error: p\.json:\d+:\d+: target\.namespace is 'support', but its namespace_from says aac\.yaml set it, and aac\.yaml sets 'moved' \(assistants\/aac\.yaml:1:12\): the plan file was edited after it was saved, or aac\.yaml's namespace changed since, or this run is not in the working directory the plan was made in \(the file names its directory assistants relative to that one\); nothing was changed\n/);
    expect(moved.stderr).toContain("a plan file is applied only as `aac plan --out` wrote it: make a new plan in 'moved' with `aac plan --out p.json`, review it, and apply that");
    expect(moved.stderr).not.toContain('--namespace support');
    // A plan whose namespace was given keeps the offer: given again, it applies there.
    expect((await runCli(['plan', '--namespace', 'given', '--out', 'p.json'], { cwd: w.root, env })).code).toBe(0);
    expect(JSON.parse(readFileSync(join(w.root, 'p.json'), 'utf8'))).toMatchObject({ namespace_from: '--namespace' });
    const r = await runCli(['apply', 'p.json'], { cwd: w.root, env });
    expect(r.stderr).toContain("apply it in the namespace it was made for: `aac apply p.json --namespace given`; or make a new plan in 'moved' with `aac plan --out p.json`");
  });

  it("a target.namespace edited in the file is said to be the file's edit, at its line and column, where the directory gives the same namespace as when it was planned", async () => {
    const emu = await emulator();
    // The default namespace: the definitions directory's path in its git repository.
    const root = projectDir({ 'assistants/faq.yaml': 'model: gpt-4o\nname: FAQ\n' }, { git: true });
    const env = { OPENAI_API_KEY: API_KEY, OPENAI_BASE_URL: emu.url, AAC_NAMESPACE: undefined };
    const edit = (namespace: string) => {
      const text = readFileSync(join(root, 'p.json'), 'utf8');
      writeFileSync(join(root, 'p.json'), text.replace(/("namespace": )"[^"]*"/, `$1"${namespace}"`));
      // Where the edited value is, as an editor shows it.
      const lines = text.split('\n');
      const line = lines.findIndex((l) => l.includes('"namespace": ')) + 1;
      return { line, column: lines[line - 1]!.indexOf('"namespace": ') + '"namespace": '.length + 1 };
    };
    expect((await runCli(['plan', '--out', 'p.json'], { cwd: root, env })).code).toBe(0);
    expect(JSON.parse(readFileSync(join(root, 'p.json'), 'utf8'))).toMatchObject({ namespace_from: 'default', target: { namespace: 'assistants' } });
    const at = edit('other');
    const before = emu.stats().total;
    const r = await runCli(['apply', 'p.json'], { cwd: root, env });
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toBe([
      `Error: p.json:${at.line}:${at.column}: the plan file was edited after it was saved, or this run is not in the working directory the plan was made in (the file names its directory assistants relative to that one): target.namespace is 'other', but its namespace_from says the directory's path gave it, and the path of assistants gives 'assistants'; nothing was changed`,
      "  if it was made in another working directory, run it there; else a plan file is applied only as `aac plan --out` wrote it: make a new plan in 'assistants' with `aac plan --out p.json`, review it, and apply that",
      '',
    ].join('\n'));
    const json = await runCli(['apply', 'p.json', '--format', 'json'], { cwd: root, env });
    expect(JSON.parse(json.stdout).diagnostics).toMatchObject([{ code: 'plan-edited', file: 'p.json', line: at.line, column: at.column }]);
    // aac show, which has the file and the directory it names, refuses it alike, without credentials.
    const shown = await runCli(['show', 'p.json'], { cwd: root, env: { AAC_NAMESPACE: undefined } });
    // apply's says too that it changed nothing; show changes nothing by nature.
    expect([shown.code, shown.stdout, shown.stderr]).toEqual([1, '', r.stderr.replace('; nothing was changed\n', '\n')]);
    const shownJson = await runCli(['show', 'p.json', '--format', 'json'], { cwd: root, env: { AAC_NAMESPACE: undefined } });
    expect(JSON.parse(shownJson.stdout).diagnostics).toMatchObject([{ code: 'plan-edited', file: 'p.json', line: at.line, column: at.column }]);
    // Away from that directory, show has the file alone, and shows what it says.
    const away = testDir('aac-show-away-');
    writeFileSync(join(away, 'p.json'), readFileSync(join(root, 'p.json')));
    const alone = await runCli(['show', 'p.json'], { cwd: away, env: { AAC_NAMESPACE: undefined } });
    expect(alone.code, alone.stderr).toBe(0);
    expect(alone.stdout).toContain("in namespace 'other'");
    expect(emu.stats().total).toBe(before);

    // Planned with aac.yaml's namespace: an edit, or aac.yaml changed since (the file keeps no copy of it).
    writeFileSync(join(root, 'assistants', 'aac.yaml'), 'namespace: support\n');
    const again = await runCli(['plan', '--out', 'p.json'], { cwd: root, env });
    expect(again.code, again.stderr).toBe(0);
    const there = edit('other');
    const then = emu.stats().total;
    const yaml = await runCli(['apply', 'p.json'], { cwd: root, env });
    expect(yaml.code, yaml.stderr).toBe(1);
    expect(yaml.stderr).toContain(`Error: p.json:${there.line}:${there.column}: target.namespace is 'other', but its namespace_from says aac.yaml set it, and aac.yaml sets 'support' (assistants/aac.yaml:1:12): the plan file was edited after it was saved, or aac.yaml's namespace changed since, or this run is not in the working directory the plan was made in (the file names its directory assistants relative to that one); nothing was changed\n`);
    expect(yaml.stderr).not.toContain("the directory's namespace is 'support' now");
    const yamlShown = await runCli(['show', 'p.json'], { cwd: root, env: { AAC_NAMESPACE: undefined } });
    expect([yamlShown.code, yamlShown.stdout, yamlShown.stderr]).toEqual([1, '', yaml.stderr.replace('; nothing was changed\n', '\n')]);
    expect(emu.stats().total).toBe(then);
  });

  it('a definition edited since the plan: refused before the lock and the listing', async () => {
    const emu = await emulator();
    const w = ws();
    const env = { OPENAI_API_KEY: API_KEY, OPENAI_BASE_URL: emu.url };
    expect((await runCli(['plan', '--out', 'p.json'], { cwd: w.root, env })).code).toBe(0);
    const before = emu.stats().total;
    w.write('faq', { model: 'gpt-4o', name: 'FAQ, edited' });
    for (const lock of [[], ['-lock=false']]) {
      const r = await runCli(['apply', 'p.json', ...lock], { cwd: w.root, env });
      expect(r.code).toBe(1);
      expect(r.stderr).toContain("Error: the saved plan p.json is stale, so nothing was applied:\n  - the definition 'faq' changed since the plan was made, in its name (assistants/faq.yaml:2:1)\n");
      expect(emu.stats().total).toBe(before);
    }
  });

  it("the plan to make again names the run's --dir once: in the command, not again in words", async () => {
    const emu = await emulator();
    const w = ws();
    mkdirSync(join(w.root, 'ws'));
    writeFileSync(join(w.root, 'ws', 'faq.yaml'), 'model: gpt-4o\nname: FAQ\n');
    const env = { OPENAI_API_KEY: API_KEY, OPENAI_BASE_URL: emu.url };
    expect((await runCli(['plan', '--dir', 'ws', '--out', 'p.json'], { cwd: w.root, env })).code).toBe(0);
    writeFileSync(join(w.root, 'ws', 'faq.yaml'), 'model: gpt-4o\nname: FAQ, edited\n');
    const r = await runCli(['apply', 'p.json', '--dir', 'ws'], { cwd: w.root, env });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/\n {2}make a new plan with `aac plan --out p\.json --dir ws`, review it, and apply that\n$/);
    expect(r.stderr.match(/--dir/g)).toHaveLength(1);
  });

  it('the plan to make again repeats the options the stale plan was made with: --prune, --allow-empty, --adopt-legacy, --target', async () => {
    const emu = await emulator();
    const w = ws();
    const env = { OPENAI_API_KEY: API_KEY, OPENAI_BASE_URL: emu.url };
    const made = async (argv: string[]) => {
      const r = await runCli(['plan', ...argv, '--out', 'p.json'], { cwd: w.root, env });
      expect(r.code, r.stderr).toBe(0);
    };
    const hint = async () => {
      writeFileSync(join(w.root, 'assistants', 'faq.yaml'), `model: gpt-4o\nname: FAQ ${Math.random()}\n`);
      const r = await runCli(['apply', 'p.json'], { cwd: w.root, env });
      expect(r.code).toBe(1);
      return /make a new plan with `([^`]+)`/.exec(r.stderr)?.[1];
    };
    // Run as printed, a hint without --prune makes a plan that keeps the orphans the review saw deleted.
    await made(['--prune']);
    expect(await hint()).toBe('aac plan --prune --out p.json');
    await made(['--target', 'faq', '--adopt-legacy']);
    expect(await hint()).toBe('aac plan --adopt-legacy --target faq --out p.json');
    await made(['--prune', '--target', 'f*', '--target', 'fa?']);
    expect(await hint()).toBe("aac plan --prune --target 'f*' --target 'fa?' --out p.json");
    // A prune over no definitions was planned with --allow-empty, which a new plan needs again.
    const empty = join(w.root, 'empty');
    mkdirSync(empty);
    expect((await runCli(['plan', '--dir', 'empty', '--prune', '--allow-empty', '--out', 'e.json'], { cwd: w.root, env })).code).toBe(0);
    writeFileSync(join(empty, 'new.yaml'), 'model: gpt-4o\n');
    const r = await runCli(['apply', 'e.json', '--dir', 'empty'], { cwd: w.root, env });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('make a new plan with `aac plan --prune --allow-empty --out e.json --dir empty`');
  });

  it('another --dir than the plan\'s, between two teams\' directories: said as the directory, never as a --namespace to override', async () => {
    const emu = await emulator();
    const w = ws();
    writeFileSync(join(w.root, 'assistants', 'aac.yaml'), 'namespace: team-a\n');
    mkdirSync(join(w.root, 'teamb'));
    writeFileSync(join(w.root, 'teamb', 'aac.yaml'), 'namespace: team-b\n');
    writeFileSync(join(w.root, 'teamb', 'billing.yaml'), 'model: gpt-4o\nname: Billing\n');
    const env = { OPENAI_API_KEY: API_KEY, OPENAI_BASE_URL: emu.url, AAC_NAMESPACE: undefined };
    const plan = await runCli(['plan', '--dir', 'teamb', '--out', 'tb.json'], { cwd: w.root, env });
    expect(plan.stdout).toContain('run: aac apply tb.json --dir teamb\n');
    expect((JSON.parse(readFileSync(join(w.root, 'tb.json'), 'utf8')) as { dir: string }).dir).toBe('teamb');
    const before = emu.stats().total;

    // Only the namespace differs as the target goes: said as the directory.
    const r = await runCli(['apply', 'tb.json', '--dir', 'assistants'], { cwd: w.root, env });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain([
      'Error: the saved plan tb.json was made from teamb/ (namespace team-b); this run reads assistants/, so nothing was applied:',
      "  - the plan was made for the namespace 'team-b', but this run's namespace is 'team-a'",
    ].join('\n'));
    expect(r.stderr).toContain('run `aac apply tb.json --dir teamb`');
    expect(r.stderr).not.toMatch(/--namespace|aac plan/);
    // A pipeline branches on its code.
    const json = await runCli(['apply', 'tb.json', '--dir', 'assistants', '--format', 'json'], { cwd: w.root, env });
    expect((JSON.parse(json.stdout) as { diagnostics: Array<{ code: string }> }).diagnostics.at(-1)).toMatchObject({ code: 'plan-other-dir' });

    // The namespace typed to match, the definitions differ: the same cause, the same fix.
    const typed = await runCli(['apply', 'tb.json', '--dir', 'assistants', '--namespace', 'team-b'], { cwd: w.root, env });
    expect(typed.code).toBe(1);
    expect(typed.stderr).toContain("Error: the saved plan tb.json was made from teamb/ (namespace team-b); this run reads assistants/, so nothing was applied:\n  - the definition 'billing' (teamb/billing.yaml) was removed since the plan was made\n");
    expect(typed.stderr).toContain('run `aac apply tb.json --dir teamb --namespace team-b`');
    expect(emu.stats().total).toBe(before);

    // Stale in its own directory, run from there: the plan to make again names it, concretely.
    writeFileSync(join(w.root, 'teamb', 'billing.yaml'), 'model: gpt-4o\nname: Billing, edited\n');
    const stale = await runCli(['apply', 'tb.json', '--dir', 'teamb'], { cwd: w.root, env });
    expect(stale.stderr).toMatch(/\n {2}make a new plan with `aac plan --out tb\.json --dir teamb`, review it, and apply that\n$/);
  });

  it('another --dir than the plan\'s that cannot be read at all: the plan\'s directory is the cause, not that one\'s error', async () => {
    const emu = await emulator();
    const w = ws();
    mkdirSync(join(w.root, 'teamb'));
    writeFileSync(join(w.root, 'teamb', 'aac.yaml'), 'namespace: team-b\n');
    writeFileSync(join(w.root, 'teamb', 'billing.yaml'), 'model: gpt-4o\nname: Billing\n');
    const env = { OPENAI_API_KEY: API_KEY, OPENAI_BASE_URL: emu.url, AAC_NAMESPACE: undefined };
    expect((await runCli(['plan', '--dir', 'teamb', '--out', 'tb.json'], { cwd: w.root, env })).code).toBe(0);
    const before = emu.stats().total;
    const elsewhere = 'Error: the saved plan tb.json was made from teamb/ (namespace team-b); this run reads assistants/, so nothing was applied:\n  - it cannot be read here: ';

    // The default directory has no namespace (outside git, no aac.yaml)…
    const unnamed = await runCli(['apply', 'tb.json', '--dir', 'assistants'], { cwd: w.root, env });
    expect(unnamed.code).toBe(1);
    expect(unnamed.stderr).toContain(`${elsewhere}no namespace is set`);
    expect(unnamed.stderr).toContain('run `aac apply tb.json --dir teamb`');
    // …or does not exist.
    rmSync(join(w.root, 'assistants'), { recursive: true });
    const missing = await runCli(['apply', 'tb.json', '--dir', 'assistants', '--format', 'json'], { cwd: w.root, env });
    expect(missing.code).toBe(1);
    const last = (JSON.parse(missing.stdout) as { diagnostics: Array<{ code: string; message: string; hint: string }> }).diagnostics.at(-1)!;
    expect(last).toMatchObject({ code: 'plan-other-dir', hint: 'run `aac apply tb.json --dir teamb`' });
    expect(last.message).toContain("it cannot be read here: the definitions directory 'assistants' does not exist");
    expect(emu.stats().total).toBe(before);
    // Applied where it was made, it goes through.
    expect((await runCli(['apply', 'tb.json', '--dir', 'teamb'], { cwd: w.root, env })).code).toBe(0);
  });

  it('applied in another working directory, where its own directory is not: that is the cause, never a directory to create here', async () => {
    const emu = await emulator();
    const w = ws();
    writeFileSync(join(w.root, 'assistants', 'aac.yaml'), 'namespace: team-a\n');
    const env = { OPENAI_API_KEY: API_KEY, OPENAI_BASE_URL: emu.url, AAC_NAMESPACE: undefined };
    expect((await runCli(['plan', '--out', 'p.json'], { cwd: w.root, env })).code).toBe(0);
    const away = join(w.root, 'elsewhere');
    mkdirSync(away);
    const before = emu.stats().total;
    const r = await runCli(['apply', join(w.root, 'p.json'), '--format', 'json'], { cwd: away, env });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`Error: the saved plan ${join(w.root, 'p.json')} was made from assistants/ (namespace team-a), which is not in this working directory, so nothing was applied:\n  - it cannot be read here: the definitions directory 'assistants' does not exist`);
    expect(r.stderr).toContain(`run \`aac apply ${join(w.root, 'p.json')}\` in the working directory it was made in, the one that holds assistants/ (or give that directory with --dir)`);
    expect(r.stderr).not.toContain('create it');
    expect((JSON.parse(r.stdout) as { diagnostics: Array<{ code: string }> }).diagnostics.at(-1)).toMatchObject({ code: 'plan-other-dir' });
    expect(emu.stats().total).toBe(before);
    // Run where it was made, as the hint says, it applies.
    expect((await runCli(['apply', join(w.root, 'p.json')], { cwd: w.root, env })).code).toBe(0);
  });

  it('applied from inside its own directory (cd assistants, as Terraform is run) is told --dir .; from elsewhere, the file by its absolute path, so the command runs where it is to run', async () => {
    const emu = await emulator();
    const w = ws();
    writeFileSync(join(w.root, 'assistants', 'aac.yaml'), 'namespace: team-a\n');
    const env = { OPENAI_API_KEY: API_KEY, OPENAI_BASE_URL: emu.url, AAC_NAMESPACE: undefined };
    expect((await runCli(['plan', '--out', 'p.json'], { cwd: w.root, env })).code).toBe(0);
    const before = emu.stats().total;
    const inside = join(w.root, 'assistants');
    const r = await runCli(['apply', '../p.json'], { cwd: inside, env });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Error: the saved plan ../p.json was made from assistants/ (namespace team-a), which is not in this working directory');
    expect(r.stderr).toContain('the working directory is assistants/ itself: run `aac apply ../p.json --dir .`');
    const away = join(w.root, 'elsewhere');
    mkdirSync(away);
    const elsewhere = await runCli(['apply', '../p.json'], { cwd: away, env });
    expect(elsewhere.code).toBe(1);
    expect(elsewhere.stderr).toContain(`run \`aac apply ${join(w.root, 'p.json')}\` in the working directory it was made in`);
    expect(emu.stats().total).toBe(before);
    // As the hint says, from inside it applies.
    expect((await runCli(['apply', '../p.json', '--dir', '.'], { cwd: inside, env })).code).toBe(0);
  });

  it('made with --dir . inside its definitions directory and applied from the one above: ./ there is not its directory, and the folder below that holds definitions is named', async () => {
    const emu = await emulator();
    const w = ws();
    writeFileSync(join(w.root, 'assistants', 'aac.yaml'), 'namespace: team-a\n');
    const env = { OPENAI_API_KEY: API_KEY, OPENAI_BASE_URL: emu.url, AAC_NAMESPACE: undefined };
    const inside = join(w.root, 'assistants');
    expect((await runCli(['plan', '--dir', '.', '--out', '../p.json'], { cwd: inside, env })).code).toBe(0);
    const before = emu.stats().total;
    const r = await runCli(['apply', 'p.json', '--format', 'json'], { cwd: w.root, env });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Error: the saved plan p.json was made from ./ (namespace team-a), which is not in this working directory, so nothing was applied:\n  - it cannot be read here: no namespace is set');
    expect(r.stderr).toContain('./ holds no definitions, and assistants/ below it does: give the one it was made in with --dir, as `aac apply p.json --dir assistants`');
    expect((JSON.parse(r.stdout) as { diagnostics: Array<{ code: string }> }).diagnostics.at(-1)).toMatchObject({ code: 'plan-other-dir' });
    expect(emu.stats().total).toBe(before);
    // As the hint says, it applies.
    expect((await runCli(['apply', 'p.json', '--dir', 'assistants'], { cwd: w.root, env })).code).toBe(0);
    // A plan whose namespace --namespace gave, of definitions in folders and no aac.yaml, is its
    // directory's: applied without --namespace, that is what is said.
    mkdirSync(join(w.root, 'teams', 'support'), { recursive: true });
    writeFileSync(join(w.root, 'teams', 'support', 'bot.yaml'), 'model: gpt-4o\n');
    expect((await runCli(['plan', '--dir', 'teams', '--namespace', 'team-b', '--out', 't.json'], { cwd: w.root, env })).code).toBe(0);
    const given = await runCli(['apply', 't.json'], { cwd: w.root, env });
    expect(given.stderr).toContain('no namespace is set, and teams is not inside a git repository');
    expect(given.stderr).not.toContain('not in this working directory');
  });

  it("applied in another project's working directory, whose assistants/ sets another namespace: that cause is said, and running it where it was made applies it", async () => {
    const emu = await emulator();
    const w = ws();
    writeFileSync(join(w.root, 'assistants', 'aac.yaml'), 'namespace: team-a\n');
    const env = { OPENAI_API_KEY: API_KEY, OPENAI_BASE_URL: emu.url, AAC_NAMESPACE: undefined };
    expect((await runCli(['plan', '--out', 'p.json'], { cwd: w.root, env })).code).toBe(0);
    // Another checkout, with a definitions directory of the same name and a namespace of its own.
    const other = projectDir({ 'assistants/aac.yaml': 'namespace: team-b\n', 'assistants/faq.yaml': 'model: gpt-4o\nname: FAQ\n' });
    const before = emu.stats().total;
    const file = join(w.root, 'p.json');
    for (const argv of [['apply', file], ['show', file]]) {
      const r = await runCli(argv, { cwd: other, env });
      expect(r.code, r.stderr).toBe(1);
      expect(r.stderr).toContain("aac.yaml sets 'team-b' (assistants/aac.yaml:1:12): the plan file was edited after it was saved, or aac.yaml's namespace changed since, or this run is not in the working directory the plan was made in (the file names its directory assistants relative to that one)");
      expect(r.stderr).toContain('  if it was made in another working directory, run it there; else a plan file is applied only as `aac plan --out` wrote it');
    }
    expect(emu.stats().total).toBe(before);
    // Run where it was made, as the hint says, it applies.
    expect((await runCli(['apply', file], { cwd: w.root, env })).code).toBe(0);
  });

  it('without --dir, a plan is applied in the directory it was made from, said once; one it records outside the working directory is not read', async () => {
    const emu = await emulator();
    const w = ws();
    mkdirSync(join(w.root, 'teamb'));
    writeFileSync(join(w.root, 'teamb', 'aac.yaml'), 'namespace: team-b\n');
    writeFileSync(join(w.root, 'teamb', 'billing.yaml'), 'model: gpt-4o\nname: Billing\n');
    const env = { OPENAI_API_KEY: API_KEY, OPENAI_BASE_URL: emu.url, AAC_NAMESPACE: undefined };
    expect((await runCli(['plan', '--dir', 'teamb', '--out', 'tb.json'], { cwd: w.root, env })).code).toBe(0);
    // A copy that records a directory outside the working directory: the default is read, and the plan refused for it.
    const outside = JSON.parse(readFileSync(join(w.root, 'tb.json'), 'utf8')) as { dir: string };
    writeFileSync(join(w.root, 'out.json'), JSON.stringify({ ...outside, dir: '../teamb' }));
    const refused = await runCli(['apply', 'out.json'], { cwd: w.root, env });
    expect(refused.code).toBe(1);
    expect(refused.stderr).not.toContain('Note: reading');
    expect(emu.resources()).toHaveLength(0);

    const applied = await runCli(['apply', 'tb.json'], { cwd: w.root, env });
    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.stderr).toBe('Note: reading teamb/, the definitions directory tb.json was made from (no --dir given).\n');
    expect(emu.resources().map((a) => a.name)).toEqual(['Billing']);
    // Applied again, the file is said to be applied already, with the directory it reads.
    const again = await runCli(['apply', 'tb.json'], { cwd: w.root, env });
    expect(again.stderr).toContain('Note: reading teamb/');
    expect(again.stderr).toContain('--dir teamb');
  });

  it('a plan of the default directory, stale: the plan to make again needs no --dir, and no words about one', async () => {
    const emu = await emulator();
    const w = ws();
    const env = { OPENAI_API_KEY: API_KEY, OPENAI_BASE_URL: emu.url };
    expect((await runCli(['plan', '--out', 'p.json'], { cwd: w.root, env })).code).toBe(0);
    w.write('faq', { model: 'gpt-4o', name: 'FAQ, edited' });
    const r = await runCli(['apply', 'p.json'], { cwd: w.root, env });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/\n {2}make a new plan with `aac plan --out p\.json`, review it, and apply that\n$/);
  });

  it('a plan of an environment aac.yaml no longer declares: said as that, with a plan to make that runs as printed', async () => {
    const emu = await emulator();
    const w = ws();
    const config = join(w.root, 'assistants', 'aac.yaml');
    writeFileSync(config, `environments:\n  prod: { endpoint: "${emu.url}" }\n`);
    const env = { OPENAI_API_KEY: API_KEY, OPENAI_BASE_URL: emu.url };
    expect((await runCli(['plan', '--env', 'prod', '--out', 'p.json'], { cwd: w.root, env })).code).toBe(0);
    // A pull request removed `environments:`.
    writeFileSync(config, 'options: {}\n');
    const before = emu.stats().total;
    const r = await runCli(['apply', 'p.json', '--format', 'json'], { cwd: w.root, env });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("Error: the saved plan p.json was made for environment 'prod', which aac.yaml does not declare now, so nothing was applied:");
    expect(r.stderr).toContain('make a new plan with `aac plan --out p.json` (with --env NAME if aac.yaml declares environments: `aac environments` lists them), review it, and apply that');
    expect(JSON.parse(r.stdout).diagnostics.at(-1)).toMatchObject({ code: 'plan-other-environment' });
    expect(emu.stats().total).toBe(before);
    // The plan it names runs.
    expect((await runCli(['plan', '--out', 'p.json'], { cwd: w.root, env })).code).toBe(0);
  });

  it('another --dir than the plan\'s with a --provider added to match the plan: said as the directory before its definitions are read for that provider', async () => {
    const emu = await testEmulator({ apiKey: API_KEY, provider: 'openai-agents' });
    const w = ws();
    mkdirSync(join(w.root, 'agents'));
    writeFileSync(join(w.root, 'agents', 'aac.yaml'), 'provider: openai-agents\nnamespace: test\n');
    writeFileSync(join(w.root, 'agents', 'helper.yaml'), 'name: Helper\nmodel: gpt-4o\ninstructions: Help.\n');
    writeFileSync(join(w.root, 'assistants', 'aac.yaml'), 'namespace: test\n');
    // Assistants fields, which an agent does not have.
    w.write('faq', { model: 'gpt-4o', name: 'FAQ', tool_resources: { code_interpreter: { file_ids: [] } }, response_format: 'auto' });
    const env = { OPENAI_API_KEY: API_KEY, OPENAI_BASE_URL: emu.url };
    const plan = await runCli(['plan', '--dir', 'agents', '--out', 'oag.json'], { cwd: w.root, env });
    expect(plan.code, plan.stderr).toBe(0);
    const before = emu.stats().total;
    const r = await runCli(['apply', 'oag.json', '--dir', 'assistants', '--provider', 'openai-agents'], { cwd: w.root, env });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^Error: the saved plan oag\.json was made from agents\/ \(namespace test\); this run reads assistants\/, so nothing was applied:\n {2}- its definitions do not load for the plan's provider openai-agents: \d+ errors? \(`aac validate --provider openai-agents` lists them\)\n/);
    expect(r.stderr).toContain('run `aac apply oag.json --dir agents --provider openai-agents`');
    expect(r.stderr).not.toContain('unknown field');
    expect(emu.stats().total).toBe(before);
  });

  it('aac show refuses a plan of another environment, and never sends a request', async () => {
    const emu = await emulator();
    const w = ws();
    writeFileSync(join(w.root, 'assistants', 'aac.yaml'), `environments:\n  dev: { endpoint: "${emu.url}" }\n  prod: { endpoint: "${emu.url}", namespace: prod }\n`);
    const env = { OPENAI_API_KEY: API_KEY, OPENAI_BASE_URL: emu.url };
    const plan = await runCli(['plan', '--env', 'dev', '--out', 'p.json'], { cwd: w.root, env });
    expect(plan.code, plan.stderr).toBe(0);
    const before = emu.stats().total;
    const refused = await runCli(['show', 'p.json', '--env', 'prod'], { cwd: w.root, env });
    expect(refused.code).toBe(1);
    // show changes nothing, so it does not say so; its hint is a command that runs as printed.
    expect(refused.stderr).toContain("the plan was made for environment 'dev', not 'prod'\n");
    expect(refused.stderr).toContain('use it in its own environment (--env dev), or make a plan for prod: aac plan --out prod.plan.json --env prod');
    const applied = await runCli(['apply', 'p.json', '--env', 'prod'], { cwd: w.root, env });
    expect(applied.stderr).toContain("the plan was made for environment 'dev', not 'prod'; nothing was changed");
    const shown = await runCli(['show', 'p.json'], { cwd: w.root, env });
    expect(shown.code, shown.stderr).toBe(0);
    expect(emu.stats().total).toBe(before);
  });
});
