// The slice of GitHub's REST API the Action and the workflows call through `gh api`, on loopback:
// issue and pull-request comments, issues, labels, a pull request's files, file contents at a
// ref, the pull requests of a commit, artifacts (listed by name with the workflow run that
// uploaded each, downloaded as zip), workflow runs, branch refs and the comparison of two commits
// (of the git repository it is given, as GitHub answers it); and of its GraphQL API, the
// `viewer { login }` query. Lists come two to a page, so a search that forgets to paginate misses
// things; a read-only token (a fork's pull request) is refused every write. A comment is written
// by the identity of the token that writes it, which alone may edit it.
import { execFileSync, spawnSync } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Comment {
  id: number;
  issue: number;
  body: string;
  user: { login: string; type: 'Bot' | 'User' };
}

export interface Issue {
  number: number;
  title: string;
  body: string;
  state: 'open' | 'closed';
  state_reason?: string;
  labels: Array<{ name: string }>;
  pull_request?: Record<string, unknown>;
  /** Who opened it: the token's identity for one opened through the fake; as a test gives it otherwise. */
  user?: { login: string; type: 'Bot' | 'User' };
}

export interface PullRequest {
  number: number;
  merged_at: string | null;
  merge_commit_sha: string | null;
  head: { sha: string; ref: string };
}

/** The workflow run that uploaded an artifact, as GitHub describes it (`repository_id` 1 is this repository). */
export interface WorkflowRun {
  id: number;
  event: string;
  head_sha: string;
  head_branch: string;
  repository_id: number;
  head_repository_id: number;
}

export interface Artifact {
  id: number;
  name: string;
  expired: boolean;
  created_at: string;
  workflow_run: WorkflowRun;
  zip: Buffer;
}

export interface FakeGitHub {
  url: string;
  comments: Comment[];
  issues: Issue[];
  labels: string[];
  /** Files a pull request changes, by its number. */
  prFiles: Record<number, Array<{ filename: string; previous_filename?: string }>>;
  /** File contents by `ref:path`; a directory is listed by the files below it. */
  contents: Record<string, string>;
  /** The pull requests a commit belongs to, by commit SHA. */
  commitPulls: Record<string, PullRequest[]>;
  artifacts: Artifact[];
  /** Branch tips by branch name. */
  branches: Record<string, string>;
  /** Every write, as `METHOD /path`. */
  writes: string[];
  /** Items a page of a list holds: 2 by default, so that every list the jobs read is paginated; more for a list of thousands. */
  pageSize: number;
  /**
   * The identity (login) of a token, as GraphQL's `viewer` gives it and as it signs the comments it
   * writes; a token not listed is `github.token`'s (`github-actions[bot]`).
   */
  logins: Record<string, string>;
  /** Whether the GraphQL API fails (HTTP 502) while the REST API answers, as in an outage of one. */
  graphqlDown: boolean;
  close(): Promise<void>;
}

export const READ_ONLY_TOKEN = 'read-only-token';
/** The identity of `github.token`, an installation token of the GitHub Actions app. */
export const ACTIONS_BOT = 'github-actions[bot]';

function htmlUrl(c: Comment): string {
  return `https://github.com/acme/bots/pull/${c.issue}#issuecomment-${c.id}`;
}

/**
 * GitHub's "Compare two commits" (`GET /repos/{owner}/{repo}/compare/{base}...{head}`) of two
 * commits of the git repository `repo`: `status` (`ahead` when head descends from base, `behind`,
 * `diverged`, `identical`) and `files` (`filename`, `status`, `previous_filename` for a rename), at
 * most 300 as GitHub lists them.
 */
function compare(repo: string, base: string, head: string) {
  const descends = (a: string, b: string) => spawnSync('git', ['merge-base', '--is-ancestor', a, b], { cwd: repo }).status === 0;
  const status = base === head ? 'identical' : descends(base, head) ? 'ahead' : descends(head, base) ? 'behind' : 'diverged';
  const files = execFileSync('git', ['diff', '--name-status', '-M', `${base}...${head}`], { cwd: repo, encoding: 'utf8' })
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [change, first, second] = line.split('\t') as [string, string, string | undefined];
      return second === undefined ? { filename: first, status: change } : { filename: second, previous_filename: first, status: 'renamed' };
    });
  return { status, files: files.slice(0, 300) };
}

/** The fake GitHub; `repo`, the git repository whose commits it compares. */
export async function startFakeGitHub(repo?: string): Promise<FakeGitHub> {
  const state = {
    comments: [] as Comment[],
    issues: [] as Issue[],
    labels: [] as string[],
    writes: [] as string[],
    prFiles: {} as FakeGitHub['prFiles'],
    pageSize: 2,
    logins: {} as FakeGitHub['logins'],
    graphqlDown: false,
    contents: {} as FakeGitHub['contents'],
    commitPulls: {} as FakeGitHub['commitPulls'],
    artifacts: [] as Artifact[],
    branches: {} as FakeGitHub['branches'],
  };
  let nextId = 100;
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (d) => (raw += d));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const body = raw ? (JSON.parse(raw) as Record<string, any>) : {};
      const send = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
        res.writeHead(status, { 'content-type': 'application/json', ...headers });
        res.end(JSON.stringify(payload));
      };
      const page = <T>(items: T[]) => {
        const n = Number(url.searchParams.get('page') ?? '1');
        const next = new URL(url.toString());
        next.searchParams.set('page', String(n + 1));
        const size = state.pageSize;
        const link: Record<string, string> = n * size < items.length ? { link: `<http://${req.headers.host}${next.pathname}${next.search}>; rel="next"` } : {};
        send(200, items.slice((n - 1) * size, n * size), link);
      };
      const token = (req.headers.authorization ?? '').replace(/^token /, '');
      if (!token) return send(401, { message: 'Requires authentication' });
      const login = state.logins[token] ?? ACTIONS_BOT;
      if (req.method === 'POST' && url.pathname === '/graphql') {
        if (state.graphqlDown) return send(502, { message: 'Server Error' });
        // A query reads: a read-only token may ask it too.
        if (!/^\s*(query\s*)?\{\s*viewer\s*\{\s*login\s*\}\s*\}\s*$/.test(String(body.query))) return send(400, { message: `the fake answers only viewer { login }, not: ${body.query}` });
        return send(200, { data: { viewer: { login } } });
      }
      const user = { login, type: login.endsWith('[bot]') ? ('Bot' as const) : ('User' as const) };
      if (req.method !== 'GET') {
        if (token === READ_ONLY_TOKEN) return send(403, { message: 'Resource not accessible by integration' });
        state.writes.push(`${req.method} ${url.pathname}`);
      }
      const route = `${req.method} ${url.pathname.replace(/^\/repos\/[^/]+\/[^/]+/, '')}`;
      let m: RegExpExecArray | null;
      if ((m = /^GET \/issues\/(\d+)\/comments$/.exec(route))) {
        return page(state.comments.filter((c) => c.issue === Number(m![1])));
      }
      if ((m = /^POST \/issues\/(\d+)\/comments$/.exec(route))) {
        const comment: Comment = { id: nextId++, issue: Number(m[1]), body: body.body, user };
        state.comments.push(comment);
        return send(201, { ...comment, html_url: htmlUrl(comment) });
      }
      if ((m = /^PATCH \/issues\/comments\/(\d+)$/.exec(route))) {
        const comment = state.comments.find((c) => c.id === Number(m![1]));
        if (!comment) return send(404, { message: 'Not Found' });
        if (comment.user.login !== user.login) return send(403, { message: "cannot edit another user's comment" });
        comment.body = body.body;
        return send(200, { ...comment, html_url: htmlUrl(comment) });
      }
      if (route === 'GET /issues') {
        const wanted = (url.searchParams.get('labels') ?? '').split(',').filter(Boolean);
        const st = url.searchParams.get('state') ?? 'open';
        return page(
          state.issues.filter((i) => (st === 'all' || i.state === st) && wanted.every((l) => i.labels.some((x) => x.name === l))),
        );
      }
      if (route === 'POST /issues') {
        const issue: Issue = {
          number: state.issues.length + 1,
          title: body.title,
          body: body.body,
          state: 'open',
          labels: (body.labels ?? []).map((name: string) => ({ name })),
          user,
        };
        state.issues.push(issue);
        return send(201, issue);
      }
      if ((m = /^PATCH \/issues\/(\d+)$/.exec(route))) {
        const issue = state.issues.find((i) => i.number === Number(m![1]));
        if (!issue) return send(404, { message: 'Not Found' });
        Object.assign(issue, body);
        return send(200, issue);
      }
      if ((m = /^GET \/pulls\/(\d+)\/files$/.exec(route))) {
        return page(state.prFiles[Number(m[1])] ?? []);
      }
      if ((m = /^GET \/contents\/(.+)$/.exec(route))) {
        const at = `${url.searchParams.get('ref')}:${decodeURIComponent(m[1]!)}`;
        const text = state.contents[at];
        // A directory: the files below it, listed (a name and a path each, as GitHub lists them).
        const below = Object.keys(state.contents).filter((k) => k.startsWith(`${at}/`));
        if (text === undefined && below.length > 0) return send(200, below.map((k) => ({ type: 'file', path: k.slice(k.indexOf(':') + 1), name: k.slice(k.lastIndexOf('/') + 1) })));
        if (text === undefined) return send(404, { message: 'Not Found' });
        return send(200, { type: 'file', encoding: 'base64', content: Buffer.from(text).toString('base64').replace(/(.{60})/g, '$1\n') });
      }
      if ((m = /^GET \/commits\/([0-9a-f]+)\/pulls$/.exec(route))) {
        return send(200, state.commitPulls[m[1]!] ?? []);
      }
      if (route === 'GET /actions/artifacts') {
        const name = url.searchParams.get('name');
        const found = state.artifacts
          .filter((a) => a.name === name)
          .map(({ zip: _zip, workflow_run: { event: _event, ...run }, ...a }) => ({ ...a, workflow_run: run }));
        return send(200, { total_count: found.length, artifacts: found });
      }
      if ((m = /^GET \/actions\/runs\/(\d+)$/.exec(route))) {
        const run = state.artifacts.find((a) => a.workflow_run.id === Number(m![1]))?.workflow_run;
        if (!run) return send(404, { message: 'Not Found' });
        return send(200, run);
      }
      if ((m = /^GET \/actions\/artifacts\/(\d+)\/zip$/.exec(route))) {
        const artifact = state.artifacts.find((a) => a.id === Number(m![1]));
        if (!artifact) return send(404, { message: 'Not Found' });
        res.writeHead(200, { 'content-type': 'application/zip' });
        return res.end(artifact.zip);
      }
      if ((m = /^GET \/compare\/([0-9a-f]+)\.\.\.([0-9a-f]+)$/.exec(route)) && repo) {
        return send(200, compare(repo, m[1]!, m[2]!));
      }
      if ((m = /^GET \/git\/ref\/heads\/(.+)$/.exec(route))) {
        const sha = state.branches[m[1]!];
        if (!sha) return send(404, { message: 'Not Found' });
        return send(200, { ref: `refs/heads/${m[1]}`, object: { type: 'commit', sha } });
      }
      if (route === 'POST /labels') {
        if (state.labels.includes(body.name)) return send(422, { message: 'Validation Failed', errors: [{ code: 'already_exists' }] });
        state.labels.push(body.name);
        return send(201, body);
      }
      send(404, { message: 'Not Found' });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  // The state itself, so that a test's change to it (pageSize) is the server's.
  return Object.assign(state, {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((r) => server.close(() => r())),
  });
}
