// Terraform's environment variables that a CI job or a shell may set for aac's runs too, which aac
// does not read: each has an aac counterpart the run may have meant. aac never acts on them (a
// TF_WORKSPACE set for a Terraform step of the same job must not move aac's run to another
// environment); a run they may have been meant for is told its own flag, once, as a warning.
import { ENV_VARIABLE } from '../environments/select.js';

/** Terraform's workspace variable (`terraform workspace select` for a whole job). */
export const TF_WORKSPACE = 'TF_WORKSPACE';

/** Terraform's log level variable (TRACE, DEBUG, INFO, …: any value turns its log on). */
export const TF_LOG = 'TF_LOG';

/** What a run knows of its environment: for terraformVariableNotes. */
export interface RunEnvironment {
  /** The environments aac.yaml declares, in its order. */
  declared: readonly string[];
  /** The one chosen, and by what (`--env`, AAC_ENV); neither when none is. */
  chosen: { name?: string; source?: string };
  /** Whether the command runs in one environment (plan, apply), which must then be chosen; a run of every one (validate, migrate) is not. */
  needsOne: boolean;
  /** Whether the run was given --debug. */
  debug: boolean;
}

/**
 * The warnings (message and hint) for Terraform's variables set in `env` that the run
 * (`run`) may have been meant to read:
 * - TF_WORKSPACE naming an environment aac.yaml declares other than the one the run is in (or,
 *   for a command that needs one, when none is chosen): `--env` and AAC_ENV are aac's. One that
 *   names no declared environment, or `default` (Terraform's own), is Terraform's: not said.
 * - TF_LOG set (not empty) without --debug: --debug is aac's log.
 * Values are quoted only when they name a declared environment.
 */
export function terraformVariableNotes(env: Readonly<Record<string, string | undefined>>, run: RunEnvironment): Array<{ message: string; hint: string }> {
  const notes: Array<{ message: string; hint: string }> = [];
  const workspace = env[TF_WORKSPACE];
  if (workspace !== undefined && run.declared.includes(workspace) && workspace !== run.chosen.name && (run.chosen.name !== undefined || run.needsOne)) {
    const pick = `pass --env ${workspace} (or set ${ENV_VARIABLE}=${workspace})`;
    const silence = `unset ${TF_WORKSPACE} for aac (\`env -u ${TF_WORKSPACE} aac …\`) to leave this unsaid`;
    notes.push(run.chosen.name !== undefined
      ? {
        message: `${TF_WORKSPACE} is '${workspace}' (set in the environment), but this run is in the environment '${run.chosen.name}' (${run.chosen.source ?? '--env'}): aac does not read Terraform's ${TF_WORKSPACE}`,
        hint: `to run in '${workspace}', ${pick}; else ${silence}`,
      }
      : {
        message: `${TF_WORKSPACE} is '${workspace}' (set in the environment), which aac does not read: it chooses no environment`,
        hint: `to run in '${workspace}', ${pick}`,
      });
  }
  const log = env[TF_LOG];
  if (log !== undefined && log.trim() !== '' && !run.debug) {
    notes.push({
      message: `${TF_LOG} is set (in the environment), which aac does not read`,
      hint: `aac's log is --debug (each API request on stderr); unset ${TF_LOG} for aac (\`env -u ${TF_LOG} aac …\`) to leave this unsaid`,
    });
  }
  return notes;
}
