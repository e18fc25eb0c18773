// `npm run bench [-- SUITE…]`: Gatehouse beside its baselines in one run on this machine, reported as
// server CPU µs per request (from /proc) beside req/s, medians and spread over alternating rounds; exits
// non-zero when a bar in lib/bars.mjs is missed. Suites: reads, oauth, revocation (the default set),
// scale (`npm run bench -- scale`: 1k/100k/1M live tokens), authorize-flood. `sqlite` leaves PostgreSQL
// out, `postgres` leaves Gatehouse on SQLite out of reads and scale (the baselines stay). The method is
// docs/performance.md's; the server is pinned to core 0, this process to core 1.
import { writeFileSync, mkdirSync } from 'node:fs';
import { loadavg } from 'node:os';
import { checkBars } from './lib/bars.mjs';
import { pinSelf } from './lib/proc.mjs';
import { spread } from './lib/stats.mjs';

const args = process.argv.slice(2);
const sqlite = !args.includes('postgres');
const postgres = !args.includes('sqlite');
const suites = args.filter((a) => a !== 'sqlite' && a !== 'postgres');
const chosen = suites.length ? suites : ['reads', 'oauth', 'revocation'];
pinSelf(1);
const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(', ');
console.log(
  `bench: ${chosen.join(', ')}${postgres ? (sqlite ? '' : ' (PostgreSQL only)') : ' (SQLite only)'}; load average ${load()}; ${new Date().toISOString()}`,
);

const rows = [];
const started = performance.now();
for (const suite of chosen) {
  console.log(`\n== ${suite}`);
  if (suite === 'reads') rows.push(...(await (await import('./suites/reads.mjs')).readsSuite({ sqlite, postgres })));
  else if (suite === 'oauth') rows.push(...(await (await import('./suites/oauth.mjs')).oauthSuite({ postgres })));
  else if (suite === 'revocation') rows.push(...(await (await import('./suites/revocation.mjs')).revocationSuite()));
  else if (suite === 'scale') rows.push(...(await (await import('./suites/scale.mjs')).scaleSuite({ sqlite, postgres })));
  else if (suite === 'authorize-flood') {
    for (const r of await (await import('./authorize-flood.bench.mjs')).default()) {
      console.log(`${r.name}: ${r.ratio.toFixed(2)}x (bar ${r.bar}x) ${r.ratio >= r.bar ? 'PASS' : 'FAIL'}`);
      if (r.ratio < r.bar) process.exitCode = 1;
    }
  } else throw new Error(`unknown bench suite "${suite}" (reads, oauth, revocation, scale, authorize-flood, sqlite, postgres)`);
}

const measured = rows.filter((r) => r.cpuUs !== undefined);
if (measured.length) {
  console.log('\n| Suite | Workload | Server | CPU µs/req median (min–max) | DB CPU µs/req | req/s median (min–max) |');
  console.log('|---|---|---|---|---|---|');
  for (const r of measured) {
    console.log(
      `| ${r.suite} | ${r.endpoint ?? r.workload} | ${r.side} | ${spread(r.windows.map((w) => w.cpuUs))} | ${r.dbCpuUs === undefined ? '' : r.dbCpuUs.toFixed(0)} | ${spread(r.windows.map((w) => w.rps))} |`,
    );
  }
}
const bars = checkBars(rows);
if (bars.length) {
  console.log('\n| Bar | Measured | Needed | |');
  console.log('|---|---|---|---|');
  for (const b of bars)
    console.log(
      `| ${b.name} | ${b.value.toFixed(b.unit === '×' ? 2 : 0)} ${b.unit}${b.detail ? ` (${b.detail})` : ''} | ${b.atMost ? '≤' : '≥'} ${b.bar} ${b.unit} | ${b.ok ? 'PASS' : 'FAIL'} |`,
    );
}
mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
writeFileSync(
  new URL('./results/latest.json', import.meta.url),
  JSON.stringify({ at: new Date().toISOString(), loadavg: loadavg(), rows: rows.map(({ windows, ...r }) => ({ ...r, windows })), bars }, null, 2),
);
console.log(
  `\n${((performance.now() - started) / 1000).toFixed(0)} s; load average now ${load()}; ${bars.filter((b) => !b.ok).length} of ${bars.length} bars missed`,
);
if (bars.some((b) => !b.ok)) process.exitCode = 1;
