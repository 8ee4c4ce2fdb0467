// The foundry-agents fake as the emulator shell mounts it (src/emulator/dialect.ts): the project
// path in front of the handler in dialect.ts, credentials and api-version checked before faults,
// and every response checked against the official schemas in test mode.
import { randomUUID } from 'node:crypto';
import type { Dialect, DialectOptions, DialectRequest, DialectResponse, Resource } from '../../../emulator/dialect.js';
import type { ApiError } from '../../../emulator/errors.js';
import { paramPath } from '../../../emulator/param-path.js';
import { foundryAgentsValidators } from '../spec.js';
import { createFoundryAgentsDialect, type FoundryAgentsDialect, type SeedAgent } from './dialect.js';
import { invalid } from './errors.js';
import { PROVIDER } from './store.js';
import { API_VERSION } from '../limits.js';
import { pointerTokens } from '../../../util/json-pointer.js';

export class FoundryAgentsShellDialect implements Dialect {
  readonly name = PROVIDER;
  readonly basePath: string;
  /** The query parameters of the served operations ([Y]); none is a credential. */
  readonly publicQuery = ['api-version', 'kind', 'limit', 'order', 'after', 'before', 'force', 'include_drafts'];
  /** Every operation requires `api-version` ([Y] parameters), served at API_VERSION. */
  readonly requiredQuery = { 'api-version': API_VERSION };
  /** None but the credentials': the `Foundry-Features` opt-in is optional on the agents' operations (AGENTS.md "Preview opt-in"). */
  readonly requiredHeaders = {};
  private readonly inner: FoundryAgentsDialect;

  constructor(options: DialectOptions) {
    // The project endpoint, `…/api/projects/{project}` ([Y] servers, AGENTS.md part 2).
    this.basePath = `/api/projects/${encodeURIComponent(String(options.project ?? 'default'))}`;
    this.inner = createFoundryAgentsDialect({
      ...(options.apiKey === undefined ? {} : { token: options.apiKey }),
      ...(options.state === undefined ? {} : { state: options.state }),
      ...(options.strict === undefined ? {} : { strict: options.strict }),
    });
  }

  private below(path: string): string | undefined {
    return path.startsWith(`${this.basePath}/`) ? path.slice(this.basePath.length) : undefined;
  }

  route(method: string, path: string): string | undefined {
    const p = this.below(path);
    return p === undefined ? undefined : this.inner.route({ method, path: p });
  }

  isWrite(req: Pick<DialectRequest, 'method' | 'path'>): boolean {
    const p = this.below(req.path);
    return p !== undefined && this.inner.isWrite({ method: req.method, path: p });
  }

  authenticate(headers: DialectRequest['headers']): ApiError | undefined {
    return this.inner.authenticate(headers);
  }

  admit(req: DialectRequest): ApiError | undefined {
    const refused = this.authenticate(req.headers);
    if (refused) return refused;
    const version = req.query.get('api-version');
    if (version === null) return invalid('api-version', `Missing required query parameter: 'api-version'. Add ?api-version=${API_VERSION} to the request URL.`, 'missing_required_parameter');
    return undefined;
  }

  handle(req: DialectRequest): DialectResponse {
    return this.inner.handle({ ...req, path: this.below(req.path) ?? req.path });
  }

  errorBody(e: ApiError): unknown {
    return e.body();
  }

  serialize(body: unknown): string {
    return JSON.stringify(body);
  }

  responseHeaders(): Record<string, string> {
    return { 'x-request-id': randomUUID() };
  }

  checkResponse(route: string, status: number, body: unknown): string[] {
    // Every operation answers errors with ApiErrorResponse ([Y] 4XX/5XX).
    const op = foundryAgentsValidators().operation(route);
    const validate = op && (status >= 400 ? op.error : op.response)();
    if (!validate || validate(body)) return [];
    return (validate.errors ?? []).map((e) => `${paramPath(pointerTokens(e.instancePath)) || '(body)'}: ${e.message ?? e.keyword}`);
  }

  seed(bodies: Resource[]): Resource[] {
    return this.inner.seed(bodies as unknown as SeedAgent[]);
  }

  mutate(id: string, fields: Resource): Resource {
    return this.inner.mutate(id, fields);
  }

  resources(): Resource[] {
    return this.inner.agents().map((a) => a.agent);
  }
}
