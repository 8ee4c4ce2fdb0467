// Every `run:` script this project ships (the Action's steps and every workflow's), with where it
// comes from, for shellcheck.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

export interface RunScript {
  /** `action.yml: Plan` or `.github/workflows/aac-drift.yml: drift/Fail on drift`. */
  name: string;
  script: string;
}

type Step = { name?: string; id?: string; uses?: string; run?: string };

function scripts(file: string, steps: Step[], prefix: string): RunScript[] {
  return steps
    .map((s, i) => ({ s, i }))
    .filter(({ s }) => typeof s.run === 'string')
    .map(({ s, i }) => ({ name: `${file}: ${prefix}${s.name ?? s.id ?? `step ${i + 1}`}`, script: s.run! }));
}

export function workflowFiles(): string[] {
  return readdirSync(join(repoRoot, '.github', 'workflows'))
    .filter((f) => /\.ya?ml$/.test(f))
    .map((f) => `.github/workflows/${f}`);
}

export function runScripts(): RunScript[] {
  const action = parse(readFileSync(join(repoRoot, 'action.yml'), 'utf8')) as { runs: { steps: Step[] } };
  const out = scripts('action.yml', action.runs.steps, '');
  for (const file of workflowFiles()) {
    const wf = parse(readFileSync(join(repoRoot, file), 'utf8')) as { jobs: Record<string, { steps?: Step[] }> };
    for (const [job, def] of Object.entries(wf.jobs)) out.push(...scripts(file, def.steps ?? [], `${job}/`));
  }
  // The scripts the Action runs from its checkout.
  for (const file of readdirSync(join(repoRoot, 'scripts')).filter((f) => f.endsWith('.sh'))) {
    out.push({ name: `scripts/${file}`, script: readFileSync(join(repoRoot, 'scripts', file), 'utf8').replace(/^#!.*\n/, '') });
  }
  return out;
}

/**
 * A script as bash will see it once the runner has replaced its expressions: each `${{ … }}`
 * becomes a plain word, as the runner puts its value there (none of ours are inside a script:
 * they go through `env:`, which the actionlint check enforces for untrusted ones).
 */
export function withoutExpressions(script: string): string {
  return `#!/usr/bin/env bash\n${script.replace(/\$\{\{[^}]*\}\}/g, 'EXPRESSION')}`;
}
