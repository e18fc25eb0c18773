// The bars `npm run bench` holds Gatehouse to (docs/performance.md). A ratio is a CPU ratio in the same
// run: the baseline's CPU µs per request over Gatehouse's, so 0.5× means Gatehouse spends twice the CPU.
import { BEHIND_PROXY } from './behind-proxy.mjs';

// Gatehouse on SQLite at LOG_LEVEL=warn and behind a trusted proxy at info: the SQLite bars hold on both.
const SQLITE_SIDES = ['Gatehouse SQLite', BEHIND_PROXY];

/** Answers [{ name, value, bar, unit, ok }] for the rows measured (a bar whose rows were not run is skipped). */
export function checkBars(rows) {
  const find = (suite, workload, side) => rows.find((r) => r.suite === suite && r.workload === workload && r.side === side);
  const out = [];
  const ratio = (name, gatehouse, baseline, bar) => {
    if (!gatehouse || !baseline) return;
    const value = baseline.cpuUs / gatehouse.cpuUs;
    out.push({ name, value, bar, unit: '×', ok: value >= bar, detail: `${gatehouse.cpuUs.toFixed(0)} µs vs ${baseline.cpuUs.toFixed(0)} µs` });
  };
  const atMost = (name, row, key, bar, unit) => {
    if (!row || row[key] === undefined) return;
    out.push({ name, value: row[key], bar, unit, ok: row[key] <= bar, atMost: true });
  };
  for (const side of SQLITE_SIDES) {
    for (const r of rows.filter((x) => x.suite === 'reads' && x.side === side)) {
      const hello =
        find('reads', 'hello', 'node:http hello') && rows.find((x) => x.suite === 'reads' && x.endpoint === r.endpoint && x.side === 'node:http hello');
      ratio(`${side}: ${r.endpoint} vs node:http`, r, hello, r.endpoint === 'mix' ? 0.5 : 0.4);
    }
  }
  const pgMix = find('reads', 'mix', 'Gatehouse PostgreSQL + Redis');
  ratio(
    'Gatehouse PostgreSQL + Redis: mix vs node:http',
    pgMix,
    rows.find((x) => x.suite === 'reads' && x.endpoint === 'mix' && x.side === 'node:http hello'),
    0.35,
  );
  const oidc = (w) => find('oauth', w, 'oidc-provider 9');
  for (const side of SQLITE_SIDES) {
    const gatehouse = (w) => find('oauth', w, side);
    ratio(`${side}: code exchange vs oidc-provider (grant per code)`, gatehouse('code exchange'), oidc('code exchange'), 1.5);
    ratio(`${side}: RFC 7009 revoke vs oidc-provider`, gatehouse('RFC 7009 revoke'), oidc('RFC 7009 revoke'), 1.5);
    ratio(`${side}: revoke_authorization vs oidc-provider RFC 7009 revoke`, gatehouse('revoke_authorization'), oidc('revoke_authorization'), 1.5);
    ratio(`${side}: RFC 7662 introspection vs oidc-provider`, gatehouse('RFC 7662 introspection'), oidc('RFC 7662 introspection'), 3);
  }
  for (const r of rows.filter((x) => x.suite === 'revocation-scaling')) {
    out.push({
      name: `${r.workload}: cost at ${r.large} over cost at ${r.small} cached entries`,
      value: r.growth,
      bar: 1.25,
      unit: '×',
      ok: r.growth <= 1.25,
      atMost: true,
    });
  }
  for (const r of rows.filter((x) => x.suite === 'scale' && x.liveTokens >= 1_000_000)) {
    const db = r.db === 'postgres' ? 'PostgreSQL' : 'SQLite';
    atMost(`first use (cache miss) at 1M live tokens, ${db}`, r, 'coldCpuUs', r.db === 'postgres' ? 120 : 80, 'µs');
    if (r.randomRatio !== undefined)
      out.push({ name: `random-token reads over 1M live tokens vs node:http, ${db}`, value: r.randomRatio, bar: 0.25, unit: '×', ok: r.randomRatio >= 0.25 });
    atMost(`RSS at 1M live tokens, ${db}`, r, 'rssMiB', 200, 'MiB');
  }
  return out;
}
