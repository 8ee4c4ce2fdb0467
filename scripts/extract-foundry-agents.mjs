#!/usr/bin/env node
// Extracts what the foundry-agents emulator dialect validates against from the official
// descriptions of Foundry's named, versioned agents in ../shared/azure-foundry into
// src/backends/foundry-agents/spec/, so the runtime never reads ../shared (users do not have it).
//
// Three sources, because none holds everything (see ../shared/azure-foundry/SOURCE.md):
// - agents-v2-json-schema/CreateAgentRequest.json: the JSON Schema the repository's own emitter
//   made for the POST /agents body. Taken verbatim: CreateAgentRequest and every $def it holds.
// - agents-v2.paths-excerpt.yaml: the newest OpenAPI 3.2 paths. Taken: each served operation's
//   query and path parameters, its body and 200/4XX schema names, and the inline list schemas.
// - agents-v2-typespec/*.tsp: the models the YAML's dangling $refs name that no emitter output
//   here holds (CreateAgentVersionRequest, UpdateAgentRequest, AgentObject, AgentVersionObject,
//   the delete responses, ApiErrorResponse, PageOrder). A small reader turns their properties into
//   JSON Schema; a type it does not know stops the script, so a source change cannot slip through
//   unnoticed.
// - openai-openapi/openapi.yaml `Error`: `alias ApiError = OpenAI.Error` names it, the Foundry
//   files do not copy it.
// Usage: node scripts/extract-foundry-agents.mjs [--check]   (--check: exit 1 when the committed file differs)
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';

const repo = new URL('../', import.meta.url);
const shared = new URL('../shared/', repo);
const foundry = new URL('azure-foundry/', shared);
const outFile = new URL('src/backends/foundry-agents/spec/foundry-agents.json', repo);

/** The operations the dialect serves: method, path → what to take from the YAML. */
const OPERATIONS = [
  ['GET', '/agents'],
  ['POST', '/agents'],
  ['GET', '/agents/{agent_name}'],
  ['POST', '/agents/{agent_name}'],
  ['DELETE', '/agents/{agent_name}'],
  ['GET', '/agents/{agent_name}/versions'],
  ['POST', '/agents/{agent_name}/versions'],
  ['GET', '/agents/{agent_name}/versions/{agent_version}'],
  ['DELETE', '/agents/{agent_name}/versions/{agent_version}'],
];

/**
 * TypeSpec types no file here defines, each with its reading. FoundryTimestamp: "The Unix
 * timestamp (seconds)" (models.tsp AgentVersionObject.created_at doc). AgentEndpointConfig: the
 * JSON Schema emitter output names the same model AgentEndpoint (CreateAgentRequest.json).
 */
const EXTERNAL_TYPES = {
  FoundryTimestamp: { type: 'integer' },
  AgentEndpointConfig: { $ref: '#/$defs/AgentEndpoint' },
};

// ---------------------------------------------------------------- a reader for TypeSpec models

/** Source text without comments and with triple-quoted strings emptied (they hold `{`, `;`, `//`). */
function stripTsp(text) {
  return text
    .replace(/"""[\s\S]*?"""/g, '""')
    .replace(/("(?:[^"\\\n]|\\.)*")|\/\*[\s\S]*?\*\/|\/\/[^\n]*/g, (_m, s) => s ?? '');
}

/** The text between the `{` at `open` and its matching `}`. */
function braceBody(text, open) {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '{') depth++;
    else if (text[i] === '}' && --depth === 0) return text.slice(open + 1, i);
  }
  throw new Error('unbalanced braces');
}

/** Splits on `sep` at bracket depth 0, outside strings. */
function splitTop(text, sep) {
  const parts = [];
  let depth = 0;
  let inString = false;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if ('{([<'.includes(c)) depth++;
    else if ('})]>'.includes(c)) depth--;
    else if (c === sep && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts.map((p) => p.trim()).filter((p) => p !== '');
}

/** `@name(args) @other rest` → [{name, args}], rest. */
function takeDecorators(member) {
  const decorators = [];
  let rest = member.trim();
  while (rest.startsWith('@') || rest.startsWith('#suppress')) {
    const m = /^[@#](\w+)/.exec(rest);
    rest = rest.slice(m[0].length);
    let args = '';
    if (rest.startsWith('(')) {
      let depth = 0;
      let i = 0;
      for (; i < rest.length; i++) {
        if (rest[i] === '(') depth++;
        else if (rest[i] === ')' && --depth === 0) break;
      }
      args = rest.slice(1, i);
      rest = rest.slice(i + 1);
    } else if (m[1] === 'suppress') {
      rest = rest.replace(/^\s*"[^"]*"\s*"[^"]*"/, '');
    }
    decorators.push({ name: m[1], args: args.trim() });
    rest = rest.trim();
  }
  return { decorators, rest };
}

/** Every `model`, `alias … = {…}` and `union` declaration of the given files, by name. */
function readDeclarations(texts) {
  const decls = {};
  for (const raw of texts) {
    const text = stripTsp(raw);
    for (const m of text.matchAll(/^(model|union|alias)\s+(\w+)(<[^>{=]*>)?([^{;=]*)(=\s*)?\{/gm)) {
      const body = braceBody(text, m.index + m[0].length - 1);
      decls[m[2]] = { kind: m[1], body, heritage: m[4].trim() };
    }
    for (const m of text.matchAll(/^@@copyProperties\((\w+(?:\.\w+)*),\s*\{/gm)) {
      decls[`copyProperties:${m[1]}`] = { kind: 'alias', body: braceBody(text, m.index + m[0].length - 1), heritage: '' };
    }
    for (const m of text.matchAll(/^alias\s+(\w+)\s*=\s*([\w.]+);/gm)) decls[m[1]] = { kind: 'rename', target: m[2] };
  }
  return decls;
}

function unionMembers(decl) {
  const open = [];
  const values = [];
  for (const item of splitTop(decl.body, ',')) {
    const { decorators, rest } = takeDecorators(item);
    if (decorators.some((d) => d.name === 'removed' && d.args === 'Versions.v1')) continue;
    if (rest === 'string') open.push(rest);
    else {
      const m = /^(?:(\w+):\s*)?"([^"]*)"$/.exec(rest);
      if (!m) throw new Error(`union member not understood: ${rest}`);
      values.push({ label: m[1] ?? m[2], value: m[2] });
    }
  }
  return { open: open.length > 0, values };
}

class TspToJsonSchema {
  constructor(decls, jsonDefs) {
    this.decls = decls;
    this.jsonDefs = jsonDefs;
    this.defs = {};
  }

  /** A JSON Schema for a TypeSpec type expression. */
  type(text) {
    const t = text.trim();
    const alternatives = splitTop(t, '|');
    if (alternatives.length > 1) return { anyOf: alternatives.map((a) => this.type(a)) };
    if (t.endsWith('[]')) return { type: 'array', items: this.type(t.slice(0, -2)) };
    if (t.startsWith('{')) return this.object(t.slice(1, -1), '');
    const record = /^Record<(.+)>$/.exec(t);
    if (record) return { type: 'object', additionalProperties: this.type(record[1]) };
    const scalar = { string: { type: 'string' }, boolean: { type: 'boolean' }, int32: { type: 'integer' }, int64: { type: 'integer' }, float32: { type: 'number' }, null: { type: 'null' }, unknown: {} }[t];
    if (scalar) return scalar;
    if (/^"[^"]*"$/.test(t)) return { type: 'string', const: t.slice(1, -1) };
    const member = /^(\w+)\.(\w+)$/.exec(t);
    if (member && this.decls[member[1]]?.kind === 'union') {
      const found = unionMembers(this.decls[member[1]]).values.find((v) => v.label === member[2]);
      if (!found) throw new Error(`no member ${t}`);
      return { type: 'string', const: found.value };
    }
    if (EXTERNAL_TYPES[t]) return EXTERNAL_TYPES[t];
    return { $ref: `#/$defs/${this.define(t)}` };
  }

  /** Makes `$defs[name]` (emitter output first, else from TypeSpec) and returns its name. */
  define(name) {
    if (this.defs[name] || this.jsonDefs[name]) return name;
    const decl = this.decls[name];
    if (decl?.kind === 'rename') return this.define(decl.target);
    if (!decl) throw new Error(`type ${name} is defined in none of the sources`);
    this.defs[name] = {}; // a placeholder ends recursion
    if (decl.kind === 'union') {
      const { open, values } = unionMembers(decl);
      this.defs[name] = open
        ? { anyOf: [{ type: 'string' }, ...values.map((v) => ({ type: 'string', const: v.value }))] }
        : { type: 'string', enum: values.map((v) => v.value) };
    } else {
      this.defs[name] = this.object(decl.body, decl.heritage);
    }
    return name;
  }

  /** An object schema from model members (`name?: T = d;`, `...Spread;`, `...OmitProperties<M, "p">;`). */
  object(body, heritage) {
    if (heritage && !/^(extends|is)?$/.test(heritage)) throw new Error(`heritage not understood: ${heritage}`);
    const properties = {};
    const required = [];
    const add = (sub) => {
      Object.assign(properties, sub.properties);
      for (const r of sub.required ?? []) if (!required.includes(r)) required.push(r);
    };
    for (const item of splitTop(body, ';')) {
      const { decorators, rest } = takeDecorators(item);
      if (decorators.some((d) => d.name === 'removed' && d.args === 'Versions.v1')) continue;
      const omit = /^\.\.\.OmitProperties<(\w+),\s*"(\w+)">$/.exec(rest);
      if (omit) {
        const sub = this.object(this.decls[omit[1]].body, '');
        delete sub.properties[omit[2]];
        add({ properties: sub.properties, required: (sub.required ?? []).filter((r) => r !== omit[2]) });
        continue;
      }
      const spread = /^\.\.\.(\w+)$/.exec(rest);
      if (spread) {
        const decl = this.decls[spread[1]];
        if (!decl) throw new Error(`spread of unknown ${spread[1]}`);
        add(this.object(decl.body, ''));
        continue;
      }
      const m = /^`?(\w+)`?(\?)?\s*:\s*([\s\S]+?)(?:\s*=\s*([\s\S]+))?$/.exec(rest);
      if (!m) throw new Error(`member not understood: ${rest}`);
      const schema = { ...this.type(m[3]) };
      for (const d of decorators) {
        const limit = { maxLength: 'maxLength', minLength: 'minLength', maxItems: 'maxItems', minItems: 'minItems', maxValue: 'maximum', minValue: 'minimum' }[d.name];
        if (limit) schema[limit] = Number(d.args);
      }
      if (m[4] !== undefined) schema.default = this.defaultValue(m[4].trim());
      properties[m[1]] = schema;
      if (!m[2]) required.push(m[1]);
    }
    return { type: 'object', properties, ...(required.length > 0 ? { required } : {}) };
  }

  defaultValue(text) {
    if (text === 'true' || text === 'false') return text === 'true';
    if (/^-?\d+(\.\d+)?$/.test(text)) return Number(text);
    if (/^"[^"]*"$/.test(text)) return text.slice(1, -1);
    return this.type(text).const;
  }
}

// ---------------------------------------------------------------- the extract

/** Every name reachable from `roots` through local `#/$defs/` references. */
function reachable(defs, roots) {
  const seen = new Set();
  const queue = [...roots];
  while (queue.length > 0) {
    const name = queue.shift();
    if (seen.has(name)) continue;
    if (!defs[name]) throw new Error(`schema ${name} not found`);
    seen.add(name);
    for (const m of JSON.stringify(defs[name]).matchAll(/"\$ref":"#\/\$defs\/([^"]+)"/g)) queue.push(m[1]);
  }
  return Object.fromEntries([...seen].sort().map((n) => [n, defs[n]]));
}

/** `#/components/schemas/X` → `#/$defs/X`, noting X so its definition is made. */
function rewriteRefs(node, wanted) {
  if (Array.isArray(node)) return node.map((n) => rewriteRefs(n, wanted));
  if (node === null || typeof node !== 'object') return node;
  const out = {};
  for (const [k, v] of Object.entries(node)) {
    if (k === '$ref' && typeof v === 'string') {
      const name = v.replace(/^#\/components\/schemas\//, '');
      wanted.add(name);
      out.$ref = `#/$defs/${name}`;
    } else if (k !== 'description' && k !== 'title' && !k.startsWith('x-ms-')) out[k] = rewriteRefs(v, wanted);
  }
  return out;
}

function commitOf(file) {
  const text = readFileSync(new URL('SOURCE.md', foundry), 'utf8');
  const m = new RegExp('`' + file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&') + '`[^\\n]*?`([0-9a-f]{40})`').exec(text);
  if (!m) throw new Error(`no commit for ${file} in SOURCE.md`);
  return m[1];
}

function foundryAgentsSpec() {
  const json = JSON.parse(readFileSync(new URL('agents-v2-json-schema/CreateAgentRequest.json', foundry), 'utf8'));
  const yaml = YAML.parse(readFileSync(new URL('agents-v2.paths-excerpt.yaml', foundry), 'utf8'));
  const tsp = ['agents-v2-typespec/models.tsp', 'agents-v2-typespec/common-models.tsp'].map((f) => readFileSync(new URL(f, foundry), 'utf8'));
  const openaiError = YAML.parse(readFileSync(new URL('openai-openapi/openapi.yaml', shared), 'utf8'), { maxAliasCount: -1 }).components.schemas.Error;

  const { $defs: jsonDefs, $schema: _schema, $id: _id, ...createAgentRequest } = json;
  const reader = new TspToJsonSchema(readDeclarations(tsp), jsonDefs);
  // `alias ApiError = OpenAI.Error` plus `@@copyProperties(OpenAI.Error, {details?, additionalInfo?, debugInfo?})` (common-models.tsp).
  reader.defs.Error = openaiError;
  reader.decls['OpenAI.Error'] = { kind: 'rename', target: 'Error' };
  // The added properties are a comma-separated object literal, not a model body.
  const copied = reader.object(splitTop(reader.decls['copyProperties:OpenAI.Error'].body, ',').join(';'), '');
  reader.defs.ApiError = { ...openaiError, properties: { ...openaiError.properties, ...copied.properties } };

  const operations = {};
  const wanted = new Set();
  for (const [method, path] of OPERATIONS) {
    const op = yaml.paths[path]?.[method.toLowerCase()];
    if (!op) throw new Error(`${method} ${path} is not in the paths excerpt`);
    const params = { query: {}, path: {} };
    for (const p of op.parameters ?? []) {
      if (p.in === 'header') continue; // only Foundry-Features (preview opt-in) and code-upload headers
      params[p.in][p.name] = { required: p.required === true, schema: rewriteRefs(p.schema, wanted) };
    }
    const content = op.requestBody?.content?.['application/json'];
    operations[`${method} ${path}`] = {
      operationId: op.operationId,
      query: params.query,
      path: params.path,
      ...(content ? { body: rewriteRefs(content.schema, wanted) } : {}),
      response: rewriteRefs(op.responses['200'].content['application/json'].schema, wanted),
      error: rewriteRefs(op.responses['4XX'].content['application/json'].schema, wanted),
    };
  }
  for (const name of [...wanted].sort()) if (name !== 'CreateAgentRequest') reader.define(name);
  const all = { ...jsonDefs, ...reader.defs, CreateAgentRequest: createAgentRequest };
  return {
    'x-source': {
      repository: 'github.com/Azure/azure-rest-api-specs (and github.com/openai/openai-openapi for OpenAI.Error)',
      files: {
        'specification/ai-foundry/data-plane/Foundry/src/sdk-service-agents-json-schema/tsp-output/json-schema/CreateAgentRequest.json': commitOf('agents-v2-json-schema/CreateAgentRequest.json'),
        'specification/ai-foundry/data-plane/Foundry/openapi3/v1/microsoft-foundry-openapi3.yaml (paths excerpt)': commitOf('agents-v2.paths-excerpt.yaml'),
        'specification/ai-foundry/data-plane/Foundry/src/agents/models.tsp': commitOf('agents-v2-typespec/models.tsp'),
        'specification/ai-foundry/data-plane/Foundry/src/common/models.tsp': commitOf('agents-v2-typespec/common-models.tsp'),
        'openapi.yaml (components.schemas.Error)': readFileSync(new URL('openai-openapi/SOURCE.md', shared), 'utf8').match(/`([0-9a-f]{40})`/)[1],
      },
      license: 'MIT, Copyright (c) Microsoft Corporation; OpenAI.Error: MIT, Copyright (c) OpenAI',
      extracted: 'the served operations of the paths excerpt (parameters, body, 200 and 4XX schemas); CreateAgentRequest and its $defs verbatim from the JSON Schema; the other named models from the TypeSpec',
      generator: 'scripts/extract-foundry-agents.mjs (do not edit by hand)',
    },
    operations,
    $defs: reachable(all, ['CreateAgentRequest', ...[...wanted]]),
  };
}

export function extract() {
  return { 'foundry-agents.json': JSON.stringify(foundryAgentsSpec(), null, 2) + '\n' };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const text = extract()['foundry-agents.json'];
  if (process.argv.includes('--check')) {
    let current = '';
    try { current = readFileSync(outFile, 'utf8'); } catch { /* missing counts as stale */ }
    if (current !== text) {
      console.error(`${fileURLToPath(outFile)} is out of date`);
      process.exit(1);
    }
  } else {
    writeFileSync(outFile, text);
    console.log(`wrote ${fileURLToPath(outFile)}`);
  }
}
