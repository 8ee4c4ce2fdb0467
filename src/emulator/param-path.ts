// How an emulated API names the offending value of a request in its errors' `param`.

/** `/tools/0/function/name` → `tools[0].function.name`. */
export function paramPath(segments: ReadonlyArray<string | number>): string {
  let out = '';
  for (const s of segments) {
    if (typeof s === 'number' || /^\d+$/.test(s)) out += `[${s}]`;
    else out += out === '' ? s : `.${s}`;
  }
  return out;
}
