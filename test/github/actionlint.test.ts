// Every workflow this project ships, and every copy-paste workflow in its documentation, passes
// actionlint; and the check can fail.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { actionlint, formatProblems } from './actionlint.js';
import { workflowBlocks } from './markdown-blocks.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const workflowsDir = join(root, '.github', 'workflows');
const workflows = readdirSync(workflowsDir).filter((f) => /\.ya?ml$/.test(f));

describe('actionlint', () => {
  it('finds the workflows', () => {
    expect(workflows).toEqual(
      expect.arrayContaining(['ci.yml', 'aac-plan.yml', 'aac-apply.yml', 'aac-drift.yml', 'demo-plan.yml']),
    );
  });

  it.each(workflows)('.github/workflows/%s passes', async (file) => {
    const path = `.github/workflows/${file}`;
    const problems = await actionlint(readFileSync(join(workflowsDir, file), 'utf8'), path);
    expect(formatProblems(path, problems)).toBe('');
  });

  const docs = ['README.md'];
  const blocks = docs.flatMap((doc) =>
    workflowBlocks(readFileSync(join(root, doc), 'utf8')).map((b) => ({ name: `${doc}:${b.line}`, ...b })),
  );

  it('finds the copy-paste workflows of the README', () => {
    expect(blocks.length).toBeGreaterThanOrEqual(4);
  });

  it.each(blocks)('the workflow at $name passes', async (block) => {
    // Linted as what a user would make of it: a file in their .github/workflows/.
    const dir = mkdtempSync(join(tmpdir(), 'aac-docs-workflow-'));
    mkdirSync(join(dir, '.github', 'workflows'), { recursive: true });
    const file = join(dir, '.github', 'workflows', 'x.yml');
    writeFileSync(file, block.text);
    const problems = await actionlint(readFileSync(file, 'utf8'), '.github/workflows/x.yml');
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

  it('still reports a local reusable-workflow call that is malformed', async () => {
    // The allowance for the old linter covers well-formed `./.github/workflows/` calls only.
    const source = 'on: push\njobs:\n  a:\n    uses: ./workflows/x.yml\n';
    expect(await actionlint(source, '.github/workflows/y.yml')).not.toEqual([]);
  });
});
