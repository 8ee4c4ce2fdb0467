// How a command prints the problems of what it read (aac.yaml, the definitions) beside its output:
// on stderr, whatever --format writes on stdout, and as annotations in GitHub Actions. One way for
// every command that reads them (pipeline.ts, environments.ts), so a warning reads alike in each.
import { withoutCredentials } from '../backends/registry.js';
import type { Diagnostic } from '../model/diagnostic.js';
import { renderAnnotations } from '../render/annotations.js';
import { renderDiagnosticsText } from '../render/diagnostics.js';
import { inGitHubActions, withoutWorkflowCommands } from '../util/github.js';
import type { CommandContext } from './command.js';

/** Prints `found` (stderr, and annotations in GitHub Actions); returns them as printed, credentials redacted. */
export function reportDiagnostics(ctx: CommandContext, found: readonly Diagnostic[]): Diagnostic[] {
  if (found.length === 0) return [];
  // A file name or a key quoted in a diagnostic may hold a credential the run was given: never printed.
  const diagnostics = withoutCredentials([...found], ctx.io.env);
  // Paused for the runner, as validate's: a file name or a quoted value is data, never a workflow command.
  ctx.io.stderr.write(withoutWorkflowCommands(ctx.io.env, renderDiagnosticsText(diagnostics, { color: ctx.global.stderrColor }), { toFile: false }));
  // Annotations go to stderr, which the runner reads as it reads stdout, in every format: stdout
  // holds the document alone (a markdown plan saved with `> FILE` is the comment as it is).
  if (inGitHubActions(ctx.io.env)) ctx.io.stderr.write(renderAnnotations(diagnostics, { cwd: ctx.io.cwd, workspace: ctx.io.env.GITHUB_WORKSPACE }));
  return diagnostics;
}
