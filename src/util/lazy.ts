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
