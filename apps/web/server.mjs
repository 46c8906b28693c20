// Serves the production build, like `next start`, with one difference: the client address the
// API sees is the one that connected here. Next keeps a client's own X-Forwarded-For when it sends
// one, and the API trusts this proxy's header, so without this a browser could pick the address
// its failed logins are counted under (or charge someone else's).
// Usage: node server.mjs [--hostname 127.0.0.1] [--port 3000]
import { createServer } from 'node:http';
import { parseArgs } from 'node:util';
import next from 'next';

const { values } = parseArgs({
  options: { hostname: { type: 'string', short: 'H' }, port: { type: 'string', short: 'p' } },
});
const hostname = values.hostname ?? '127.0.0.1';
const port = Number(values.port ?? process.env.PORT ?? 3000);

const app = next({ dev: false, dir: import.meta.dirname, hostname, port });
const handle = app.getRequestHandler();
await app.prepare();

const server = createServer((request, response) => {
  request.headers['x-forwarded-for'] = request.socket.remoteAddress ?? '';
  delete request.headers['x-real-ip'];
  void handle(request, response);
});
server.listen(port, hostname, () => console.log(`Ready on http://${hostname}:${port}`));
for (const signal of ['SIGTERM', 'SIGINT']) process.once(signal, () => server.close(() => process.exit(0)));
