// Each item of a keyed list (tools) is shown with its own parts, at the index the definition file
// gives it, for every backend: through the real CLI against the emulator, with the tools written
// in an order that is not the one a normalization sorts them into (by type and name). A create
// folds into its "(server defaults: …)" line, by the tool's index, only what the server fills into
// that very tool; an update names the changed tool by its index in the file.
import { afterEach, describe, expect, test } from 'vitest';
import { startEmulator, type EmulatorOptions, type RunningEmulator } from '../../src/emulator/index.js';
import { API_KEY, workspace, type Workspace } from '../apply/helpers.js';
import { runCli } from '../helpers/cli.js';

/** A function tool's own parameter names: `zeta` has `zeta_id` and `zeta_flag`, and so on. */
const PARAMS: Record<string, string[]> = { zeta: ['zeta_id', 'zeta_flag'], alpha: ['alpha_id'], mid: ['mid_note', 'mid_count'] };
const params = (name: string, edited = false) => ({
  type: 'object',
  properties: Object.fromEntries(PARAMS[name]!.map((p, i) => [p, { type: i === 1 ? 'boolean' : 'string', description: i === 0 && edited ? `The ${p}, edited.` : `The ${p}.` }])),
});

interface Backend {
  name: string;
  emulator: EmulatorOptions;
  env(url: string): Record<string, string>;
  /** A definition whose tools are, in the file's order, `order` (function names, or another tool type). */
  definition(order: string[], edited: string[]): Record<string, unknown>;
  /** The file's order of the tools, names for functions. */
  order: string[];
  /** What the server fills into a tool of this name when created, by its path in the tool (`strict`). */
  filled(tool: string): string[];
}

const functionOf = (name: string, edited: string[], flat: boolean) =>
  flat ? { type: 'function', name, description: `Run ${name}.`, parameters: params(name, edited.includes(name)) } : { type: 'function', function: { name, description: `Run ${name}.`, parameters: params(name, edited.includes(name)) } };

const BACKENDS: Backend[] = [
  {
    name: 'assistants',
    emulator: {},
    env: (url) => ({ OPENAI_BASE_URL: url, OPENAI_API_KEY: API_KEY }),
    order: ['zeta', 'code_interpreter', 'alpha', 'mid'],
    definition: (order, edited) => ({ model: 'gpt-4o', tools: order.map((t) => (t in PARAMS ? functionOf(t, edited, false) : { type: t })) }),
    // A function sent without `strict` comes back with `strict: false`.
    filled: (tool) => (tool in PARAMS ? ['strict'] : []),
  },
  {
    name: 'openai-agents',
    emulator: { provider: 'openai-agents' },
    env: (url) => ({ OPENAI_BASE_URL: url, OPENAI_API_KEY: API_KEY }),
    order: ['zeta', 'alpha', 'mid'],
    definition: (order, edited) => ({ model: 'gpt-5', tools: order.map((t) => functionOf(t, edited, true)) }),
    filled: () => ['defer_loading'],
  },
  {
    name: 'foundry-agents',
    emulator: { provider: 'foundry-agents' },
    env: (url) => ({ AZURE_AI_PROJECT_ENDPOINT: url, AAC_FOUNDRY_TOKEN: API_KEY }),
    order: ['zeta', 'code_interpreter', 'alpha', 'mid'],
    definition: (order, edited) => ({ name: 'bot', definition: { kind: 'prompt', model: 'gpt-4o', tools: order.map((t) => (t in PARAMS ? functionOf(t, edited, true) : { type: t })) } }),
    // A code_interpreter tool without a container gets `{type: auto}`.
    filled: (tool) => (tool === 'code_interpreter' ? ['type'] : []),
  },
];

interface Line {
  indent: number;
  text: string;
}

/** The diff lines of a text plan, or of a markdown plan's ```diff blocks, as indent and text (marker and all). */
function diffLines(out: string, format: 'text' | 'markdown'): Line[] {
  const lines: Line[] = [];
  let fenced = false;
  for (const line of out.split('\n')) {
    if (format === 'markdown') {
      if (line.startsWith('```')) fenced = !fenced;
      const m = fenced ? /^([+~ -]) ( *)(.*)$/.exec(line) : null;
      if (m) lines.push({ indent: m[2]!.length, text: `${m[1]} ${m[3]}` });
    } else {
      const m = /^( *)([+~-] .*)$/.exec(line);
      if (m) lines.push({ indent: m[1]!.length, text: m[2]! });
    }
  }
  return lines;
}

/** The paths (below `tools[i]`) a plan's folded "(server defaults: …)" line lists for tool `i`, the last part of each. */
function foldedInTool(out: string, i: number): string[] {
  const line = out.split('\n').find((l) => /^\s*\(server defaults?: /.test(l)) ?? '';
  return [...line.matchAll(/(?:^|[ (:])(?:definition\.)?tools\[(\d+)\]\.(?:\S+\.)?(\w+) = /g)].filter((m) => Number(m[1]) === i).map((m) => m[2]!);
}

/** Each list item's header (`+ tools[2]: function zeta`, `+ [2]:`) with the lines below it, by the index it shows. */
function items(lines: Line[]): Map<number, { header: string; body: string[] }> {
  const out = new Map<number, { header: string; body: string[] }>();
  lines.forEach((line, i) => {
    const m = /^[+~ -] (?:tools)?\[(\d+)\]:/.exec(line.text);
    if (!m) return;
    const body: string[] = [];
    for (let k = i + 1; k < lines.length && lines[k]!.indent > line.indent; k++) body.push(lines[k]!.text);
    expect(out.has(Number(m[1])), `index ${m[1]} shown twice`).toBe(false);
    out.set(Number(m[1]), { header: line.text, body });
  });
  return out;
}

/** Whether an item's lines are those of tool `tool`: its name or type, its own parameters and no other tool's. */
function expectTool(item: { header: string; body: string[] } | undefined, tool: string, where: string): void {
  expect(item, where).toBeDefined();
  const all = [item!.header, ...item!.body].join('\n');
  expect(all, where).toContain(tool);
  for (const [name, own] of Object.entries(PARAMS)) {
    for (const p of own) {
      if (name === tool) expect(all, `${where}: ${p}`).toContain(p);
      else expect(all, `${where}: ${p} is another tool's`).not.toContain(p);
    }
  }
}

let emu: RunningEmulator | undefined;
let ws: Workspace | undefined;
afterEach(async () => {
  await emu?.close();
  ws?.cleanup();
  emu = ws = undefined;
});

describe.each(BACKENDS)('$name: a keyed list shown item by item', (backend) => {
  const aac = (...args: string[]) => runCli([...args, '--provider', backend.name === 'assistants' ? 'openai' : backend.name, '--no-color'], { cwd: ws!.root, env: backend.env(emu!.url) });

  test('create, update and delete: each tool with its own parameters, at its index in the file; server defaults only where the server fills them', async () => {
    emu = await startEmulator({ apiKey: API_KEY, ...backend.emulator });
    ws = workspace({ bot: backend.definition(backend.order, []) });

    for (const format of ['text', 'markdown'] as const) {
      const plan = await aac('plan', '--format', format);
      expect(plan.code, plan.stderr).toBe(0);
      // What the server leaves unset is no default it fills in.
      expect(plan.stdout, format).not.toMatch(/= null[,)]/);
      const shown = items(diffLines(plan.stdout, format));
      expect([...shown.keys()].sort(), format).toEqual(backend.order.map((_, i) => i));
      backend.order.forEach((tool, i) => {
        const item = shown.get(i);
        expectTool(item, tool, `${format} create tools[${i}]`);
        expect(item!.body.join('\n'), `${format} create tools[${i}]: folded`).not.toContain('server default');
        expect(foldedInTool(plan.stdout, i), `${format} create tools[${i}] (${tool}): server defaults`).toEqual(backend.filled(tool));
      });
    }

    expect((await aac('apply', '--yes')).code).toBe(0);
    // The first tool of the file and the last change: their indices differ from their places by name.
    const [first, last] = [backend.order[0]!, backend.order.at(-1)!];
    ws.write('bot', backend.definition(backend.order, [first, last]));
    for (const format of ['text', 'markdown'] as const) {
      const plan = await aac('plan', '--format', format);
      expect(plan.code, plan.stderr).toBe(0);
      const shown = items(diffLines(plan.stdout, format));
      expect([...shown.keys()].sort(), `${format} update:\n${plan.stdout}`).toEqual([0, backend.order.length - 1]);
      for (const [i, tool] of [[0, first], [backend.order.length - 1, last]] as const) {
        const item = shown.get(i)!;
        expect(item.header, format).toMatch(/^[~ ] /);
        expect(item.body.join('\n'), `${format} update tools[${i}]`).toContain(`The ${PARAMS[tool]![0]}, edited.`);
        for (const [name, own] of Object.entries(PARAMS)) if (name !== tool) for (const p of own) expect(item.body.join('\n')).not.toContain(p);
      }
    }
    // The JSON plan: the body in the file's order; the patch's indices are those of `after` (normalized).
    const json = JSON.parse((await aac('plan', '--format', 'json')).stdout).resource_changes[0];
    const toolsOf = (spec: any) => (spec.definition ? spec.definition.tools : spec.tools) as any[];
    const nameOf = (t: any) => t.name ?? t.function?.name ?? t.type;
    expect(toolsOf(json.body).map(nameOf)).toEqual(backend.order);
    const patched = json.patch.map((op: { path: string }) => /\/tools\/(\d+)\//.exec(op.path)).filter(Boolean).map((m: string[]) => nameOf(toolsOf(json.after)[Number(m[1])]));
    expect(new Set(patched)).toEqual(new Set([first, last]));

    // A delete: every tool with its own parameters.
    expect((await aac('apply', '--yes')).code).toBe(0);
    ws.remove('bot');
    for (const format of ['text', 'markdown'] as const) {
      const plan = await aac('plan', '--prune', '--allow-empty', '--format', format);
      expect(plan.code, plan.stderr).toBe(0);
      const shown = items(diffLines(plan.stdout, format));
      expect(shown.size, `${format} delete:\n${plan.stdout}`).toBe(backend.order.length);
      for (const [, item] of shown) {
        const tool = backend.order.find((t) => item.header.includes(t) || item.body.some((l) => l.includes(`"${t}"`)))!;
        expectTool(item, tool, `${format} delete ${item.header}`);
      }
    }
  });
});
