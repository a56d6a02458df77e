/**
 * `npm run bench [-- NAME…]`: runs bench/*.bench.ts (all, or those whose name contains a NAME).
 * Each bench module exports `run(): Promise<void>` and prints its own table, with the Python anchors
 * (Debian /usr/bin/python3 with torch, sklearn, xgboost, pandas, h5py) side by side where installed.
 */
import { readdirSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';

/** The 1/5/15-minute load averages, as a quiet machine is part of every figure. */
const load = () => loadavg().map((l) => l.toFixed(2)).join(' / ');

async function main(): Promise<void> {
  const filters = process.argv.slice(2);
  const files = readdirSync(__dirname).filter((f) => f.endsWith('.bench.ts')).sort();
  const chosen = files.filter((f) => filters.length === 0 || filters.some((n) => f.includes(n)));
  if (chosen.length === 0) {
    console.error(`bench: nothing matches ${filters.join(', ')}. Available: ${files.join(', ')}`);
    process.exitCode = 2;
    return;
  }
  console.log(`node ${process.version}, ${availableParallelism()} cores, ${new Date().toISOString()}`);
  for (const f of chosen) {
    console.log(`\n== ${f} == load average ${load()}`);
    const mod = (await import(join(__dirname, f))) as { run(): Promise<void> };
    await mod.run();
    console.log(`(${f} done, load average ${load()})`);
  }
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
