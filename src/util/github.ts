// The GitHub Actions environment, read once from the process environment.
import { appendFileSync } from 'node:fs';

export function inGitHubActions(env: Record<string, string | undefined>): boolean {
  return env.GITHUB_ACTIONS === 'true';
}

/** Appends markdown to the job summary when `GITHUB_STEP_SUMMARY` is set; a no-op elsewhere. */
export function appendStepSummary(env: Record<string, string | undefined>, markdown: string): void {
  const file = env.GITHUB_STEP_SUMMARY;
  if (file) appendFileSync(file, markdown.endsWith('\n') ? markdown : `${markdown}\n`);
}
