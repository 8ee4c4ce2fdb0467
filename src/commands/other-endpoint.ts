// A saved plan applied where this run's endpoint is not the plan's: not a stale plan, a run pointed
// elsewhere. Said with where this run's endpoint comes from, and a fix for that cause: a new plan
// is offered only when aac.yaml's own endpoint is what changed, never while a variable overrides it
// (a new plan would then plan the definitions onto the host the variable points at).
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
 * run's; absent in a file before 1.19, when both causes are named.
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
  const setIt = `set ${variable} to ${planned}, the endpoint the plan was made for, and run ${codeSpan(input.applyAgain)}`;
  const newPlan = `make a new plan with ${codeSpan(input.planAgain)}, review it, and apply that`;
  switch (endpointOrigin(input.env, variable, config)) {
    case 'variable': {
      const by = input.inActions ? `${variable} (set by the action's \`endpoint\` input or the workflow's env)` : variable;
      const written = config.endpoint?.trim();
      const is = `was made for another endpoint than this run's, which ${by} sets`;
      // The variable overrides the very endpoint the plan was made for: dropping it is the fix.
      if (written !== undefined && shownEndpoint(written) === planned) {
        return { is, hint: `${variable} overrides ${writtenEndpointPlace(config)}, ${planned}, where the plan was made: unset ${variable} and run ${codeSpan(input.applyAgain)} (or apply it where the plan was made)` };
      }
      return { is, hint: `${setIt} (or apply it where the plan was made)` };
    }
    case 'aac.yaml': {
      const is = `was made for another endpoint than this run's, which ${writtenEndpointPlace(config)} sets`;
      const from = input.plannedFrom;
      if (from === undefined) return { is, hint: `if aac.yaml's endpoint changed since the plan was made, ${newPlan}; if the plan was made with ${variable} set, ${setIt}` };
      if (from.source === 'variable') return { is, hint: `the plan was made with ${from.variable} set: ${setIt}` };
      const then = from.source === 'aac.yaml' ? plannedEndpointPlace(from) : "the provider's default, as aac.yaml wrote none";
      return { is, hint: `aac.yaml's endpoint changed since the plan was made (then ${then}): ${newPlan}` };
    }
    case 'default': {
      const is = `was made for another endpoint than this run's, the provider's default ${shownEndpoint(input.now)} (neither ${variable} nor aac.yaml sets one)`;
      const from = input.plannedFrom;
      // aac.yaml wrote the endpoint then, and writes none now: its change is the cause.
      if (from?.source === 'aac.yaml') return { is, hint: `the plan was made for ${plannedEndpointPlace(from)}, which aac.yaml no longer writes: ${newPlan}` };
      return { is, hint: setIt };
    }
  }
}
