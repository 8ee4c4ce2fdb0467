// Where an `id:` of one environment goes: that environment's overlay of the definition. An id
// names a resource of one host (README, Environments), and each environment may be another host.

/** An environment as messages about its pins name it: its name and its overlay directory as messages show it (`agents/overlays/prod`). */
export interface PinnedEnvironment {
  name: string;
  overlays: string;
}

/** The overlay file of `key` in the overlay directory `overlays` (`agents/overlays/prod/support.yaml`). */
export const overlayFileOf = (overlays: string, key: string): string => `${overlays}/${key}.yaml`;
