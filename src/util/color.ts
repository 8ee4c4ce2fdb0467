// Whether to colour one output stream. Decided per stream: `aac plan | less` keeps colour on the
// terminal's stderr while the piped stdout stays plain.

/** The part of a Node write stream the decision reads; `hasColors` exists only on a terminal. */
export interface ColorStream {
  isTTY?: boolean;
  hasColors?(count?: number, env?: Record<string, string | undefined>): boolean;
}

/**
 * True when `stream` should get ANSI colour. In order, the first rule that applies wins:
 * 1. `--no-color` → off.
 * 2. `FORCE_COLOR` set → on, unless it is `0` or `false` (Node's and supports-color's reading);
 *    `CLICOLOR_FORCE` set and not `0` → on. Forcing works on pipes and in CI logs.
 * 3. `NO_COLOR` non-empty (no-color.org), `TERM=dumb`, or GitHub Actions (whose log viewer is
 *    not a terminal) → off.
 * 4. Otherwise the stream decides: `stream.hasColors(env)` on a terminal, off elsewhere.
 */
export function useColor(stream: ColorStream, env: Record<string, string | undefined>, noColorFlag: boolean): boolean {
  if (noColorFlag) return false;
  const force = env.FORCE_COLOR;
  if (force !== undefined) return force !== '0' && force.toLowerCase() !== 'false';
  const clicolorForce = env.CLICOLOR_FORCE;
  if (clicolorForce !== undefined && clicolorForce !== '' && clicolorForce !== '0') return true;
  if ((env.NO_COLOR ?? '') !== '' || env.TERM === 'dumb' || env.GITHUB_ACTIONS === 'true') return false;
  if (!stream.isTTY) return false;
  return typeof stream.hasColors === 'function' ? stream.hasColors(16, env) : true;
}
