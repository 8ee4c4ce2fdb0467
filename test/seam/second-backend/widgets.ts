// A second backend that lives in this test folder only: the Widgets API, a small named and
// versioned resource with its settings in a nested `definition`, unlike the Assistants API in
// every way the seam must absorb (addressed by the user's name, changes make immutable versions,
// model and instructions nested, tools flat). Its kind, its client and its fake (a dialect served
// by the real emulator shell) are all here; the product knows nothing of it.
import { createHash } from 'node:crypto';
import type { Backend, BackendModule, ResourceKind } from '../../../src/backends/backend.js';
import { BackendError, found } from '../../../src/backends/backend.js';
import { canonicalize, canonicalJson } from '../../../src/model/canonical.js';
import type { LiveResource, Spec } from '../../../src/model/definition.js';
import { isObject, type Json, type JsonObject } from '../../../src/model/json.js';
import { decodeMarker, encodeMarker } from '../../../src/model/marker.js';
import type { Dialect, DialectRequest, DialectResponse, Resource } from '../../../src/emulator/dialect.js';
import { ApiError, invalid } from '../../../src/emulator/errors.js';

export const PROVIDER = 'widgethost';
const BASE = '/widgets/v1';

/** How a widget's tool is recognised: `function lookup` (flat: the name sits beside the type). */
const toolKey = (tool: JsonObject) => (typeof tool.type === 'string' ? `${tool.type} ${String(tool.name)}` : undefined);

function normalizeDefinition(value: Json | undefined): Json {
  const d = isObject(value) ? value : {};
  const tools = Array.isArray(d.tools) ? d.tools.map((t) => canonicalize(t)) : [];
  return canonicalize({ model: d.model ?? null, instructions: d.instructions ?? null, tools });
}

export const WIDGET: ResourceKind = {
  name: 'widget',
  nouns: { one: 'widget', many: 'widgets' },
  starter: '`name: <name>` and `definition: { model: <model> }`',
  schema: new URL('./widget.schema.json', import.meta.url),
  fields: [
    { name: 'name', update: 'immutable' },
    { name: 'description', update: 'new-version' },
    { name: 'metadata', update: 'in-place' },
    { name: 'definition', update: 'new-version' },
  ],
  paths: { model: ['definition', 'model'], name: ['name'], instructions: ['definition', 'instructions'], metadata: ['metadata'] },
  identity: { addressedBy: 'name', keyMax: 512 },
  instructionsMax: 1000,
  serverOnly: { version: "the API sets 'version'; remove it" },
  keptLive: [],
  bookkeeping: [],
  checks(src, value) {
    const tools = isObject(value.definition) && Array.isArray(value.definition.tools) ? value.definition.tools : [];
    const seen = new Set<string>();
    return tools.flatMap((tool, i) => {
      const key = isObject(tool) ? toolKey(tool) : undefined;
      if (key === undefined || !seen.has(key)) return key === undefined ? [] : (seen.add(key), []);
      return [src.diag(['definition', 'tools', i, 'name'], { code: 'duplicate-tool', message: `tool '${key}' is listed twice`, hint: 'remove one' }, 'value')];
    });
  },
  normalize: (spec) => ({
    name: canonicalize(spec.name ?? null),
    description: canonicalize(spec.description ?? null),
    metadata: canonicalize(isObject(spec.metadata) ? spec.metadata : {}),
    definition: normalizeDefinition(spec.definition),
  }),
  comparable: (_live, desired) => desired,
  write: {
    create: (spec) => structuredClone(spec),
    // A new version carries the whole resource; the metadata alone is changed in place.
    update: (fields, desired, _before, after) =>
      fields.some((f) => f !== 'metadata')
        ? { description: after.description ?? null, metadata: after.metadata ?? {}, definition: desired.definition ?? after.definition ?? null }
        : { metadata: after.metadata ?? {} },
  },
  lockSpec: ({ model, name, note }) => ({ name, definition: { model, instructions: note } }),
  import: {
    requiredKeys: ['model', 'type', 'name'],
    opaqueKeys: ['metadata'],
    hostRequired: () => [],
    keyOrder: { definition: ['model', 'instructions', 'tools'], tools: ['type', 'name', 'description'] },
  },
};

/** A widget as the fake API sends it. */
interface WireWidget extends JsonObject {
  name: string;
  version: number;
  created_at: number;
  description: Json;
  metadata: JsonObject;
  definition: JsonObject;
}

function fromWire(w: WireWidget): LiveResource {
  const { marker, rest } = decodeMarker(w.metadata as Record<string, string>);
  return {
    id: w.name,
    key: marker?.key ?? null,
    namespace: marker?.namespace ?? null,
    createdAt: w.created_at,
    // The core holds version ids as strings, whatever type an API gives them in.
    version: String(w.version),
    spec: { name: w.name, description: w.description, metadata: rest, definition: w.definition },
    fingerprint: createHash('sha256').update(canonicalJson(w)).digest('hex'),
  };
}

/** The client: plain fetch against the Widgets API, the marker in the metadata. */
class WidgetsClient implements Backend {
  readonly kind = WIDGET;
  readonly stats = { requests: 0, retries: 0 };
  constructor(readonly target: { backend: string; provider: string; endpoint: string }, private readonly token: string) {}

  secrets(): readonly string[] {
    return [this.token];
  }

  private async call(method: string, path: string, body?: unknown): Promise<unknown> {
    this.stats.requests += 1;
    const res = await fetch(`${this.target.endpoint}${path}`, {
      method,
      headers: { authorization: `Bearer ${this.token}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const answer = (await res.json()) as { error?: { message: string } };
    if (!res.ok) throw new BackendError(res.status === 404 ? 'not-found' : 'invalid', `${method} ${path}: ${answer.error?.message ?? res.status}`, { status: res.status });
    return answer;
  }

  async listAll(): Promise<LiveResource[]> {
    return ((await this.call('GET', '/widgets')) as { data: WireWidget[] }).data.map(fromWire);
  }

  async create(spec: Spec, marker: { namespace: string; key: string }): Promise<LiveResource> {
    const metadata = { ...(isObject(spec.metadata) ? spec.metadata : {}), ...encodeMarker(marker) };
    return fromWire((await this.call('POST', '/widgets', { ...spec, metadata })) as WireWidget);
  }

  async update(id: string, body: Spec, marker: { namespace: string; key: string }): Promise<LiveResource> {
    const metadata = { ...(isObject(body.metadata) ? body.metadata : {}), ...encodeMarker(marker) };
    const path = `/widgets/${encodeURIComponent(id)}`;
    const wire = 'definition' in body ? await this.call('POST', `${path}/versions`, { ...body, metadata }) : await this.call('PATCH', path, { metadata });
    return fromWire(wire as WireWidget);
  }

  async delete(id: string): Promise<void> {
    await this.call('DELETE', `/widgets/${encodeURIComponent(id)}`);
  }

  async exists(id: string): Promise<boolean> {
    return found(this.call('GET', `/widgets/${encodeURIComponent(id)}`));
  }
}

/** The fake Widgets API, served by the emulator shell: every version kept, the latest listed. */
export class WidgetsDialect implements Dialect {
  readonly name = PROVIDER;
  readonly basePath = BASE;
  readonly publicQuery = [];
  readonly requiredQuery = {};
  readonly requiredHeaders = {};
  private readonly widgets = new Map<string, WireWidget[]>();
  private clock = 1_700_000_000;

  constructor(private readonly token?: string) {}

  route(method: string, path: string): string | undefined {
    if (path === `${BASE}/widgets`) return ['GET', 'POST'].includes(method) ? `${method} /widgets` : undefined;
    if (/^\/widgets\/v1\/widgets\/[^/]+$/.test(path)) return ['GET', 'PATCH', 'DELETE'].includes(method) ? `${method} /widgets/{name}` : undefined;
    if (/^\/widgets\/v1\/widgets\/[^/]+\/versions$/.test(path)) return method === 'POST' ? 'POST /widgets/{name}/versions' : undefined;
    return undefined;
  }

  isWrite(req: Pick<DialectRequest, 'method'>): boolean {
    return req.method !== 'GET';
  }

  authenticate(headers: DialectRequest['headers']): ApiError | undefined {
    const auth = String(headers.authorization ?? '');
    if (!auth.startsWith('Bearer ') || (this.token !== undefined && auth !== `Bearer ${this.token}`)) return new ApiError(401, 'bad token', null, 'unauthorized');
    return undefined;
  }

  admit(req: DialectRequest): ApiError | undefined {
    return this.authenticate(req.headers);
  }

  handle(req: DialectRequest): DialectResponse {
    const name = decodeURIComponent(req.path.split('/')[4] ?? '');
    const body = (isObject(req.body as Json) ? req.body : {}) as JsonObject;
    switch (this.route(req.method, req.path)) {
      case 'GET /widgets':
        return { status: 200, body: { data: this.resources() } };
      case 'POST /widgets':
        if (typeof body.name !== 'string') throw invalid('name', 'name is required');
        if (this.widgets.has(body.name)) throw new ApiError(409, `widget ${body.name} exists`, 'name', 'conflict');
        return { status: 201, body: this.version(body.name, body) };
      case 'POST /widgets/{name}/versions':
        return { status: 200, body: this.version(this.latest(name).name, body) };
      case 'GET /widgets/{name}':
        return { status: 200, body: this.latest(name) };
      case 'PATCH /widgets/{name}': {
        const latest = this.latest(name);
        latest.metadata = isObject(body.metadata) ? body.metadata : {};
        return { status: 200, body: latest };
      }
      default:
        this.latest(name);
        this.widgets.delete(name);
        return { status: 200, body: { name, deleted: true } };
    }
  }

  private latest(name: string): WireWidget {
    const versions = this.widgets.get(name);
    if (!versions) throw new ApiError(404, `no widget named ${name}`, null, 'not_found');
    return versions.at(-1)!;
  }

  private version(name: string, body: JsonObject): WireWidget {
    const versions = this.widgets.get(name) ?? [];
    const d = isObject(body.definition) ? body.definition : {};
    const widget: WireWidget = {
      name,
      version: versions.length + 1,
      created_at: versions[0]?.created_at ?? this.clock++,
      description: body.description ?? null,
      metadata: isObject(body.metadata) ? body.metadata : {},
      definition: { model: d.model ?? null, instructions: d.instructions ?? null, tools: Array.isArray(d.tools) ? d.tools : [] },
    };
    this.widgets.set(name, [...versions, widget]);
    return widget;
  }

  errorBody(e: ApiError): unknown {
    return { error: { message: e.message, code: e.code } };
  }

  serialize(body: unknown): string {
    return JSON.stringify(body);
  }

  responseHeaders(): Record<string, string> {
    return {};
  }

  checkResponse(): string[] {
    return [];
  }

  seed(bodies: Resource[]): Resource[] {
    return bodies.map((b) => this.version(String(b.name), b as JsonObject));
  }

  mutate(id: string, fields: Resource): Resource {
    const latest = this.latest(id);
    return this.version(id, { ...latest, ...(fields as JsonObject) });
  }

  resources(): Resource[] {
    return [...this.widgets.values()].map((v) => v.at(-1)!);
  }

  /** Every version of a widget, oldest first. */
  versions(name: string): WireWidget[] {
    return this.widgets.get(name) ?? [];
  }
}

/** The registry line this backend would have; the test registers it for its own run only. */
export const WIDGETS: BackendModule = {
  name: 'widgets',
  kind: WIDGET,
  providers: [{ name: PROVIDER, secrets: 'set WIDGET_TOKEN', variables: { endpoint: 'WIDGET_URL', credentials: ['WIDGET_TOKEN'] }, basePath: BASE }],
  async connect({ env }) {
    const endpoint = env.WIDGET_URL;
    const token = env.WIDGET_TOKEN;
    if (!endpoint || !token) throw new BackendError('config', 'the widgethost provider needs WIDGET_URL and WIDGET_TOKEN');
    return new WidgetsClient({ backend: 'widgets', provider: PROVIDER, endpoint }, token);
  },
  emulator: async (options) => new WidgetsDialect(options.apiKey),
};

