// The one clock aac compares a host's timestamps with (Unix seconds, as the APIs' `*_at` fields
// are): read here, so a test that fakes the time fakes it for every such comparison.

/** Now, in whole Unix seconds (the unit of openai-openapi's `format: unixtime` fields). */
export function unixSeconds(): number {
  return Math.floor(Date.now() / 1000);
}
