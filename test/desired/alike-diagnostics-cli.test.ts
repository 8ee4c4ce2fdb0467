// One mistake copied into a fleet of files is said once: more than three diagnostics alike (the same
// severity, code, field, message and hint) are the first of them whole — file:line:col, the field
// and the fix — then the other places, the first few by file:line:col and a count of the rest. Every
// one is still counted, `--format json` keeps one entry a place, and GitHub annotates each line.
// Three or fewer alike are printed one by one, as before. In `aac validate` and in the errors that
// stop `aac plan`, through the real CLI.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { testDir, testEmulator } from '../helpers/each-test.js';
import { obeyed } from '../github/obeyed.js';

interface JsonDiagnostic {
  file: string;
  line: number;
  column: number;
  path: string;
  message: string;
  hint: string;
}

/** 40 agents with a field agents do not have (`temperature`), two with a typo between and after them. */
function workspace(): string {
  const cwd = testDir('aac-alike-diagnostics-');
  mkdirSync(join(cwd, 'agents'));
  writeFileSync(join(cwd, 'agents', 'aac.yaml'), 'provider: openai-agents\nnamespace: t\n');
  for (let i = 1; i <= 40; i++) writeFileSync(join(cwd, 'agents', `a${String(i).padStart(2, '0')}.yaml`), `model: gpt-5\nname: A${i}\ntemperature: 0.2\n`);
  for (const name of ['m', 'z']) writeFileSync(join(cwd, 'agents', `${name}.yaml`), `model: gpt-5\nname: ${name}\ntemprature: 0.2\n`);
  return cwd;
}

const place = (d: JsonDiagnostic) => `${d.file}:${d.line}:${d.column}`;
const whole = (d: JsonDiagnostic) => [`${place(d)}: error: ${d.message} [${d.path}]`, `  hint: ${d.hint}`];

test('aac validate: 40 alike are the first whole and the places of the others, the first five named; JSON and annotations keep each', async () => {
  const cwd = workspace();
  const json = await runCli(['validate', '--dir', 'agents', '--format', 'json'], { cwd });
  const doc = JSON.parse(json.stdout) as { error_count: number; diagnostics: JsonDiagnostic[] };
  expect(doc.error_count).toBe(42);
  expect(doc.diagnostics).toHaveLength(42);
  const alike = doc.diagnostics.filter((d) => d.path === 'temperature');
  expect(alike).toHaveLength(40);
  const [typoM, typoZ] = doc.diagnostics.filter((d) => d.path === 'temprature') as [JsonDiagnostic, JsonDiagnostic];

  const r = await runCli(['validate', '--dir', 'agents'], { cwd });
  expect(r.code).toBe(1);
  expect(r.stdout).toBe([
    ...whole(alike[0]!),
    '  the same in 39 more places:',
    ...alike.slice(1, 6).map((d) => `    ${place(d)}`),
    '    …and 34 more (--format json lists every one)',
    ...whole(typoM),
    ...whole(typoZ),
    '42 errors.',
    '0 of 42 definitions valid; fix the errors above.',
    '',
  ].join('\n'));
  expect(place(alike[0]!)).toBe('agents/a01.yaml:3:1');

  // GitHub annotates every line that has the mistake.
  const ci = await runCli(['validate', '--dir', 'agents'], { cwd, env: { GITHUB_ACTIONS: 'true' } });
  expect(ci.stderr.match(/^::error file=agents\/a\d\d\.yaml,line=3/gm)).toHaveLength(40);
  // On stderr only: stdout holds no command the runner obeys (its text is paused).
  expect(obeyed(ci.stdout)).toEqual([]);
});

test('four alike are grouped, three are not', async () => {
  const cwd = testDir('aac-alike-diagnostics-');
  mkdirSync(join(cwd, 'agents'));
  writeFileSync(join(cwd, 'agents', 'aac.yaml'), 'provider: openai-agents\nnamespace: t\n');
  for (let i = 1; i <= 4; i++) writeFileSync(join(cwd, 'agents', `a${i}.yaml`), 'model: gpt-5\ntemperature: 0.2\n');
  for (let i = 1; i <= 3; i++) writeFileSync(join(cwd, 'agents', `b${i}.yaml`), 'model: gpt-5\ntop_p: 0.2\n');
  const r = await runCli(['validate', '--dir', 'agents'], { cwd });
  expect(r.stdout.match(/^agents\/a\d\.yaml:/gm)).toEqual(['agents/a1.yaml:']);
  expect(r.stdout).toContain('  the same in 3 more places:\n    agents/a2.yaml:2:1\n    agents/a3.yaml:2:1\n    agents/a4.yaml:2:1\n');
  expect(r.stdout.match(/^agents\/b\d\.yaml:2:1: error: unknown field 'top_p'/gm)).toHaveLength(3);
  expect(r.stdout).not.toContain('…and');
  expect(r.stdout).toContain('7 errors.');
});

test('aac plan: the errors that stop it are grouped alike on stderr', async () => {
  const emu = await testEmulator({ provider: 'openai-agents', apiKey: 'sk-test-alike-diagnostics-00' });
  const cwd = workspace();
  const r = await runCli(['plan', '--dir', 'agents', '--no-color'], { cwd, env: { AAC_NAMESPACE: undefined, OPENAI_BASE_URL: emu.url, OPENAI_API_KEY: 'sk-test-alike-diagnostics-00' } });
  expect(r.code).toBe(1);
  expect(r.stderr).toContain("agents/a01.yaml:3:1: error: unknown field 'temperature' in the definition [temperature]\n  hint: ");
  expect(r.stderr).toContain('  the same in 39 more places:\n    agents/a02.yaml:3:1\n');
  expect(r.stderr).toContain('    …and 34 more (--format json lists every one)\n');
  expect(r.stderr.match(/^agents\/a\d\d\.yaml:/gm)).toHaveLength(1);
  expect(r.stderr).toContain('42 errors.');
});
