// Durations as Terraform writes them (`-lock-timeout=5m`), read into milliseconds: for the flags
// that take one, and to tell a duration written where a number of milliseconds is wanted
// (`timeout_ms: 30s`) the number it means.

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** A duration as Terraform writes one (`0s`, `90s`, `5m`, `1h30m`), in ms; undefined when it is not one. */
export function parseDuration(text: string): number | undefined {
  if (text === '0') return 0;
  if (!/^(\d+(\.\d+)?(ms|s|m|h))+$/.test(text)) return undefined;
  let ms = 0;
  for (const [, n, , unit] of text.matchAll(/(\d+(\.\d+)?)(ms|s|m|h)/g)) ms += Number(n) * UNIT_MS[unit!]!;
  return Math.round(ms);
}

/**
 * The number of milliseconds `written` means where one is wanted and text was given: a number in
 * quotes (`"30000"` → 30000) or a duration with its unit (`30s` → 30000, parseDuration); undefined
 * for anything else (`soon`, `-5`).
 */
export function millisecondsIn(written: string): number | undefined {
  const text = written.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text);
  return parseDuration(text.replace(/\s+/g, ''));
}
