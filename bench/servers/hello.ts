import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

// The peer: the least a Node HTTP server can do, answering the same small JSON.
const server = createServer((_request, response) => {
  response.setHeader('Content-Type', 'application/json');
  response.end('{"status":"ok"}');
});
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`READY http://127.0.0.1:${(server.address() as AddressInfo).port}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
