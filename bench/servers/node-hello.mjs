// Baseline: a bare node:http hello world.
import { createServer } from 'node:http';

const server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/plain', 'content-length': 11 }).end('hello world'));
server.listen(0, '127.0.0.1', () => process.send({ type: 'ready', url: `http://127.0.0.1:${server.address().port}` }));
process.on('SIGTERM', () => process.exit(0));
