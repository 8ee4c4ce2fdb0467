// The bundle's stand-in for the global ReadableStream, which the SDK reads for every request
// (src/backends/http/stream-global.ts): it answers as Node's class does, for streams and for
// everything the SDK asks it about.
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { 'globalThis.ReadableStream' as ReadableStreamOnUse } from '../../src/backends/http/stream-global.js';

describe('the ReadableStream stand-in', () => {
  it('makes Node\'s own stream', async () => {
    const made = new ReadableStreamOnUse({
      start(controller) {
        controller.enqueue('one');
        controller.close();
      },
    });
    expect(made).toBeInstanceOf(ReadableStream);
    const reader = made.getReader();
    expect(await reader.read()).toEqual({ done: false, value: 'one' });
    expect((await reader.read()).done).toBe(true);
  });

  it('answers instanceof as Node\'s class does', () => {
    class Sub extends ReadableStream {}
    const values: unknown[] = [
      new ReadableStream(),
      new Sub(),
      Readable.toWeb(Readable.from(['x'])),
      undefined,
      null,
      '{"name":"a"}',
      new Uint8Array(2),
      { name: 'a' },
      // A reader's method without the class: not a stream.
      { getReader: () => undefined },
      Object.create(ReadableStream.prototype),
      ReadableStream,
    ];
    expect(values.map((v) => v instanceof ReadableStreamOnUse)).toEqual(values.map((v) => v instanceof ReadableStream));
    expect(values.filter((v) => v instanceof ReadableStreamOnUse)).toHaveLength(4);
  });
});
