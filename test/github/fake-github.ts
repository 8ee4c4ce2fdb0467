// The slice of GitHub's REST API the plan workflow's comment step uses, on loopback: issue
// comments listed two to a page (so the marker search must paginate), created, and edited; a
// read-only token (a fork's pull request) is refused writes.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Comment {
  id: number;
  body: string;
  user: { login: string; type: 'Bot' | 'User' };
}

export interface FakeGitHub {
  url: string;
  comments: Comment[];
  writes: string[];
  close(): Promise<void>;
}

export const READ_ONLY_TOKEN = 'read-only-token';
const PAGE = 2;

export async function startFakeGitHub(): Promise<FakeGitHub> {
  const comments: Comment[] = [];
  const writes: string[] = [];
  let nextId = 100;
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (d) => (raw += d));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
        res.writeHead(status, { 'content-type': 'application/json', ...headers });
        res.end(JSON.stringify(body));
      };
      const token = (req.headers.authorization ?? '').replace(/^token /, '');
      if (!token) return send(401, { message: 'Requires authentication' });
      const list = /^\/repos\/[^/]+\/[^/]+\/issues\/\d+\/comments$/.test(url.pathname);
      const edit = /^\/repos\/[^/]+\/[^/]+\/issues\/comments\/(\d+)$/.exec(url.pathname);
      if (req.method !== 'GET') {
        if (token === READ_ONLY_TOKEN) return send(403, { message: 'Resource not accessible by integration' });
        writes.push(`${req.method} ${url.pathname}`);
      }
      if (list && req.method === 'GET') {
        const page = Number(url.searchParams.get('page') ?? '1');
        const items = comments.slice((page - 1) * PAGE, page * PAGE);
        const more = page * PAGE < comments.length;
        const next = `http://${req.headers.host}${url.pathname}?page=${page + 1}`;
        return send(200, items, more ? { link: `<${next}>; rel="next"` } : {});
      }
      if (list && req.method === 'POST') {
        const comment: Comment = { id: nextId++, body: JSON.parse(raw).body, user: { login: 'github-actions[bot]', type: 'Bot' } };
        comments.push(comment);
        return send(201, comment);
      }
      if (edit && req.method === 'PATCH') {
        const comment = comments.find((c) => c.id === Number(edit[1]));
        if (!comment) return send(404, { message: 'Not Found' });
        if (comment.user.type !== 'Bot') return send(403, { message: 'cannot edit another user\'s comment' });
        comment.body = JSON.parse(raw).body;
        return send(200, comment);
      }
      send(404, { message: 'Not Found' });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    comments,
    writes,
    close: () => new Promise((r) => server.close(() => r())),
  };
}
