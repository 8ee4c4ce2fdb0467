// Apply's interrupt, as the requests of one action see it. The backends between apply and the
// transport (a create may first list or make helpers, then write) pass no signal on, so the
// action runs inside `interruptible` and the transport asks `unsentInterrupt` before each request.
import { AsyncLocalStorage } from 'node:async_hooks';

interface ActionState {
  signal: AbortSignal;
  /** Whether one of the action's writes may have reached the host: from then on the action finishes. */
  wrote: boolean;
}

const current = new AsyncLocalStorage<ActionState>();

/**
 * Runs one action of apply (`action`: every request it makes) under apply's interrupt `signal`.
 * Until one of its writes may have reached the host, a request of it that has not left when the
 * signal fires (it waits on the host's rate limit) is not sent; after that the action finishes.
 */
export function interruptible<T>(signal: AbortSignal, action: () => Promise<T>): Promise<T> {
  return current.run({ signal, wrote: false }, action);
}

/** The interrupt that may still stop the current request from being sent; undefined outside an action, or once it wrote. */
export function unsentInterrupt(): AbortSignal | undefined {
  const state = current.getStore();
  return state && !state.wrote ? state.signal : undefined;
}

/** Tells the current action (if any) that one of its writes may have reached the host. */
export function actionWrote(): void {
  const state = current.getStore();
  if (state) state.wrote = true;
}
