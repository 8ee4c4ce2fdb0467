// Apply's interrupt, as the requests of one action see it. The backends between apply and the
// transport (a create may first list or make helpers, then write) pass no signal on, so the
// action runs inside `interruptible` and the transport asks `unsentInterrupt` before each request.
import { AsyncLocalStorage } from 'node:async_hooks';

interface ActionState {
  signal: AbortSignal;
  /** Whether one of the action's writes may have reached the host: from then on the action finishes. */
  wrote: boolean;
  /** Whether one of its writes has left for the host (its connection made); `onSent` is then called, once. */
  sent: boolean;
  onSent?: () => void;
}

const current = new AsyncLocalStorage<ActionState>();

/**
 * Runs one action of apply (`action`: every request it makes) under apply's interrupt `signal`.
 * Until one of its writes may have reached the host, a request of it that has not left when the
 * signal fires (it waits on the host's rate limit) is not sent; after that the action finishes.
 * `onSent`: called once, when the first of its writes leaves for the host.
 */
export function interruptible<T>(signal: AbortSignal, action: () => Promise<T>, onSent?: () => void): Promise<T> {
  return current.run({ signal, wrote: false, sent: false, ...(onSent ? { onSent } : {}) }, action);
}

/** The interrupt that may still stop the current request from being sent; undefined outside an action, or once it wrote. */
export function unsentInterrupt(): AbortSignal | undefined {
  const state = current.getStore();
  return state && !state.wrote ? state.signal : undefined;
}

function markSent(state: ActionState): void {
  if (state.sent) return;
  state.sent = true;
  state.onSent?.();
}

/**
 * For a write the current action (if any) is about to make: what to call once it has left for the
 * host (its connection made). Taken before the request, since a socket's events may run outside
 * the action's context (a kept-alive connection was made by another).
 */
export function whenSent(): () => void {
  const state = current.getStore();
  return () => state && markSent(state);
}

/** Tells the current action (if any) that one of its writes may have reached the host. */
export function actionWrote(): void {
  const state = current.getStore();
  if (!state) return;
  state.wrote = true;
  markSent(state);
}
