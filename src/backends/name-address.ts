// When two names address one resource, for a kind addressed by the user's name (foundry-agents):
// stated once for validate (two definitions with one name) and migrate (two that would get one).

/**
 * The address `name` gives: its lower case, compared to tell two names apart. Foundry's sources
 * state an agent name's characters, upper case allowed, but not whether the service tells `FAQ`
 * from `faq` (../shared/azure-foundry: AGENTS.md part 2, CreateAgentRequest in the TypeSpec and the
 * JSON Schema are silent); the conservative reading counts names that differ only in case as one,
 * since two definitions writing one agent would each undo the other's version.
 */
export function nameAddress(name: string): string {
  return name.toLowerCase();
}
