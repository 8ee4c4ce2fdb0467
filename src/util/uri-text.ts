// Percent-decoding of URL text, of the two kinds that differ in one character: in a path segment
// `+` is a plus sign (RFC 3986 §3.3: a sub-delimiter, taken as itself), in a query's or a form's
// names and values it is a space (WHATWG URL, application/x-www-form-urlencoded parsing, as
// URLSearchParams reads a query). Text that does not decode (a lone `%`, `%E0` alone: no UTF-8
// character) is given back as written, never thrown: a URL of the user's or a request's path is
// input, and bad input never crashes (a malformed id is one that does not exist: the API's 404).

/** `segment` (a URL path's segment) percent-decoded, `+` kept as a plus; as written when it does not decode. */
export function decodedSegment(segment: string): string {
  return decodedOr(segment, segment);
}

/** `text` (a query's or a form's name or value) as URLSearchParams reads it: `+` a space, then %XX decoded; as written (its `+` kept) when it does not decode. */
export function decodedFormText(text: string): string {
  return decodedOr(text.replace(/\+/g, ' '), text);
}

/** `encoded` percent-decoded; `written`, the text as the user or the request wrote it, when it does not decode. */
function decodedOr(encoded: string, written: string): string {
  try {
    return decodeURIComponent(encoded);
  } catch {
    return written;
  }
}
