/**
 * Grader throughput: submissions graded per second at 400k scores each (read + validate + score on
 * public and private parts with ROC AUC and rejection@0.3 + leaderboard), and the peak memory.
 * Target: >= 20 submissions/s on 2 cores.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { toNpy } from '../lib/data/npy-write';
import { gradeSubmissions } from '../grading/grade';

function lcg(seed: number, n: number): Float32Array {
  const out = new Float32Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s / 4294967296;
  }
  return out;
}

export async function run(): Promise<void> {
  const N = 400_000;
  const K = Number(process.env.GRADE_BENCH_SUBMISSIONS ?? 40);
  const root = mkdtempSync(join(tmpdir(), 'hepml-grade-bench-'));
  try {
    const u = lcg(1, N);
    const labels = Int32Array.from(u, (v) => (v < 0.5 ? 1 : 0));
    mkdirSync(join(root, 'hidden'));
    writeFileSync(join(root, 'hidden', 'labels.npy'), toNpy(labels));
    writeFileSync(join(root, 'hidden', 'hidden.json'), JSON.stringify({ challenge: 'top-tagging-dnn' }));
    const subs = join(root, 'subs');
    mkdirSync(subs);
    for (let k = 0; k < K; k++) {
      const noise = lcg(100 + k, N);
      writeFileSync(join(subs, `group${k % 8}__model${k}.npy`), toNpy(Float32Array.from(noise, (v, i) => 0.3 * labels[i] + 0.7 * v)));
    }
    const rss0 = process.memoryUsage().rss;
    const t0 = process.hrtime.bigint();
    const r = gradeSubmissions({ challenge: 'top-tagging-dnn', labels: join(root, 'hidden', 'labels.npy'), submissions: subs, out: join(root, 'out'), maxPerGroup: K });
    const s = Number(process.hrtime.bigint() - t0) / 1e9;
    const ranked = r.outcomes.filter((o) => o.status === 'ranked').length;
    const maxRss = process.resourceUsage().maxRSS / 1024;
    console.log(`grade: ${K} submissions x ${N} scores (top-tagging-dnn: ROC AUC + rejection@0.3, public+private)`);
    console.log(`  ${ranked} ranked in ${s.toFixed(2)} s -> ${(K / s).toFixed(1)} submissions/s (target >= 20/s)`);
    console.log(`  memory: rss before grading ${(rss0 / 2 ** 20).toFixed(0)} MiB, peak rss (maxRSS) ${maxRss.toFixed(0)} MiB, heap used after ${(process.memoryUsage().heapUsed / 2 ** 20).toFixed(0)} MiB`);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
