// The one place that scrubs secrets from text bound for a terminal, a log or a file. Debug lines
// and error messages pass through here, so a key that reaches a message by any route (an echoed
// header, an API error quoting the key, a URL with credentials) is replaced before it is shown.

const REDACTED = '[redacted]';

/** Header names whose values are always secret. */
const SECRET_HEADER = /^(authorization|proxy-authorization|api-key|x-api-key|x-portkey-[a-z0-9-]+|ocp-apim-subscription-key|cookie)$/i;

// Patterns for secrets whose exact value we may not know (e.g. one quoted back by a server).
const PATTERNS: ReadonlyArray<[RegExp, string]> = [
  // `Bearer <token>` anywhere, including inside an echoed header.
  [/\b(Bearer)\s+[^\s"',;]+/gi, `$1 ${REDACTED}`],
  // OpenAI-style keys (`sk-…`, `sk-proj-…`), also when a server masks their middle with `*`.
  [/\bsk-[A-Za-z0-9_*\-]{3,}/g, REDACTED],
  // `authorization: …`, `api-key=…`, `x-portkey-api-key: …` in header dumps and query strings.
  [
    /\b(authorization|proxy-authorization|api[-_]?key|x-api-key|x-portkey-[a-z0-9-]+|access[-_]token|token)(["']?\s*[:=]\s*["']?)(?!\[redacted\])[^\s"',;&]+/gi,
    `$1$2${REDACTED}`,
  ],
  // Credentials in a URL's userinfo: scheme://user:password@host.
  [/\b([a-z][a-z0-9+.-]*:\/\/)[^\s/@]+@/gi, `$1${REDACTED}@`],
];

/**
 * Replaces every secret in `text`: each exact value in `secrets` (the profile's key, token, …),
 * then anything that looks like a credential.
 */
export function redact(text: string, secrets: Iterable<string | undefined> = []): string {
  let out = text;
  // Longest first, so a secret that contains another is replaced whole.
  const exact = [...secrets].filter((s): s is string => typeof s === 'string' && s.length >= 4);
  exact.sort((a, b) => b.length - a.length);
  for (const secret of exact) out = out.split(secret).join(REDACTED);
  for (const [pattern, replacement] of PATTERNS) out = out.replace(pattern, replacement);
  return out;
}

/** `name=value` pairs of headers for a debug line, secret header values replaced. */
export function redactHeaders(
  headers: Iterable<[string, string]>,
  secrets: Iterable<string | undefined> = [],
): string {
  const list = [...secrets];
  const parts: string[] = [];
  for (const [name, value] of headers) {
    parts.push(`${name.toLowerCase()}=${SECRET_HEADER.test(name) ? REDACTED : redact(value, list)}`);
  }
  return parts.join(' ');
}
