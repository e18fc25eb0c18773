// The baseline: a bare node:http hello-world. Prints its URL as one JSON line once listening.
import { createServer } from 'node:http';

const server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/plain' }).end('hello world'));
server.listen(0, '127.0.0.1', () => console.log(JSON.stringify({ url: `http://127.0.0.1:${server.address().port}` })));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
