// Baseline: Fastify (the framework Gatehouse is built on) answering hello world, logger off.
import Fastify from 'fastify';

const app = Fastify({ logger: false });
app.get('/', async () => 'hello world');
await app.listen({ port: 0, host: '127.0.0.1' });
process.send({ type: 'ready', url: `http://127.0.0.1:${app.server.address().port}` });
process.on('SIGTERM', () => process.exit(0));
