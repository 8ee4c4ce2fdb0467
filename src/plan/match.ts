// Pairs definitions with live assistants. The marker (`aac:key` in metadata) is the only state:
// a live assistant carrying a key belongs to that key's definition; a definition with `id:` claims
// that assistant instead (and gets the marker on the next apply). Unmarked, unclaimed assistants
// are someone else's and are never touched.
import type { DesiredAssistant, LiveAssistant } from '../model/assistant.js';
import { MARKER_KEY } from '../model/assistant.js';
import { UserError } from '../util/errors.js';

export interface Match {
  key: string;
  desired?: DesiredAssistant;
  live?: LiveAssistant;
  /** The old key whose marker the live assistant carries, when it was found through `moved_from`. */
  movedFrom?: string;
}

function byMarker(live: LiveAssistant[]): Map<string, LiveAssistant> {
  const found = new Map<string, LiveAssistant>();
  for (const assistant of live) {
    if (assistant.key === null) continue;
    const other = found.get(assistant.key);
    if (other) {
      throw new UserError(
        `two live assistants carry the marker ${MARKER_KEY}=${assistant.key}: ${other.id} and ${assistant.id}`,
        `delete one of them, or remove the ${MARKER_KEY} metadata from the one that is not '${assistant.key}'`,
      );
    }
    found.set(assistant.key, assistant);
  }
  return found;
}

function pinned(d: DesiredAssistant & { id: string }, byId: Map<string, LiveAssistant>, marked: Map<string, LiveAssistant>): LiveAssistant {
  const live = byId.get(d.id);
  if (!live) {
    throw new UserError(
      `${d.file}: 'id: ${d.id}' pins assistant '${d.key}' to an assistant that does not exist`,
      'check the id, or remove `id:` to create the assistant instead',
    );
  }
  if (live.key !== null && live.key !== d.key) {
    throw new UserError(
      `${d.file}: 'id: ${d.id}' pins assistant '${d.key}' to an assistant managed as '${live.key}'`,
      `pin another id, or remove the definition '${live.key}' first`,
    );
  }
  const rival = marked.get(d.key);
  if (rival && rival.id !== live.id) {
    throw new UserError(
      `${d.file}: '${d.key}' is pinned to ${live.id}, but ${rival.id} already carries its marker ${MARKER_KEY}=${d.key}`,
      `remove \`id:\` to keep ${rival.id}, or delete ${rival.id} to adopt ${live.id}`,
    );
  }
  return live;
}

export function matchAssistants(
  desired: DesiredAssistant[],
  live: LiveAssistant[],
): { matches: Match[]; unmanaged: LiveAssistant[] } {
  const marked = byMarker(live);
  const byId = new Map(live.map((a) => [a.id, a]));
  const claimed = new Map<string, DesiredAssistant>();
  const matches: Match[] = [];

  for (const d of desired) {
    if (d.id === undefined) {
      // As Terraform's moved blocks: the new key's own assistant wins; else one still marked with
      // an old key is taken over (the loader made sure no definition still has that key).
      const own = marked.get(d.key);
      const movedFrom = own ? undefined : (d.movedFrom ?? []).find((old) => marked.has(old));
      const live = own ?? (movedFrom === undefined ? undefined : marked.get(movedFrom));
      matches.push({ key: d.key, desired: d, live, ...(movedFrom === undefined ? {} : { movedFrom }) });
      if (live) claimed.set(live.id, d);
      continue;
    }
    const target = pinned(d as DesiredAssistant & { id: string }, byId, marked);
    const twin = claimed.get(target.id);
    if (twin) {
      throw new UserError(
        `${d.file} and ${twin.file} both claim assistant ${target.id}`,
        'each live assistant can belong to one definition only',
      );
    }
    claimed.set(target.id, d);
    matches.push({ key: d.key, desired: d, live: target });
  }

  const unmanaged: LiveAssistant[] = [];
  for (const assistant of live) {
    if (claimed.has(assistant.id)) continue;
    if (assistant.key === null) unmanaged.push(assistant);
    else matches.push({ key: assistant.key, live: assistant });
  }
  return { matches, unmanaged };
}
