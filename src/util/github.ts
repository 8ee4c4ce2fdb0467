// The GitHub Actions environment, read once from the process environment.
import { randomBytes } from 'node:crypto';
import { appendFileSync } from 'node:fs';

export function inGitHubActions(env: Record<string, string | undefined>): boolean {
  return env.GITHUB_ACTIONS === 'true';
}

/**
 * The most one step may write to its job summary: 1 MiB (GitHub's documentation, "Adding a job
 * summary": `$GITHUB_STEP_SUMMARY` is limited to 1 MiB per step; a larger one fails the upload).
 */
export const STEP_SUMMARY_LIMIT = 1_048_576;

/** GitHub's limit for an issue or pull-request comment body, in characters. */
export const GITHUB_COMMENT_LIMIT = 65_536;

/** How a job summary is measured against STEP_SUMMARY_LIMIT: in UTF-8 bytes. */
export function summaryBytes(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/** The room a markdown view has: at most `maxChars` as `measure` counts them (the plan's markdown options). */
export interface MarkdownRoom {
  maxChars: number;
  measure: (text: string) => number;
}

/** A job summary's room: STEP_SUMMARY_LIMIT in bytes. */
const STEP_SUMMARY_ROOM: MarkdownRoom = { maxChars: STEP_SUMMARY_LIMIT, measure: summaryBytes };

/**
 * Appends `render(room)`'s markdown to the job summary when `GITHUB_STEP_SUMMARY` is set; elsewhere
 * a no-op that renders nothing (a whole plan of 10,000 is tens of milliseconds to draw). `render`
 * keeps within the room it is given; markdown over it throws, unwritten, since GitHub would fail
 * the step's whole summary.
 */
export function appendStepSummary(env: Record<string, string | undefined>, render: (room: MarkdownRoom) => string): void {
  const file = env.GITHUB_STEP_SUMMARY;
  if (!file) return;
  const rendered = render(STEP_SUMMARY_ROOM);
  const markdown = rendered.endsWith('\n') ? rendered : `${rendered}\n`;
  const size = STEP_SUMMARY_ROOM.measure(markdown);
  if (size > STEP_SUMMARY_ROOM.maxChars) throw new Error(`it is ${size} bytes, over GitHub's ${STEP_SUMMARY_ROOM.maxChars} for a step`);
  appendFileSync(file, markdown);
}

/**
 * `text` with workflow commands switched off around it under GitHub Actions: a line of data such
 * as `::error …` or `::add-mask::…` (a prompt, a live name) would otherwise be obeyed, since the
 * runner trims leading spaces. The token is random per call, so the data cannot end the pause.
 * `toFile`: the text goes to a regular file (`> FILE`), which the runner never reads (it reads
 * the step's stdout and stderr pipes): `text` is returned bare, so the file is the document alone.
 * Source: GitHub's "Workflow commands for GitHub Actions", "Stopping and starting workflow commands".
 */
export function withoutWorkflowCommands(env: Record<string, string | undefined>, text: string, { toFile }: { toFile: boolean }): string {
  if (!inGitHubActions(env) || toFile || text === '') return text;
  const token = randomBytes(16).toString('hex');
  return `::stop-commands::${token}\n${text}${text.endsWith('\n') ? '' : '\n'}::${token}::\n`;
}
