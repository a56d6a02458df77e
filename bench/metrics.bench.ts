/**
 * rocAucScore on 400k scores: ms per call, against scikit-learn's roc_auc_score on the same data
 * (Debian /usr/bin/python3) when available. Ratio = ours / sklearn (lower is better).
 */
import { spawnSync } from 'node:child_process';
import { rocAucScore } from '../lib/metrics';

export async function run(): Promise<void> {
  const n = 400_000;
  let seed = 12345;
  const u = (): number => ((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 4294967296);
  const y = new Uint8Array(n);
  const s = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    y[i] = u() < 0.5 ? 1 : 0;
    s[i] = y[i] * 0.5 + u();
  }
  const time = (f: () => void, reps: number): number => {
    f();
    const t0 = process.hrtime.bigint();
    for (let r = 0; r < reps; r++) f();
    return Number(process.hrtime.bigint() - t0) / 1e6 / reps;
  };
  let auc = 0;
  const ms = time(() => (auc = rocAucScore(y, s)), 10);
  console.log(`rocAucScore n=${n}: ${ms.toFixed(1)} ms/call (auc ${auc.toFixed(6)})`);
  const py = `
import numpy as np, time
from sklearn.metrics import roc_auc_score
n=${n}; seed=12345; y=np.empty(n,np.uint8); s=np.empty(n,np.float32)
a=np.empty(2*n,np.uint64); x=seed
for i in range(2*n):
    x=(x*1664525+1013904223)&0xffffffff; a[i]=x
r=a/4294967296.0; y[:]=(r[0::2]<0.5); s[:]=y*0.5+r[1::2]
roc_auc_score(y,s); t=time.perf_counter()
for _ in range(10): v=roc_auc_score(y,s)
print((time.perf_counter()-t)/10*1000, v)`;
  const p = spawnSync('/usr/bin/python3', ['-c', py], { encoding: 'utf8' });
  if (p.status !== 0) {
    console.log('sklearn: not available (/usr/bin/python3 with sklearn needed for the ratio)');
    return;
  }
  const [pms, pauc] = p.stdout.trim().split(/\s+/).map(Number);
  console.log(`sklearn roc_auc_score: ${pms.toFixed(1)} ms/call (auc ${pauc.toFixed(6)}); ratio ours/sklearn = ${(ms / pms).toFixed(2)}x`);
}
