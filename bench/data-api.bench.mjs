// docs/design.md, "Quality bars": an authenticated Data API read (GET /v2/sites/{id}, rotating over 1,000 valid site tokens)
// against a bare node:http hello-world. Each server runs in its own process; one autocannon client here
// drives both the same way (same connections, same duration, a warm-up pass first). The two are measured
// in alternating rounds and each side's best round counts, so a passing hiccup on the shared 2-core
// machine penalises neither. See servers/data-api-server.mjs for what the Gatehouse side holds.
import autocannon from 'autocannon';
import { spawnServer } from './servers/spawn-server.mjs';

const DURATION = Number(process.env.BENCH_SECONDS ?? 8);
const WARMUP = Number(process.env.BENCH_WARMUP_SECONDS ?? 4);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONNECTIONS = 50;

function run(url, duration, requests) {
  return new Promise((resolve, reject) => {
    autocannon({ url, connections: CONNECTIONS, duration, ...(requests ? { requests } : {}) }, (err, result) => (err ? reject(err) : resolve(result)));
  });
}

async function measure(server, requests) {
  await run(server.url, WARMUP, requests);
  return run(server.url, DURATION, requests);
}

export default async function dataApiBench() {
  const hello = await spawnServer('./hello-world.mjs');
  const gatehouse = await spawnServer('./data-api-server.mjs');
  const path = `/v2/sites/${gatehouse.siteId}`;
  const check = await fetch(gatehouse.url + path, { headers: { authorization: `Bearer ${gatehouse.tokens[0]}` } });
  if (check.status !== 200) throw new Error(`bench setup: expected 200 from ${path}, got ${check.status}`);
  // One prepared request per token, cycled in turn by every connection: the client builds nothing per
  // request, so its own cost (it shares the machine) weighs on both servers alike.
  const rotating = gatehouse.tokens.map((token) => ({ method: 'GET', path, headers: { authorization: `Bearer ${token}` } }));
  const best = { hello: null, gatehouse: null };
  try {
    for (let round = 1; round <= ROUNDS; round++) {
      const h = await measure(hello);
      const g = await measure(gatehouse, rotating);
      if ((g.non2xx ?? 0) > 0) throw new Error(`Gatehouse answered ${g.non2xx} non-2xx responses`);
      console.log(`  round ${round}: node:http ${h.requests.average.toFixed(0)} req/s (p99 ${h.latency.p99} ms), Gatehouse ${g.requests.average.toFixed(0)} req/s (p99 ${g.latency.p99} ms)`);
      if (!best.hello || h.requests.average > best.hello.requests.average) best.hello = h;
      if (!best.gatehouse || g.requests.average > best.gatehouse.requests.average) best.gatehouse = g;
    }
  } finally {
    await hello.stop();
    await gatehouse.stop();
  }
  const ratio = best.gatehouse.requests.average / best.hello.requests.average;
  console.log(`  1,000 tokens, ${CONNECTIONS} connections, ${WARMUP} s warm-up + ${DURATION} s measured per round, ${ROUNDS} rounds, best round each`);
  return [{ name: 'Data API GET /v2/sites/{id} vs node:http', gatehouse: best.gatehouse.requests.average, baseline: best.hello.requests.average, unit: 'req/s', ratio, bar: 0.6 }];
}
