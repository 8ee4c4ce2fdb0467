// The bundle's stand-ins for the globals the SDK asks about a request's body
// (src/backends/http/web-globals.ts): each answers as Node's class does, for its instances and for
// everything the SDK asks it about, and makes Node's own instances.
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { FormData as FormDataOnUse, 'globalThis.ReadableStream' as ReadableStreamOnUse } from '../../src/backends/http/web-globals.js';

/** What the SDK asks either class about (client.js buildBody): bodies aac sends, and others. */
const bodies = (): unknown[] => [undefined, null, '{"name":"a"}', new Uint8Array(2), new ArrayBuffer(2), { name: 'a' }, [1, 2], new URLSearchParams('a=1'), new Blob(['x']), 0, true];

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
      ...bodies(),
      // A reader's method without the class: not a stream.
      { getReader: () => undefined },
      Object.create(ReadableStream.prototype),
      ReadableStream,
    ];
    expect(values.map((v) => v instanceof ReadableStreamOnUse)).toEqual(values.map((v) => v instanceof ReadableStream));
    expect(values.filter((v) => v instanceof ReadableStreamOnUse)).toHaveLength(4);
  });
});

describe('the FormData stand-in', () => {
  it('makes Node\'s own form', () => {
    const made = new FormDataOnUse();
    made.append('name', 'a');
    expect(made).toBeInstanceOf(FormData);
    expect([...made.entries()]).toEqual([['name', 'a']]);
  });

  it('answers instanceof as Node\'s class does', () => {
    class Sub extends FormData {}
    const values: unknown[] = [
      new FormData(),
      new Sub(),
      ...bodies(),
      // A form's method without the class: not a form.
      { append: () => undefined },
      Object.create(FormData.prototype),
      FormData,
    ];
    expect(values.map((v) => v instanceof FormDataOnUse)).toEqual(values.map((v) => v instanceof FormData));
    expect(values.filter((v) => v instanceof FormDataOnUse)).toHaveLength(3);
  });
});
