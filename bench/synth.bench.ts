/**
 * Synthetic generators: events per second for each dataset id (`npm run bench -- synth`).
 * Targets: >= 100k events/s for tabular sets, >= 5k jets/s with 200 constituents.
 */
import { synthesize, SYNTHETIC_IDS } from '../lib/data/synthetic';

const SIZES: Record<string, number> = {
  ww: 200_000, higgsml: 200_000, 'ship-hnl': 200_000, 'vh-multiclass': 200_000,
  'top-constituents': 20_000, 'top-images': 20_000, 'jet-images-gamma': 10_000,
};
const TARGETS: Record<string, number> = { 'top-constituents': 5_000, 'top-images': 5_000, 'jet-images-gamma': 5_000 };

export async function run(): Promise<void> {
  console.log('id                 events      seconds   events/s    target');
  for (const id of SYNTHETIC_IDS) {
    const n = SIZES[id] ?? 100_000;
    synthesize(id, { events: Math.min(n, 2000), seed: 0 }); // warm-up (JIT)
    const t0 = process.hrtime.bigint();
    synthesize(id, { events: n, seed: 1 });
    const s = Number(process.hrtime.bigint() - t0) / 1e9;
    const rate = n / s;
    const target = TARGETS[id] ?? 100_000;
    console.log(`${id.padEnd(18)} ${String(n).padStart(7)} ${s.toFixed(3).padStart(11)} ${Math.round(rate).toString().padStart(10)} ${rate >= target ? 'ok' : 'BELOW'} (>= ${target})`);
  }
}
