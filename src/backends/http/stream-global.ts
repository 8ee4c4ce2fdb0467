// What the bundle the `aac` bin runs gives the `openai` SDK where it reads the global
// `ReadableStream` (scripts/bundle.mjs, `inject`): the SDK reads it for every request it builds
// and every attempt it sends (the `openai` package's client.js, 6.30.1: `buildRequest` and
// `fetchWithTimeout`, `globalThis.ReadableStream && body instanceof globalThis.ReadableStream`),
// to tell a streamed body, which aac never sends. Node defines that global on first use, and
// reading it evaluates Node's web streams (internal/webstreams/readablestream and
// writablestream), compiled from their source once aac has changed a V8 flag
// (src/compile-cache.cts builtinsUnderDefaults does not reach a global's first use): 20–25 million
// instructions before a plan's first request (callgrind, Node 20), of a process that then never
// makes a stream. This stand-in answers the SDK's three questions as the global would, reading
// the global only when the answer needs it.

/** Node's own class, read only here: the bundle's `globalThis.ReadableStream` is this module's stand-in. */
const nodeReadableStream = (): typeof ReadableStream => Reflect.get(globalThis, 'ReadableStream') as typeof ReadableStream;

/**
 * The global `ReadableStream` as the SDK uses it: truthy (a global Node 20 always has), `new`
 * makes Node's own stream (`new ReadableStreamOnUse(source)` returns `new ReadableStream(source)`,
 * for the SDK's streamed answers and uploads, which aac does not use), and `value instanceof`
 * answers as Node's class does. A value is an instance only if it has a `getReader` method (the
 * class's prototype has one: https://streams.spec.whatwg.org/#rs-class): anything else (a string
 * body, undefined, a plain object) is answered false without the global; one that has is asked of
 * Node's class, which is loaded already if the value is a stream.
 */
class ReadableStreamOnUse {
  constructor(...args: ConstructorParameters<typeof ReadableStream>) {
    const Class = nodeReadableStream();
    return new Class(...args);
  }

  static [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === 'object' && value !== null && typeof (value as { getReader?: unknown }).getReader === 'function' && value instanceof nodeReadableStream();
  }
}

export { ReadableStreamOnUse as 'globalThis.ReadableStream' };
