// Where an `id:` of one environment goes: that environment's overlay of the definition. An id
// names a resource of one host (README, Environments), and each environment may be another host.

/** An environment as messages about its pins name it: its name and its overlay directory as messages show it (`agents/overlays/prod`). */
export interface PinnedEnvironment {
  name: string;
  overlays: string;
}

/** The overlay file of `key` in the overlay directory `overlays` (`agents/overlays/prod/support.yaml`). */
export const overlayFileOf = (overlays: string, key: string): string => `${overlays}/${key}.yaml`;

/**
 * The file a hint tells to write `d`'s `id:` in, as messages show it: its own file without
 * environments; with them (`environment`, the run's) that environment's overlay of its key, not
 * the base every environment takes.
 */
export function pinFileOf(d: { key: string; file: string }, environment: PinnedEnvironment | undefined): string {
  return environment === undefined ? d.file : overlayFileOf(environment.overlays, d.key);
}
