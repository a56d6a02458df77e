/**
 * Reading speed (MB/s of file) for ROOT (the WW slice, the biggest ROOT file at hand) and HDF5 (a
 * ~100 MB pandas table-format file made with Debian python3 in os.tmpdir(), top-tagging-like: 800
 * float32 + 2 int64 columns), beside pandas/h5py on the same file, as a ratio.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadRoot } from '../lib/data/root';
import { loadHdf5 } from '../lib/data/hdf5';

const PY = '/usr/bin/python3';
const WW = join(__dirname, '../../shared/data/root/dataWW_d1_slice10k.root');

async function time(fn: () => Promise<unknown>, reps = 3): Promise<number> {
  let best = Infinity;
  for (let i = 0; i < reps; i++) {
    const t0 = process.hrtime.bigint();
    await fn();
    best = Math.min(best, Number(process.hrtime.bigint() - t0) / 1e9);
  }
  return best;
}

function py(script: string, ...args: string[]): string | undefined {
  if (!existsSync(PY)) return undefined;
  const r = spawnSync(PY, ['-c', script, ...args], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

export async function run(): Promise<void> {
  if (existsSync(WW)) {
    const mb = statSync(WW).size / 1e6;
    const s = await time(() => loadRoot(WW));
    console.log(`ROOT  ${WW.split('/').pop()} (${mb.toFixed(2)} MB, 10k x 30 branches, zlib): ${s.toFixed(3)} s = ${(mb / s).toFixed(1)} MB/s (no uproot in Debian python3: no Python anchor)`);
  } else console.log(`ROOT: ${WW} not found, skipped`);

  const dir = mkdtempSync(join(tmpdir(), 'hepml-bench-'));
  const file = join(dir, 'table.h5');
  try {
    const made = py(`
import numpy as np, pandas as pd, sys
n = 30000
rng = np.random.default_rng(0)
df = pd.DataFrame(rng.normal(size=(n, 800)).astype(np.float32), columns=[f'{c}_{i}' for i in range(200) for c in ['E','PX','PY','PZ']])
df['ttv'] = 0; df['is_signal_new'] = rng.integers(0, 2, n)
df.to_hdf(sys.argv[1], key='table', mode='w', format='table')
print('ok')`, file);
    if (!made) { console.log('HDF5: /usr/bin/python3 with pandas + tables not available, skipped'); return; }
    const mb = statSync(file).size / 1e6;
    const s = await time(() => loadHdf5(file));
    const ref = py(`
import pandas as pd, time, sys
best = 1e9
for _ in range(3):
    t = time.perf_counter(); pd.read_hdf(sys.argv[1], 'table'); best = min(best, time.perf_counter() - t)
print(best)`, file);
    const line = `HDF5  pandas table (${mb.toFixed(1)} MB, 30000 x 802): hepml ${s.toFixed(3)} s = ${(mb / s).toFixed(0)} MB/s`;
    console.log(ref ? `${line}; pandas.read_hdf ${Number(ref).toFixed(3)} s = ${(mb / Number(ref)).toFixed(0)} MB/s; ratio hepml/pandas speed = ${(Number(ref) / s).toFixed(2)}` : line);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
