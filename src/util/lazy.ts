// Values made on first use and kept: for work a run may never need, such as compiling a JSON
// Schema validator (a whole API description takes seconds to compile, one schema a fraction).

/** `make`'s value, made on the first call and kept (undefined included). */
export function lazy<T>(make: () => T): () => T {
  let value: T | undefined;
  let made = false;
  return () => {
    if (!made) {
      value = make();
      made = true;
    }
    return value as T;
  };
}

/**
 * A record of `makers`' values, each made on the first read of its key and kept. Every key is
 * there (enumerable) from the start, so that a message listing the keys needs none made.
 */
export function lazyRecord<K extends string, V>(makers: Record<K, () => V>): Record<K, V> {
  const out = {} as Record<K, V>;
  for (const key of Object.keys(makers) as K[]) {
    const make = lazy(makers[key]);
    Object.defineProperty(out, key, { enumerable: true, get: make });
  }
  return out;
}

/** The objects of lazyObject not filled yet. */
const unfilled = new WeakSet<object>();

/**
 * An object whose own properties `fill` writes into the object it is given, at the first
 * operation on it (reading, listing, testing, writing or defining a property, asking its
 * prototype…): a Proxy over that object (a plain one, of Object.prototype), which forwards every
 * operation to it once it is filled. For data a run makes only if something reads it: a plan's
 * hashes of 10,000 definitions, which only a saved or JSON plan shows (src/plan/planned-pairs.ts).
 * notFilled tells it apart until then, without filling it.
 */
export function lazyObject<T extends object>(fill: (target: T) => void): T {
  const handler: Record<string, unknown> = {};
  for (const name of Object.getOwnPropertyNames(Reflect) as Array<keyof typeof Reflect>) {
    handler[name] = (target: T, ...args: unknown[]) => {
      if (unfilled.delete(proxy)) fill(target);
      return (Reflect[name] as (...a: unknown[]) => unknown)(target, ...args);
    };
  }
  const proxy = new Proxy({} as T, handler as ProxyHandler<T>);
  unfilled.add(proxy);
  return proxy;
}

/** Whether `value` is an object of lazyObject that nothing has operated on yet, so not filled: asking does not fill it. */
export function notFilled(value: object): boolean {
  return unfilled.has(value);
}
