/**
 * `npm run bench -- calibration [--quick]`: per dataset, the synthetic stand-in's figure beside the
 * real one (../shared/CALIBRATION.md) and its source, as one table (issue 11). Runs every module in
 * bench/calibration/ that exports `check: CalibrationCheck`. Full mode trains at the real figures'
 * sizes and adds the scikit-learn cross-check (Debian /usr/bin/python3); `--quick` (or
 * CALIBRATION_QUICK=1) uses small sizes and the course's models only. Exit code 1 when a row is out
 * of tolerance.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { CalibrationCheck, CalibrationRow } from './calibration/types';

export async function run(): Promise<void> {
  const quick = process.argv.includes('--quick') || process.env.CALIBRATION_QUICK === '1';
  const dir = join(__dirname, 'calibration');
  const files = readdirSync(dir).filter((f) => f.endsWith('.ts') && f !== 'types.ts').sort();
  const rows: CalibrationRow[] = [];
  for (const f of files) {
    const mod = (await import(join(dir, f))) as { check?: CalibrationCheck };
    if (!mod.check) continue;
    const t0 = performance.now();
    try {
      rows.push(...(await mod.check.run({ quick })));
    } catch (e) {
      rows.push({ dataset: mod.check.dataset, figure: 'check failed', standIn: (e as Error).message, real: '', tolerance: '', ok: false, source: f });
    }
    console.log(`(${mod.check.dataset}: ${((performance.now() - t0) / 1000).toFixed(1)} s)`);
  }
  const head = ['dataset', 'figure', 'stand-in', 'real', 'tolerance', 'ok', 'source'];
  const table = rows.map((r) => [r.dataset, r.figure, String(r.standIn), String(r.real), r.tolerance, r.ok ? 'yes' : 'NO', r.source]);
  const width = head.map((h, k) => Math.max(h.length, ...table.map((t) => t[k].length)));
  const line = (t: string[]) => t.map((s, k) => s.padEnd(width[k])).join('  ');
  console.log(`calibration of the synthetic stand-ins${quick ? ' (quick: small sizes)' : ''}`);
  console.log(line(head));
  console.log(width.map((w) => '-'.repeat(w)).join('  '));
  for (const t of table) console.log(line(t));
  const bad = rows.filter((r) => !r.ok).length;
  console.log(`${rows.length - bad} of ${rows.length} within tolerance`);
  if (bad > 0) process.exitCode = 1;
}
