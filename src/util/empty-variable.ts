// An environment variable that chooses a setting — an endpoint variable (OPENAI_BASE_URL, …),
// AAC_NAMESPACE, AAC_ENV — set but empty is a mistake, not a wish for the next source: a CI file's
// `AAC_NAMESPACE:` line with nothing after it, a secret or an input that expanded to nothing. Read
// as unset it would quietly send the run elsewhere (the public endpoint, another namespace, no
// environment), so wherever aac would read such a variable it is refused, naming it and the fix.
// Credential variables are not settings and are not refused here: an empty key is a missing key.

type Env = Readonly<Record<string, string | undefined>>;

/** Whether `name` is set in `env` but holds nothing: empty, or blanks only. */
export function setButEmpty(env: Env, name: string): boolean {
  const value = env[name];
  return value !== undefined && value.trim() === '';
}

/**
 * The refusal of `name` set but empty: `give` is what to set it to instead (`the namespace, e.g.
 * team-a`), `unset` what unsetting it means (`to use namespace: in assistants/aac.yaml`).
 */
export function emptyVariable(name: string, give: string, unset: string): { message: string; hint: string } {
  return { message: `${name} is set but empty`, hint: `give ${give}, or unset it ${unset}` };
}
