// One emulator serving the APIs of several providers at one address, as one Foundry project
// endpoint serves the classic agents (`{endpoint}/assistants` and the stores their file search
// reads) and the versioned agents (`{endpoint}/agents`), both at `api-version=v1`
// (azure-foundry/AGENTS.md Parts 1 and 2).
// A request goes to the part whose route() claims its path, so each part keeps its own admission,
// validation against its own schemas, error shape, serialization and response headers; the shell
// (server.ts) sees one dialect.
import type { Dialect, DialectRequest, DialectResponse, Resource } from './dialect.js';
import { ApiError } from './errors.js';

export class CompositeDialect implements Dialect {
  /** The parts' names joined by commas in their order: `foundry,foundry-agents`, as `--provider` takes them. */
  readonly name: string;
  readonly basePath: string;
  readonly publicQuery: readonly string[];
  readonly requiredQuery: Readonly<Record<string, string>>;
  readonly requiredHeaders: Readonly<Record<string, string>>;
  /** Which part each route key belongs to, as route() found it (a key is one part's alone). */
  private readonly owners = new Map<string, Dialect>();

  /**
   * `parts`: two or more dialects served at the same base path that ask the same required query
   * and headers (each checks them again in its own admit), which the banner says of every request;
   * throws when they do not, or when two claim one route.
   */
  constructor(private readonly parts: readonly Dialect[]) {
    const first = parts[0]!;
    if (parts.length < 2) throw new Error('a composite emulator serves two dialects or more');
    for (const p of parts) {
      if (p.basePath !== first.basePath) throw new Error(`${p.name} is served at ${p.basePath}, ${first.name} at ${first.basePath}: one emulator serves dialects at one address only`);
      if (JSON.stringify(p.requiredQuery) !== JSON.stringify(first.requiredQuery)) throw new Error(`${p.name} and ${first.name} ask different query parameters of every request`);
      if (JSON.stringify(p.requiredHeaders) !== JSON.stringify(first.requiredHeaders)) throw new Error(`${p.name} and ${first.name} ask different headers of every request`);
    }
    this.name = parts.map((p) => p.name).join(',');
    this.basePath = first.basePath;
    this.publicQuery = [...new Set(parts.flatMap((p) => p.publicQuery))];
    this.requiredQuery = first.requiredQuery;
    this.requiredHeaders = first.requiredHeaders;
  }

  route(method: string, path: string): string | undefined {
    for (const p of this.parts) {
      const key = p.route(method, path);
      if (key === undefined) continue;
      const owner = this.owners.get(key);
      if (owner && owner !== p) throw new Error(`${p.name} and ${owner.name} both serve ${key}`);
      this.owners.set(key, p);
      return key;
    }
    return undefined;
  }

  /** The part serving `path` (any method: a part that has the path answers for a method it lacks), else the first. */
  private partOf(path: string): Dialect {
    return this.parts.find((p) => ['GET', 'POST', 'DELETE', 'PATCH'].some((m) => p.route(m, path) !== undefined)) ?? this.parts[0]!;
  }

  /** The part whose route `route` is; the first for none (a path no part has, a control route). */
  private owner(route: string | undefined): Dialect {
    return (route === undefined ? undefined : this.owners.get(route)) ?? this.parts[0]!;
  }

  isWrite(req: Pick<DialectRequest, 'method' | 'path'>): boolean {
    return this.partOf(req.path).isWrite(req);
  }

  /** The first part's check: the control routes take the credentials of the API served first (the parts' are the same at one address). */
  authenticate(headers: DialectRequest['headers']): ApiError | undefined {
    return this.parts[0]!.authenticate(headers);
  }

  admit(req: DialectRequest): ApiError | undefined {
    return this.partOf(req.path).admit(req);
  }

  handle(req: DialectRequest): DialectResponse {
    return this.partOf(req.path).handle(req);
  }

  errorBody(e: ApiError, route?: string): unknown {
    return this.owner(route).errorBody(e, route);
  }

  serialize(body: unknown, route?: string): string {
    return this.owner(route).serialize(body, route);
  }

  responseHeaders(elapsedMs: number, route?: string): Record<string, string> {
    return this.owner(route).responseHeaders(elapsedMs, route);
  }

  checkResponse(route: string, status: number, body: unknown): string[] {
    return this.owner(route).checkResponse(route, status, body);
  }

  /**
   * Refused: a body alone does not say which API's resource it is. Seed an emulator of one
   * provider (startEmulator), or make the resources through the API.
   */
  seed(): Resource[] {
    throw new Error(`the ${this.name} emulator serves several APIs: seed an emulator of one of them`);
  }

  /** The part that holds `id` changes it: the first whose mutate does not answer 404. */
  mutate(id: string, fields: Resource): Resource {
    let missing: ApiError | undefined;
    for (const p of this.parts) {
      try {
        return p.mutate(id, fields);
      } catch (e) {
        if (!(e instanceof ApiError) || e.status !== 404) throw e;
        missing ??= e;
      }
    }
    throw missing!;
  }

  /** Every part's resources, part by part. */
  resources(): Resource[] {
    return this.parts.flatMap((p) => p.resources());
  }

  warm(): void {
    for (const p of this.parts) p.warm?.();
  }

  configure(settings: Record<string, unknown>): void {
    for (const p of this.parts) p.configure?.(settings);
  }
}
