// What the bundle the `aac` bin runs gives the `openai` SDK where it names two of Node's web
// globals (scripts/bundle.mjs, `inject`) only to tell a body aac never sends:
// - the global `ReadableStream`, read for every request it builds and every attempt it sends (the
//   `openai` package's client.js, 6.30.1: `buildRequest` and `fetchWithTimeout`,
//   `globalThis.ReadableStream && body instanceof globalThis.ReadableStream`), to tell a streamed
//   body. Reading it evaluates Node's web streams (internal/webstreams/readablestream and
//   writablestream), compiled from their source once aac has changed a V8 flag
//   (src/compile-cache.cts builtinsUnderDefaults does not reach a global's first use): 20–25
//   million instructions before a plan's first request (callgrind, Node 20);
// - `FormData`, asked of every request with a body (client.js `buildBody`: `body instanceof
//   FormData`, for a multipart upload). Node defines it with its fetch implementation (undici, as
//   `Headers`: header-list.ts), and its first use evaluates that implementation at an apply's
//   first write, between the plan and every write, for bodies that are JSON objects: 32–39 ms of
//   CPU measured alone, in a process that had loaded the modules aac has by then (Node 20); 108 ms
//   of samples under the SDK's buildBody in a CPU profile of an apply of 200 creates on a machine
//   loaded by other work.
// A stand-in answers the SDK's questions as the global would, reading the global only when the
// answer needs it.

/** Node's own global `name`, read only here: the bundle's free name (or `globalThis.` one) is a stand-in. */
const nodeGlobal = (name: string): new (...args: unknown[]) => object => Reflect.get(globalThis, name) as new (...args: unknown[]) => object;

/**
 * A stand-in for Node's global class `name`: `new` makes Node's own instance (`new Stand(...args)`
 * returns `new Class(...args)`), and `value instanceof` answers as Node's class does. An instance
 * has `method`, a method of the class's prototype: a value without one as a function (a string
 * body, undefined, a plain object, an array) is answered false without the global; one with it is
 * asked of Node's class, which is loaded already if the value is an instance.
 */
function onUse<C>(name: string, method: string): C {
  class Stand {
    constructor(...args: unknown[]) {
      const Class = nodeGlobal(name);
      return new Class(...args);
    }

    static [Symbol.hasInstance](value: unknown): boolean {
      return typeof value === 'object' && value !== null && typeof (value as Record<string, unknown>)[method] === 'function' && value instanceof nodeGlobal(name);
    }
  }
  return Stand as C;
}

/** The global `ReadableStream` as the SDK uses it: truthy, as in Node 20 (https://streams.spec.whatwg.org/#rs-class: `getReader`). */
const ReadableStreamOnUse = onUse<typeof ReadableStream>('ReadableStream', 'getReader');
/** The global `FormData` as the SDK uses it (https://xhr.spec.whatwg.org/#interface-formdata: `append`). */
const FormDataOnUse = onUse<typeof FormData>('FormData', 'append');

export { ReadableStreamOnUse as 'globalThis.ReadableStream', FormDataOnUse as FormData };
