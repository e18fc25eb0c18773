// `npm run bench -- scale`: Gatehouse over 1k, 100k and 1M live tokens on each database, each data set
// generated here (lib/dataset.mjs). Per data set: start-up time (spawn to listening, migrations checked),
// hot reads (1,000 cached tokens), random-token reads (uniform over every live token, so mostly cache
// misses at 1M), the cold path (tokens used for the first time, each a cache miss), RSS and database size.
import { loadavg } from 'node:os';
import { rawRequest } from '../lib/load-client.mjs';
import { compare, window } from '../lib/measure.mjs';
import { generateDataset } from '../lib/dataset.mjs';
import { rssMiB } from '../lib/proc.mjs';
import { startBaseline, startGatehouse } from '../lib/servers.mjs';
import { benchToken } from '../lib/tokens.mjs';
import { median } from '../lib/stats.mjs';

const SIZES = (process.env.BENCH_SCALE_SIZES ?? '1000,100000,1000000').split(',').map(Number);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 4);
const RANDOM_WINDOW = 6000;

const getSite = (side, token) => rawRequest(new URL(side.url).host, 'GET', `/v2/sites/${side.fixture.siteIds[0]}`, { Authorization: `Bearer ${token}` });

export async function scaleSuite({ sqlite = true, postgres = true } = {}) {
  const hello = await startBaseline('node-hello');
  const helloRequest = [rawRequest(new URL(hello.url).host, 'GET', '/')];
  const rows = [];
  try {
    for (const db of ['sqlite', 'postgres'].filter((d) => (d === 'sqlite' ? sqlite : postgres))) {
      for (const live of SIZES) rows.push(await measureDataset(db, live, hello, helloRequest));
    }
  } finally {
    await hello.stop();
  }
  console.log(
    '\n| Database | Live tokens | Hot reads CPU µs/req (req/s) | Random-token reads CPU µs/req (req/s, ratio to node:http) | Cold path (first use) CPU µs/req | RSS MiB (peak) | Database MiB | Start-up s | Generated in s |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|');
  for (const r of rows) {
    const dbCpu = (v) => (v === undefined ? '' : ` +${v.toFixed(0)} db`);
    console.log(
      `| ${r.db === 'postgres' ? 'PostgreSQL + Redis' : 'SQLite'} | ${r.liveTokens.toLocaleString('en')} | ${r.hotCpuUs.toFixed(0)}${dbCpu(r.hotDbCpuUs)} (${r.hotRps.toFixed(0)}) | ${r.randomCpuUs.toFixed(0)}${dbCpu(r.randomDbCpuUs)} (${r.randomRps.toFixed(0)}, ${r.randomRatio.toFixed(2)}×) | ${r.coldCpuUs.toFixed(0)}${dbCpu(r.coldDbCpuUs)} | ${r.rssMiB.toFixed(0)} (${r.peakMiB.toFixed(0)}) | ${r.dbSizeMiB.toFixed(0)} | ${(r.startupMs / 1000).toFixed(2)} | ${(r.generationMs / 1000).toFixed(0)} |`,
    );
  }
  console.log(
    `load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(', ')}`,
  );
  return rows;
}

async function measureDataset(db, live, hello, helloRequest) {
  const dataset = await generateDataset(db, live);
  const side = await startGatehouse(db, dataset.env, `Gatehouse ${db}, ${live} live`);
  const row = { suite: 'scale', db, liveTokens: live, generationMs: dataset.generationMs, startupMs: side.startupMs, dbSizeMiB: await dataset.dbSizeMiB() };
  try {
    // JIT warm-up on the hot tokens first, so the cold windows measure the path, not the compiler.
    await window(
      side,
      side.fixture.hotTokens.map((t) => getSite(side, t)),
      3000,
      32,
    );
    let next = 0;
    const coldWindow = Math.max(200, Math.min(5000, Math.floor(live / (ROUNDS + 1))));
    const cold = [];
    for (let round = 0; round < ROUNDS && next + coldWindow <= live; round++) {
      const requests = Array.from({ length: coldWindow }, () => getSite(side, benchToken(next++)));
      cold.push(await window(side, requests, requests.length, 32));
    }
    row.coldCpuUs = median(cold.map((w) => w.cpuUs));
    row.coldDbCpuUs = cold[0].dbCpuUs === undefined ? undefined : median(cold.map((w) => w.dbCpuUs));
    const random = await compare(
      [hello, side],
      (s) =>
        s === hello
          ? { requests: helloRequest }
          : { requests: Array.from({ length: RANDOM_WINDOW }, () => getSite(side, benchToken(Math.floor(Math.random() * live)))), total: RANDOM_WINDOW },
      { rounds: ROUNDS },
    );
    const r = random.get(side);
    Object.assign(row, {
      randomCpuUs: r.cpuUs,
      randomDbCpuUs: r.dbCpuUs,
      randomRps: r.rps,
      randomRatio: random.get(hello).cpuUs / r.cpuUs,
      helloCpuUs: random.get(hello).cpuUs,
    });
    const hot = (await compare([side], () => ({ requests: side.fixture.hotTokens.map((t) => getSite(side, t)) }), { rounds: ROUNDS })).get(side);
    Object.assign(row, { hotCpuUs: hot.cpuUs, hotDbCpuUs: hot.dbCpuUs, hotRps: hot.rps });
    const mem = rssMiB(side.pid);
    Object.assign(row, { rssMiB: mem.rss, peakMiB: mem.peak });
    console.log(
      `  ${db} ${live.toLocaleString('en')} live: generated in ${(dataset.generationMs / 1000).toFixed(1)} s, start-up ${(side.startupMs / 1000).toFixed(2)} s, cold ${row.coldCpuUs.toFixed(0)} µs, random ${row.randomCpuUs.toFixed(0)} µs (${row.randomRatio.toFixed(2)}×), hot ${row.hotCpuUs.toFixed(0)} µs, RSS ${mem.rss.toFixed(0)} MiB (peak ${mem.peak.toFixed(0)}), ${row.dbSizeMiB.toFixed(0)} MiB on disk`,
    );
  } finally {
    await side.stop();
    await dataset.drop();
  }
  return row;
}
