// `npm run bench`: runs every bench/*.bench.mjs in turn. Each measures Gatehouse and its baseline in the
// same run on this machine and returns rows { name, gatehouse, baseline, unit, ratio, bar }.
import { readdirSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import path from 'node:path';

const dir = path.dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
const files = readdirSync(dir).filter((f) => f.endsWith('.bench.mjs') && (only.length === 0 || only.some((o) => f.includes(o)))).sort();
const rows = [];
let failed = false;
for (const file of files) {
  console.log(`\n== ${file}`);
  const mod = await import(pathToFileURL(path.join(dir, file)).href);
  for (const row of await mod.default()) {
    rows.push(row);
    const ok = row.ratio >= row.bar;
    if (!ok) failed = true;
    console.log(`${row.name}: gatehouse ${row.gatehouse.toFixed(0)} ${row.unit}, baseline ${row.baseline.toFixed(0)} ${row.unit}, ratio ${row.ratio.toFixed(2)}x (bar ${row.bar}x) ${ok ? 'PASS' : 'FAIL'}`);
  }
}
console.log('\nSummary');
for (const r of rows) console.log(`  ${r.name.padEnd(48)} ${r.ratio.toFixed(2)}x  (bar ${r.bar}x)`);
process.exitCode = failed ? 1 : 0;
