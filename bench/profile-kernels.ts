/**
 * `npx tsx bench/profile-kernels.ts [cnn|mlp]`: per-kernel wall time of a few training batches on the
 * current backend (every registered kernel wrapped with a timer). A diagnostic, not a benchmark.
 */
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../lib/backend';
import { cnn, mlp, train, type TrainData } from '../lib/models';
import { matrix } from '../lib/data/matrix';

async function main(): Promise<void> {
  const which = process.argv[2] ?? 'cnn';
  const info = await initBackend();
  const totals = new Map<string, { ms: number; n: number }>();
  let on = false;
  for (const k of tf.getKernelsForBackend(info.name)) {
    const f = k.kernelFunc;
    tf.unregisterKernel(k.kernelName, info.name);
    tf.registerKernel({
      ...k,
      kernelFunc: ((args: never) => {
        if (!on) return (f as (a: never) => unknown)(args);
        const t = performance.now();
        const out = (f as (a: never) => unknown)(args);
        const e = totals.get(k.kernelName) ?? { ms: 0, n: 0 };
        e.ms += performance.now() - t;
        e.n++;
        totals.set(k.kernelName, e);
        return out;
      }) as tf.KernelFunc,
    });
  }
  const batches = 8;
  let model, batchSize;
  let data: TrainData;
  if (which === 'cnn') {
    const n = 128 * batches;
    model = cnn({ inputShape: [40, 40, 1], conv: [{ filters: 8 }, { filters: 16 }], dense: [32], seed: 1 });
    data = { x: { data: Float32Array.from({ length: n * 1600 }, () => Math.random()), shape: [n, 40, 40, 1] as [number, number, number, number] }, y: Array.from({ length: n }, (_, i) => i % 2) };
    batchSize = 128;
  } else {
    const n = 256 * batches;
    model = mlp({ inputs: 20, hidden: [64, 64], seed: 1 });
    data = { x: matrix(Float32Array.from({ length: n * 20 }, () => Math.random()), n, 20), y: Array.from({ length: n }, (_, i) => i % 2) };
    batchSize = 256;
  }
  await train(model, data, { epochs: 1, batchSize, verbose: false });
  on = true;
  const t = performance.now();
  await train(model, data, { epochs: 1, batchSize, verbose: false });
  const wall = performance.now() - t;
  on = false;
  const rows = [...totals.entries()].sort((a, b) => b[1].ms - a[1].ms);
  const inKernels = rows.reduce((s, [, e]) => s + e.ms, 0);
  console.log(`${which} on ${info.description}: ${(wall / batches).toFixed(1)} ms per batch, ${(inKernels / batches).toFixed(1)} in kernels`);
  for (const [name, e] of rows) console.log(`${name.padEnd(28)} ${(e.ms / batches).toFixed(2).padStart(7)} ms/batch  ${(e.n / batches).toFixed(1).padStart(5)} calls/batch`);
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
