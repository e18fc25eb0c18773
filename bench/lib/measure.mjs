// One measured window: a fixed number of requests, the server's CPU time over them (and the database's,
// summed over its backends), wall time for req/s. Rounds alternate the order of the sides compared.
import { blast } from './load-client.mjs';
import { cpuMicros } from './proc.mjs';
import { median } from './stats.mjs';

/** Sends `total` requests to `server` and answers CPU µs per request (server and database) and req/s. */
export async function window(server, requests, total, connections) {
  const dbPids = server.dbPids ? await server.dbPids() : [];
  const dbBefore = dbPids.map(cpuMicros);
  const before = cpuMicros(server.pid);
  const r = await blast(server.url, requests, total, connections);
  const cpu = cpuMicros(server.pid) - before;
  const dbAfter = server.dbPids ? await server.dbPids() : [];
  let db = 0;
  for (const pid of dbAfter) {
    const i = dbPids.indexOf(pid);
    db += cpuMicros(pid) - (i >= 0 ? dbBefore[i] : 0);
  }
  if (r.non2xx) throw new Error(`${server.name}: ${r.non2xx} of ${total} responses were not 2xx; first: ${r.firstError}`);
  return { cpuUs: cpu / total, dbCpuUs: server.dbPids ? db / total : undefined, rps: total / r.seconds, p99: r.p99 };
}

/** Requests per window, unless the workload fixes it: enough for this much server CPU at the warm-up's cost. */
const TARGET_CPU_US = Number(process.env.BENCH_WINDOW_CPU_US ?? 400_000);

/**
 * Measures `workload` on every side over `rounds` rounds, alternating which side goes first. `workload(side)`
 * answers `{ requests, total? }` (fresh supplies each call where a request can be made only once).
 * A warm-up window per side, not counted, sizes the windows whose workload leaves `total` out.
 */
export async function compare(sides, workload, { rounds, connections = 32, targetCpuUs = TARGET_CPU_US }) {
  const results = new Map(sides.map((s) => [s, []]));
  const sized = new Map();
  for (const side of sides) {
    const w = await workload(side, 'warmup');
    const warm = await window(side, w.requests, w.total ?? 2000, connections);
    sized.set(side, Math.max(2000, Math.min(60_000, Math.round(targetCpuUs / warm.cpuUs))));
  }
  for (let round = 0; round < rounds; round++) {
    for (const side of round % 2 ? [...sides].reverse() : sides) {
      const w = await workload(side, round);
      results.get(side).push(await window(side, w.requests, w.total ?? sized.get(side), connections));
    }
  }
  return new Map([...results].map(([side, windows]) => [side, summarise(windows)]));
}

function summarise(windows) {
  const pick = (k) => windows.map((w) => w[k]);
  return {
    windows,
    cpuUs: median(pick('cpuUs')),
    cpuSpread: [Math.min(...pick('cpuUs')), Math.max(...pick('cpuUs'))],
    dbCpuUs: windows[0].dbCpuUs === undefined ? undefined : median(pick('dbCpuUs')),
    rps: median(pick('rps')),
    rpsSpread: [Math.min(...pick('rps')), Math.max(...pick('rps'))],
    p99: median(pick('p99')),
  };
}
