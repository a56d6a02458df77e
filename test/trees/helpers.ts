/** Shared test helpers for lib/trees: seeded synthetic data, a rank AUC, and the Python anchor runner. */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { matrix, type Matrix } from '../../lib/data/matrix';
import { mulberry32 } from '../../lib/trees/random';

/** A 30-feature signal/background toy: 10 informative linear features, an interaction and a quadratic term. */
export function synth30(n: number, seed: number): { x: Matrix; y: Uint8Array } {
  const r = mulberry32(seed);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
  const d = new Float32Array(n * 30);
  const y = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    let z = 0.5;
    for (let j = 0; j < 30; j++) {
      const v = gauss();
      d[i * 30 + j] = v;
      z += (j < 10 ? 0.3 : 0.05) * v;
    }
    z += 0.8 * d[i * 30] * d[i * 30 + 1] - 0.5 * d[i * 30 + 2] ** 2;
    y[i] = r() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
  }
  return { x: matrix(d, n, 30), y };
}

/** Rank-based AUC (Mann-Whitney U with midranks for ties). */
export function auc(score: ArrayLike<number>, y: ArrayLike<number>): number {
  const idx = Array.from({ length: score.length }, (_, i) => i).sort((a, b) => score[a] - score[b]);
  let rankSum = 0;
  let n1 = 0;
  for (let i = 0; i < idx.length; ) {
    let j = i;
    while (j + 1 < idx.length && score[idx[j + 1]] === score[idx[i]]) j++;
    const mid = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) if (y[idx[k]] === 1) {
      rankSum += mid;
      n1++;
    }
    i = j + 1;
  }
  const n0 = idx.length - n1;
  return (rankSum - (n1 * (n1 + 1)) / 2) / (n1 * n0);
}

const PY = '/usr/bin/python3';

/**
 * Runs a Python snippet with `X` (float32 rows×cols), `y` and optionally `Xt` loaded from temp files;
 * the snippet prints one JSON line. Returns null (with a log line) when Python or a module is missing.
 */
export function runPython(code: string, data: { x: Matrix; y: ArrayLike<number>; xt?: Matrix }): unknown | null {
  if (!existsSync(PY)) {
    console.log(`      (${PY} not found: using stored reference values)`);
    return null;
  }
  const dir = mkdtempSync(join(tmpdir(), 'hepml-trees-'));
  try {
    writeFileSync(join(dir, 'x.f32'), Buffer.from(data.x.data.buffer, data.x.data.byteOffset, data.x.data.byteLength));
    writeFileSync(join(dir, 'y.f64'), Buffer.from(Float64Array.from(data.y).buffer));
    if (data.xt) writeFileSync(join(dir, 'xt.f32'), Buffer.from(data.xt.data.buffer, data.xt.data.byteOffset, data.xt.data.byteLength));
    const prelude = `import numpy as np, json, os\nd=${JSON.stringify(dir)}\n` +
      `X=np.fromfile(os.path.join(d,'x.f32'),dtype=np.float32).reshape(-1,${data.x.cols})\n` +
      `y=np.fromfile(os.path.join(d,'y.f64'))\n` +
      (data.xt ? `Xt=np.fromfile(os.path.join(d,'xt.f32'),dtype=np.float32).reshape(-1,${data.xt.cols})\n` : '');
    const res = spawnSync(PY, ['-c', prelude + code], { encoding: 'utf8', timeout: 60_000 });
    if (res.status !== 0) {
      console.log(`      (python reference unavailable: ${(res.stderr || '').trim().split('\n').pop()}; using stored values)`);
      return null;
    }
    return JSON.parse(res.stdout.trim().split('\n').pop()!);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs `f` with the environment variables `env` set (and restores them). */
export function withEnv<T>(env: Record<string, string | undefined>, f: () => T): T {
  const old = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete process.env[k]; else process.env[k] = v;
  try {
    return f();
  } finally {
    for (const [k, v] of Object.entries(old)) if (v === undefined) delete process.env[k]; else process.env[k] = v;
  }
}
