// The names a platform engineer knows Azure's hosts by (the portal's and SDKs' "Azure OpenAI",
// "Azure AI Foundry"), which are no provider of aac's: a refused `--provider azure` or `provider:
// azure-openai` is told which provider serves what Azure hosts, where a did-you-mean finds none.
// The facts are the README's (Hosts and credentials): Foundry's versioned agents are
// foundry-agents, its classic agents foundry (retiring 2027-03-31), and Azure OpenAI's own
// Assistants endpoint retired on 2026-08-26 with no successor at that address.

/** `azure`, `aoai`, `azure-openai`, `azure_ai`, `azure-ai-foundry`, `azure-foundry`, `azure-agents`, in any case. */
const AZURE_NAME = /^(?:aoai|azure(?:[-_ ]?(?:openai|ai|foundry|ai[-_ ]?foundry|agents?|ai[-_ ]?agents?))?)$/i;

/** The hint for a provider name refused as `value`, when it is one of Azure's names; else undefined. */
export function otherProviderHint(value: string): string | undefined {
  if (!AZURE_NAME.test(value.trim())) return undefined;
  return "Azure AI Foundry's agents are 'foundry-agents' (named, versioned agents) or 'foundry' (classic agents, retiring 2027-03-31); Azure OpenAI's own Assistants endpoint retired on 2026-08-26, and no provider serves it";
}
