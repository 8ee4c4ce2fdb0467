// A saved plan applied where this run's endpoint is not the plan's: not a stale plan, a run pointed
// elsewhere. Said with where this run's endpoint comes from, and a fix for that cause. The plan's
// endpoint is only what the file says — an edited file can name any host, and the endpoint
// variable's host is sent the key — so no fix points the variable at it: the fixes are the
// variable unset (back to aac.yaml's own endpoint), or a new plan made where this run points at
// the endpoint the user intends, after checking the variable (a new plan plans the definitions
// onto whatever host the run points at).
import { endpointOrigin, plannedEndpointPlace, shownEndpoint, writtenEndpointPlace } from '../backends/http/endpoint.js';
import type { ProjectConfig } from '../model/config.js';
import type { EndpointFrom } from '../model/plan.js';
import { codeSpan } from '../util/code-span.js';

/**
 * The refusal's `is` (completing "the saved plan FILE …") and hint. `planned` and `now`: the
 * plan's and this run's endpoints (shown redacted: shownEndpoint); `variable`: the provider's
 * endpoint variable (ProviderInfo.variables.endpoint, e.g. OPENAI_BASE_URL); `config`: this run's
 * settings, in its environment (its `endpoint` and `endpointAt`); `inActions`: in GitHub Actions,
 * where the action's `endpoint` input sets the variable; `applyAgain` and `planAgain`: the commands
 * that apply the plan and make a new one, as this run would type them; `plannedFrom`: where the
 * plan's endpoint came from (Plan.endpointFrom), which names the one cause when aac.yaml sets this
 * run's; absent in a file before 1.19, when the fix named covers both causes.
 */
export function otherEndpointRefusal(input: {
  planned: string;
  now: string;
  variable: string;
  env: Record<string, string | undefined>;
  config: ProjectConfig;
  inActions: boolean;
  applyAgain: string;
  planAgain: string;
  plannedFrom?: EndpointFrom;
}): { is: string; hint: string } {
  const { variable, config } = input;
  const planned = shownEndpoint(input.planned);
  const replan = `make a new plan with ${codeSpan(input.planAgain)}, review it, and apply that`;
  const never = `never set ${variable} to the plan's endpoint because the file names it: a plan file can be edited, and the host ${variable} names is sent the key`;
  const intended = (choice: string) => `${choice}, then ${replan}; ${never}`;
  switch (endpointOrigin(input.env, variable, config)) {
    case 'variable': {
      const by = input.inActions ? `${variable} (set by the action's \`endpoint\` input or the workflow's env)` : variable;
      const written = config.endpoint?.trim();
      const is = `was made for another endpoint than this run's, which ${by} sets`;
      // The variable overrides aac.yaml's own endpoint, the one the plan names: dropping it is the
      // fix, and sends the key only where aac.yaml (not the plan file) says.
      if (written !== undefined && shownEndpoint(written) === planned) {
        return { is, hint: `${variable} overrides ${writtenEndpointPlace(config)}, ${planned}, where the plan was made: unset ${variable} and run ${codeSpan(input.applyAgain)} (or apply it where the plan was made)` };
      }
      return { is, hint: intended(`check ${variable} in this run's environment and set it to the endpoint you intend (or unset it for ${written ? writtenEndpointPlace(config) : "the provider's default"})`) };
    }
    case 'aac.yaml': {
      const is = `was made for another endpoint than this run's, which ${writtenEndpointPlace(config)} sets`;
      const from = input.plannedFrom;
      const withVariable = `set ${variable} to the endpoint you intend, if not aac.yaml's`;
      // A file before 1.19 does not say which cause: the fix below covers both.
      if (from === undefined) return { is, hint: intended(withVariable) };
      if (from.source === 'variable') return { is, hint: `the plan was made with ${from.variable} set: ${intended(withVariable)}` };
      const then = from.source === 'aac.yaml' ? plannedEndpointPlace(from) : "the provider's default, as aac.yaml wrote none";
      return { is, hint: `aac.yaml's endpoint changed since the plan was made (then ${then}): ${replan}` };
    }
    case 'default': {
      const is = `was made for another endpoint than this run's, the provider's default ${shownEndpoint(input.now)} (neither ${variable} nor aac.yaml sets one)`;
      const from = input.plannedFrom;
      // aac.yaml wrote the endpoint then, and writes none now: its change is the cause.
      if (from?.source === 'aac.yaml') return { is, hint: `the plan was made for ${plannedEndpointPlace(from)}, which aac.yaml no longer writes: ${replan}` };
      return { is, hint: intended(`set ${variable} to the endpoint you intend, if not the provider's default`) };
    }
  }
}
