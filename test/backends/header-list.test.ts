// aac's Headers (the bundle gives it to the SDK in place of Node's) against Node's own, call for
// call: the same names, values, order and errors, so that a request or an answer reads the same
// through either.
import { describe, expect, it } from 'vitest';
import { HeaderList, type HeaderInit } from '../../src/backends/http/header-list.js';

type Step = [method: 'append' | 'set' | 'delete' | 'get' | 'has', ...args: string[]];

/** What each step gives (its value, or its error's class and message), then the whole list as iterated. */
function outcome(make: (init?: HeaderInit) => Headers, init: HeaderInit | undefined, steps: Step[]): unknown[] {
  const seen: unknown[] = [];
  let headers: Headers;
  try {
    headers = make(init);
  } catch (err) {
    return [`${(err as Error).constructor.name}: ${(err as Error).message}`];
  }
  for (const [method, ...args] of steps) {
    try {
      seen.push((headers[method] as (...a: string[]) => unknown)(...args) ?? 'void');
    } catch (err) {
      seen.push(`${(err as Error).constructor.name}: ${(err as Error).message}`);
    }
  }
  const each: string[] = [];
  headers.forEach((value, name) => each.push(`${name}=${value}`));
  return [...seen, [...headers], [...headers.keys()], [...headers.values()], each, headers.getSetCookie(), Object.prototype.toString.call(headers)];
}

const CASES: Array<[string, HeaderInit | undefined, Step[]]> = [
  ['names any case, values appended and set', { 'X-Req': 'a', accept: 'application/json' }, [['append', 'x-REQ', 'b'], ['get', 'X-req'], ['set', 'Accept', 'text/plain'], ['has', 'ACCEPT'], ['delete', 'x-req'], ['has', 'x-req'], ['get', 'missing']]],
  ['pairs, sorted on iteration, set-cookie apart', [['b', '2'], ['Set-Cookie', 'a=1'], ['a', '1'], ['set-cookie', 'c=3'], ['B', '3']], [['get', 'set-cookie'], ['get', 'b']]],
  ['values trimmed of HTTP whitespace, inner kept', [['x', ' \t a b \r\n']], [['get', 'x'], ['append', 'y', '\t']]],
  ['bytes up to U+00FF in a value', [['x', 'café ÿ']], [['get', 'x']]],
  ['an invalid name, at every method', undefined, [['append', 'a b', 'x'], ['set', '', 'x'], ['get', 'é'], ['has', 'a:b'], ['delete', '(x)']]],
  ['an invalid value', undefined, [['append', 'x', 'a\nb'], ['set', 'x', 'a\0b'], ['append', 'x', 'a\rb']]],
  ['a character above U+00FF, in a name or a value', undefined, [['append', 'x', 'token\u200bx'], ['set', 'x\u0100', 'y'], ['get', 'Ā']]],
  ['a pair of the wrong length', [['a', '1'], ['b']] as unknown as HeaderInit, []],
  ['no list at all', 5 as unknown as HeaderInit, []],
  ['another Headers', new Headers([['b', '2'], ['a', '1']]), [['get', 'a']]],
  // A name met before (any case, another list's) is known a token: its values are still checked, in the built-in's order.
  ['a name met before, at every method, with bad values and a bad name after it', [['X-Seen', '1'], ['x-seen', '2']], [['append', 'X-Seen', 'a\nb'], ['set', 'x-seen', 'a\u0100'], ['append', 'X-SEEN', ' 3 '], ['get', 'x-Seen'], ['has', 'X-Seen'], ['append', 'x-seen\u0100', 'v\u0100'], ['append', 'x seen', 'v\u0100'], ['delete', 'X-Seen'], ['get', 'X-Seen']]],
  ['values of other types, as their text', [['n', 1], ['u', undefined], ['o', null]] as unknown as HeaderInit, [['get', 'n']]],
];

describe('HeaderList', () => {
  it.each(CASES)('%s: as the built-in Headers', (_, init, steps) => {
    expect(outcome((i) => new HeaderList(i), init, steps)).toEqual(outcome((i) => new Headers(i as HeadersInit), init, steps));
  });

  it('iterates what it holds now, after each change, and a pair changed by its reader changes nothing held', () => {
    const run = (headers: Headers): unknown[] => {
      const seen: unknown[] = [[...headers]];
      const first = headers.entries().next().value!;
      first[1] = 'changed';
      seen.push([...headers]);
      headers.append('b', '3');
      seen.push([...headers]);
      headers.set('a', '4');
      seen.push([...headers]);
      headers.delete('b');
      headers.delete('missing');
      seen.push([...headers], [...headers.keys()], [...headers.values()]);
      return seen;
    };
    const init: Array<[string, string]> = [['b', '2'], ['a', '1']];
    expect(run(new HeaderList(init))).toEqual(run(new Headers(init)));
  });

  it('is taken by the built-in Headers and by fetch as a list of headers', () => {
    const list = new HeaderList([['Authorization', 'Bearer k'], ['x-a', '1'], ['X-A', '2']]);
    expect([...new Headers(list)]).toEqual([['authorization', 'Bearer k'], ['x-a', '1, 2']]);
    expect(new HeaderList(list).get('x-a')).toBe('1, 2');
  });
});
