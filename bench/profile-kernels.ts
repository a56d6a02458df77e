/**
 * `npx tsx bench/profile-kernels.ts [cnn|mlp|trees]`: per-kernel wall time of a few training batches on the
 * current backend (every registered kernel wrapped with a timer). A diagnostic, not a benchmark.
 * `trees`: the share of each function (the trees' wasm kernels by name) in a GradientBoostingClassifier fit
 * (200k × 30, depth 6, 255 bins; TREES_TREES trees, default 30), sampled by V8's profiler, and the fit's CPU time;
 * run it with HEPML_TREE_THREADS=1 to see one thread's work (the helper thread is not sampled).
 */
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../lib/backend';
import { cnn, mlp, train, type TrainData } from '../lib/models';
import { matrix } from '../lib/data/matrix';
import * as inspector from 'node:inspector';
import { loadavg } from 'node:os';
import { GradientBoostingClassifier } from '../lib/trees';
import { HISTOGRAM_WASM } from '../lib/trees/kernels/histogram-wasm';
import { synth30 } from '../test/trees/helpers';

async function main(): Promise<void> {
  const which = process.argv[2] ?? 'cnn';
  if (which === 'trees') return profileTrees();
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

/** Names of a wasm module's exported functions by function index (from its export section). */
function wasmExportNames(bytes: Uint8Array): Map<number, string> {
  const names = new Map<number, string>();
  let p = 8;
  const leb = () => {
    let v = 0;
    let shift = 0;
    for (;;) {
      const b = bytes[p++];
      v |= (b & 0x7f) << shift;
      if (b < 0x80) return v >>> 0;
      shift += 7;
    }
  };
  let imported = 0;
  while (p < bytes.length) {
    const id = bytes[p++];
    const size = leb();
    const end = p + size;
    if (id === 2) {
      for (let n = leb(); n > 0; n--) {
        p += leb(); // module
        p += leb(); // name
        const kind = bytes[p++];
        if (kind === 0) { leb(); imported++; } else if (kind === 1) { p++; leb(); const f = bytes[p++]; leb(); if (f & 1) leb(); } else if (kind === 2) { const f = bytes[p++]; leb(); if (f & 1) leb(); } else { p += 2; }
      }
    } else if (id === 7) {
      for (let n = leb(); n > 0; n--) {
        const len = leb();
        const name = new TextDecoder().decode(bytes.subarray(p, p + len));
        p += len;
        const kind = bytes[p++];
        const index = leb();
        if (kind === 0) names.set(index - imported, name);
      }
    }
    p = end;
  }
  return names;
}

async function profileTrees(): Promise<void> {
  const names = wasmExportNames(Uint8Array.from(atob(HISTOGRAM_WASM), (c) => c.charCodeAt(0)));
  const trees = Number(process.env.TREES_TREES ?? 30);
  const train = synth30(200_000, 1);
  const session = new inspector.Session();
  session.connect();
  const post = (method: string, params?: object) => new Promise<unknown>((resolve, reject) =>
    session.post(method, params ?? {}, (err, res) => (err ? reject(err) : resolve(res))));
  await post('Profiler.enable');
  await post('Profiler.setSamplingInterval', { interval: 200 });
  await post('Profiler.start');
  const c0 = process.cpuUsage();
  new GradientBoostingClassifier({ nEstimators: trees, maxDepth: 6, maxBins: 255 }).fit(train.x, train.y);
  const cpu = process.cpuUsage(c0);
  const { profile } = (await post('Profiler.stop')) as { profile: { nodes: { id: number; callFrame: { functionName: string; url: string } }[]; samples: number[]; timeDeltas: number[] } };
  session.disconnect();
  const byId = new Map(profile.nodes.map((n) => [n.id, n.callFrame]));
  const totals = new Map<string, number>();
  let all = 0;
  profile.samples.forEach((id, i) => {
    const cf = byId.get(id)!;
    const m = /^wasm-function\[(\d+)\]$/.exec(cf.functionName);
    const name = m ? `wasm ${names.get(Number(m[1])) ?? `internal function ${m[1]} (exp, score)`}` : `${cf.functionName || '(anonymous)'} ${cf.url.split('/').pop() ?? ''}`;
    totals.set(name, (totals.get(name) ?? 0) + profile.timeDeltas[i]);
    all += profile.timeDeltas[i];
  });
  const threads = process.env.HEPML_TREE_THREADS === '1' ? 1 : 2;
  console.log(`GradientBoostingClassifier fit, 200000 x 30, ${trees} trees, depth 6: CPU ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s (${threads} thread(s)); load average ${loadavg()[0].toFixed(2)}`);
  for (const [name, t] of [...totals.entries()].sort((a, b) => b[1] - a[1]).slice(0, 20)) {
    console.log(`${(100 * t / all).toFixed(1).padStart(5)} %  ${name}`);
  }
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
