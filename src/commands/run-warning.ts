// How a run says a warning that is no file's (an endpoint variable over aac.yaml's, a namespace
// override, a Terraform variable aac does not read): on stderr, as errors are printed.
import { credentialsIn } from '../backends/registry.js';
import type { RunWarning } from '../model/diagnostic.js';
import { runWarningLines } from '../render/diagnostics.js';
import { redactData } from '../util/redact.js';
import type { CommandContext } from './command.js';

/**
 * `Warning: …` on stderr (`ctx.warnings`, where given) with its hint indented below
 * (runWarningLines), as errors are printed (never stdout, which may be a JSON document), a
 * credential of the run's environment in either redacted as errors are (cli.ts reportError).
 * Returns the warning as printed, redacted.
 */
export function writeWarning(ctx: CommandContext, message: string, hint: string): RunWarning {
  const secrets = credentialsIn(ctx.io.env).map((c) => c.value);
  const printed = { message: redactData(message, secrets), hint: redactData(hint, secrets) };
  (ctx.warnings ?? ctx.io.stderr).write(`${runWarningLines(printed).join('\n')}\n`);
  return printed;
}
