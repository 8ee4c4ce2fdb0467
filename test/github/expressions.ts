// GitHub Actions expressions (`${{ … }}` and `if:`), as much of the language as this project's
// Action and workflows use: literals, context paths (names may hold `-`), `!`, `==`, `!=`, `&&`,
// `||` (which return an operand, as GitHub's do), parentheses, and the functions always(),
// success(), failure(), cancelled() and format(). A path the context does not have fails the
// test, so a renamed input or output cannot slip through; a step that did not run has empty outputs.

export type Value = string | number | boolean | null;

export interface Context {
  /** A value by path, e.g. `inputs.dir`, `steps.plan.outputs.changes`; undefined when unknown. */
  lookup(path: string): Value | undefined;
  /** Whether every earlier step succeeded (continue-on-error failures count as success). */
  succeeded: boolean;
}

type Token = { kind: 'op' | 'str' | 'num' | 'id'; text: string };

function tokenize(src: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (/\s/.test(c)) {
      i++;
    } else if (c === "'") {
      let text = '';
      i++;
      for (;;) {
        if (i >= src.length) throw new Error(`unterminated string in: ${src}`);
        if (src[i] === "'" && src[i + 1] === "'") {
          text += "'";
          i += 2;
        } else if (src[i] === "'") {
          i++;
          break;
        } else text += src[i++];
      }
      tokens.push({ kind: 'str', text });
    } else if (/[0-9]/.test(c)) {
      const m = /^[0-9.]+/.exec(src.slice(i))![0];
      tokens.push({ kind: 'num', text: m });
      i += m.length;
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_.*-]*/.exec(src.slice(i))![0];
      tokens.push({ kind: 'id', text: m });
      i += m.length;
    } else {
      const op = ['==', '!=', '&&', '||'].find((o) => src.startsWith(o, i)) ?? c;
      if (!['==', '!=', '&&', '||', '!', '(', ')', ','].includes(op)) throw new Error(`unexpected '${op}' in: ${src}`);
      tokens.push({ kind: 'op', text: op });
      i += op.length;
    }
  }
  return tokens;
}

export function truthy(v: Value): boolean {
  return !(v === '' || v === false || v === 0 || v === null);
}

function equal(a: Value, b: Value): boolean {
  if (typeof a === 'string' && typeof b === 'string') return a.toLowerCase() === b.toLowerCase();
  if (typeof a === typeof b) return a === b;
  // Mixed types compare as numbers, as GitHub's do ('true' == true is false, 1 == '1' is true).
  const num = (v: Value) => (typeof v === 'boolean' ? Number(v) : v === null ? 0 : Number(v));
  return num(a) === num(b);
}

export function evaluate(src: string, ctx: Context): Value {
  const tokens = tokenize(src);
  let pos = 0;
  const peek = () => tokens[pos];
  const take = (text?: string) => {
    const t = tokens[pos++];
    if (!t || (text !== undefined && t.text !== text)) throw new Error(`expected '${text ?? 'a value'}' in: ${src}`);
    return t;
  };
  const or = (): Value => {
    let left = and();
    while (peek()?.text === '||') {
      take();
      const right = and();
      left = truthy(left) ? left : right;
    }
    return left;
  };
  const and = (): Value => {
    let left = cmp();
    while (peek()?.text === '&&') {
      take();
      const right = cmp();
      left = truthy(left) ? right : left;
    }
    return left;
  };
  const cmp = (): Value => {
    const left = unary();
    const op = peek()?.text;
    if (op === '==' || op === '!=') {
      take();
      const right = unary();
      return op === '==' ? equal(left, right) : !equal(left, right);
    }
    return left;
  };
  const unary = (): Value => {
    if (peek()?.text === '!') {
      take();
      return !truthy(unary());
    }
    return primary();
  };
  const primary = (): Value => {
    const t = take();
    if (t.text === '(' && t.kind === 'op') {
      const v = or();
      take(')');
      return v;
    }
    if (t.kind === 'str') return t.text;
    if (t.kind === 'num') return Number(t.text);
    if (t.kind !== 'id') throw new Error(`unexpected '${t.text}' in: ${src}`);
    if (t.text === 'true' || t.text === 'false') return t.text === 'true';
    if (t.text === 'null') return null;
    if (peek()?.text === '(') {
      take('(');
      const args: Value[] = [];
      while (peek()?.text !== ')') {
        args.push(or());
        if (peek()?.text === ',') take(',');
      }
      take(')');
      switch (t.text) {
        case 'always':
          return true;
        case 'success':
          return ctx.succeeded;
        case 'failure':
          return !ctx.succeeded;
        case 'cancelled':
          return false;
        case 'format':
          return String(args[0]).replace(/\{(\d+)\}/g, (_, n: string) => String(args[Number(n) + 1] ?? ''));
        default:
          throw new Error(`the test does not know the function ${t.text}() in: ${src}`);
      }
    }
    const v = ctx.lookup(t.text);
    if (v === undefined) throw new Error(`the test does not know the expression: ${t.text}`);
    return v;
  };
  const value = or();
  if (pos !== tokens.length) throw new Error(`unexpected '${tokens[pos]!.text}' in: ${src}`);
  return value;
}

/** A string with each `${{ … }}` replaced by its value. */
export function interpolate(text: string, ctx: Context): string {
  return text.replace(/\$\{\{\s*(.+?)\s*\}\}/g, (_, expr: string) => {
    const v = evaluate(expr, ctx);
    return v === null ? '' : String(v);
  });
}

/** An `if:` condition: with or without `${{ }}`, default `success()`. */
export function condition(src: string | undefined, ctx: Context): boolean {
  if (src === undefined) return ctx.succeeded;
  const expr = src.trim().replace(/^\$\{\{\s*([\s\S]*?)\s*\}\}$/, '$1');
  // GitHub adds success() unless the condition calls a status function itself.
  const status = /\b(always|success|failure|cancelled)\(\)/.test(expr);
  return truthy(evaluate(expr, ctx)) && (status || ctx.succeeded);
}
