// Every workflow this project ships, the Action, and every copy-paste workflow in its
// documentation pass actionlint; every `run:` script passes shellcheck; and both checks can fail.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { actionAsWorkflow, actionlint, formatProblems } from './actionlint.js';
import { workflowBlocks } from './markdown-blocks.js';
import { repoRoot, runScripts, withoutExpressions, workflowFiles } from './run-scripts.js';
import { testDir } from '../helpers/each-test.js';

const workflows = workflowFiles();

describe('actionlint', () => {
  it('finds the workflows', () => {
    expect(workflows).toEqual(
      expect.arrayContaining(['ci.yml', 'aac-plan.yml', 'aac-apply.yml', 'aac-drift.yml', 'demo-plan.yml'].map((f) => `.github/workflows/${f}`)),
    );
  });

  it.each(workflows)('%s passes', async (path) => {
    const problems = await actionlint(readFileSync(join(repoRoot, path), 'utf8'), path);
    expect(formatProblems(path, problems)).toBe('');
  });

  it('action.yml passes, checked as the workflow its steps make', async () => {
    const synthesized = actionAsWorkflow(readFileSync(join(repoRoot, 'action.yml'), 'utf8'));
    const problems = await actionlint(synthesized, '.github/workflows/action.yml');
    expect(formatProblems('action.yml (as a workflow)', problems)).toBe('');
  });

  const docs = ['README.md'];
  const blocks = docs.flatMap((doc) =>
    workflowBlocks(readFileSync(join(repoRoot, doc), 'utf8')).map((b) => ({ name: `${doc}:${b.line}`, ...b })),
  );

  it('finds the copy-paste workflows of the README', () => {
    expect(blocks.length).toBeGreaterThanOrEqual(4);
  });

  it.each(blocks)('the workflow at $name passes', async (block) => {
    // Linted as what a user would make of it: a file in their .github/workflows/.
    const problems = await actionlint(block.text, '.github/workflows/x.yml');
    expect(formatProblems(block.name, problems)).toBe('');
  });

  it('reports a broken workflow, so the check can fail', async () => {
    const broken = [
      'on: pull_request',
      'jobs:',
      '  plan:',
      '    runs-on: ubuntu-latest',
      '    steps:',
      '      - run: echo "${{ github.event.pull_request.title }}"',
      '      - run: echo "${{ steps.nope.outputs.x }}"',
      '        timeout-minutes: soon',
      '',
    ].join('\n');
    const problems = await actionlint(broken, '.github/workflows/broken.yml');
    const text = formatProblems('broken.yml', problems);
    expect(text).toMatch(/github\.event\.pull_request\.title" is potentially untrusted/);
    expect(text).toMatch(/broken\.yml:8:/);
    expect(problems.length).toBeGreaterThanOrEqual(2);
  });

  it('reports an Action step that reads an input the Action does not declare', async () => {
    const action = [
      'name: x',
      'description: x',
      'inputs:',
      '  dir: { description: d }',
      'runs:',
      '  using: composite',
      '  steps:',
      '    - shell: bash',
      '      env: { D: "${{ inputs.dri }}" }',
      '      run: echo "$D"',
      '',
    ].join('\n');
    const text = formatProblems('x', await actionlint(actionAsWorkflow(action), '.github/workflows/action.yml'));
    expect(text).toMatch(/property "dri" is not defined/);
  });
});

describe('shellcheck', () => {
  const version = spawnSync('shellcheck', ['--version'], { encoding: 'utf8' });
  it('is installed (npm test installs it: scripts/test-tools.mjs)', () => {
    expect(version.status, 'shellcheck is missing: run `node scripts/test-tools.mjs` as root, or `apt-get install shellcheck`').toBe(0);
  });

  const scripts = runScripts();
  it('finds the run: scripts of the Action and the workflows', () => {
    expect(scripts.map((s) => s.name)).toEqual(
      expect.arrayContaining(['action.yml: Plan', 'action.yml: Find the reviewed plan', '.github/workflows/aac-drift.yml: drift/Open, reopen, comment on or close the drift issue']),
    );
  });

  const check = (script: string) => {
    const dir = testDir('aac-shellcheck-');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, 'step.sh');
    writeFileSync(file, withoutExpressions(script));
    return spawnSync('shellcheck', ['--shell=bash', '--severity=style', '--format=gcc', file], { encoding: 'utf8' });
  };

  it.each(scripts)('$name passes', ({ script }) => {
    const r = check(script);
    expect(r.stdout + r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it('reports a script with an unquoted variable, so the check can fail', () => {
    const r = check('dir=$1\nrm -rf $dir/*\n');
    expect(r.status).not.toBe(0);
    expect(r.stdout).toMatch(/SC2086/);
  });
});
