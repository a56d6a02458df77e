/**
 * Network training speed: MLP 20-64-64-1 (batch 256) and a small CNN on 40×40×1 (batch 128), Adam,
 * samples/s of `train` (lean loop) and `model.fit` against PyTorch CPU with 2 threads, in the same run.
 * The two sides alternate in `NN_ROUNDS` rounds (default 2: PyTorch, hepml, PyTorch, hepml), each round
 * best of 3 on each side, and each side's figure is its best over all rounds, so a slow moment of the
 * machine hits both alike. `train` picks its thread count itself (2 for the CNN: the two-thread step,
 * lib/models/parallel; 1 for this MLP), printed with each line; the CNN is also timed with 1 thread. Both
 * sides train on the same sizes (the CNN on 2,048 images, one epoch).
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import * as os from 'node:os';
import { tf, initBackend } from '../lib/backend';
import { matrix } from '../lib/data/matrix';
import { cnn, mlp, train } from '../lib/models';
import { threadTesting } from '../lib/models/parallel/helper';

const N = 256 * 100;
const F = 20;
const EPOCHS = 2;
const IMG_N = 128 * 16;
const IMG_EPOCHS = 1;
const ROUNDS = Math.max(1, Number(process.env.NN_ROUNDS ?? 2) || 2);

function bestOf3(f: () => Promise<number>): Promise<number> {
  return (async () => {
    let best = 0;
    for (let r = 0; r < 3; r++) best = Math.max(best, await f());
    return best;
  })();
}

async function timed(samples: number, f: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await f();
  return samples / ((performance.now() - t) / 1000);
}

function torchAnchor(): { mlp: number; cnn: number; torch: string } | null {
  const py = '/usr/bin/python3';
  if (!existsSync(py)) return null;
  try {
    const cfg = JSON.stringify({ n: N, f: F, epochs: EPOCHS, threads: 2, img_n: IMG_N, img_epochs: IMG_EPOCHS });
    const out = execFileSync(py, [join(__dirname, 'python', 'nn_torch.py'), cfg], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    return JSON.parse(out.trim().split('\n').pop()!);
  } catch (e) {
    console.log(`(PyTorch anchor unavailable: ${(e as Error).message.split('\n')[0]})`);
    return null;
  }
}

export async function run(): Promise<void> {
  const info = await initBackend();
  const xv = Float32Array.from({ length: N * F }, () => Math.random() - 0.5);
  const y = Array.from({ length: N }, (_, i) => +(xv[i * F] > 0));
  const X = matrix(xv, N, F);
  const model = mlp({ inputs: F, hidden: [64, 64], seed: 1 });
  await train(model, { x: X, y }, { epochs: 1, verbose: false });

  const fitModel = mlp({ inputs: F, hidden: [64, 64], seed: 1 });
  fitModel.compile({ optimizer: tf.train.adam(1e-3), loss: 'binaryCrossentropy' });
  const xt = tf.tensor2d(xv, [N, F]);
  const yt = tf.tensor2d(Float32Array.from(y), [N, 1]);
  await fitModel.fit(xt, yt, { batchSize: 256, epochs: 1, verbose: 0 });
  const fit = await bestOf3(() => timed(EPOCHS * N, () => fitModel.fit(xt, yt, { batchSize: 256, epochs: EPOCHS, verbose: 0 })));
  tf.dispose([xt, yt]);

  const img = Float32Array.from({ length: IMG_N * 1600 }, () => Math.random());
  const yi = Array.from({ length: IMG_N }, (_, i) => i % 2);
  const net = cnn({ inputShape: [40, 40, 1], conv: [{ filters: 8 }, { filters: 16 }], dense: [32], seed: 1 });
  const images = { x: { data: img, shape: [IMG_N, 40, 40, 1] as [number, number, number, number] }, y: yi };
  await train(net, { x: { data: img.subarray(0, 256 * 1600), shape: [256, 40, 40, 1] }, y: yi.slice(0, 256) }, { epochs: 1, batchSize: 128, verbose: false });

  // Rounds: PyTorch then hepml, each best of 3; each side keeps its best over the rounds.
  let torch = null as { mlp: number; cnn: number; torch: string } | null;
  let lean = 0;
  let cnnRate = 0;
  let mlpThreads: 1 | 2 = 1;
  let cnnThreads: 1 | 2 = 1;
  const perRound: string[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const t = torchAnchor();
    if (t) torch = torch ? { ...torch, mlp: Math.max(torch.mlp, t.mlp), cnn: Math.max(torch.cnn, t.cnn) } : t;
    const l = await bestOf3(() => timed(EPOCHS * N, () => train(model, { x: X, y }, { epochs: EPOCHS, verbose: false })));
    mlpThreads = threadTesting.lastRunThreads;
    const c = await bestOf3(() => timed(IMG_EPOCHS * IMG_N, () => train(net, images, { epochs: IMG_EPOCHS, batchSize: 128, verbose: false })));
    cnnThreads = threadTesting.lastRunThreads;
    lean = Math.max(lean, l);
    cnnRate = Math.max(cnnRate, c);
    perRound.push(`round ${r + 1}: MLP ${l.toFixed(0)} vs ${t ? t.mlp.toFixed(0) : 'n/a'}, CNN ${c.toFixed(0)} vs ${t ? t.cnn.toFixed(0) : 'n/a'} (load ${os.loadavg()[0].toFixed(2)})`);
  }
  const cnnOne = await bestOf3(() => timed(IMG_EPOCHS * IMG_N, () => train(net, images, { epochs: IMG_EPOCHS, batchSize: 128, verbose: false, threads: 1 })));

  const ratio = (a: number, b: number | undefined) => (b ? `${(a / b).toFixed(2)}x` : 'n/a');
  console.log(`backend: ${info.description}; best of 3 in each of ${ROUNDS} alternating rounds (PyTorch first), samples/s; load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  console.log(`MLP 20-64-64-1, batch 256, adam: train ${lean.toFixed(0)} (${mlpThreads} thread${mlpThreads > 1 ? 's' : ''}) | model.fit ${fit.toFixed(0)} | PyTorch ${torch ? torch.mlp.toFixed(0) : 'n/a'} (2 threads${torch ? `, torch ${torch.torch}` : ''})`);
  console.log(`  ratio vs PyTorch: train ${ratio(lean, torch?.mlp)} (target >= 1.0x), model.fit ${ratio(fit, torch?.mlp)}`);
  console.log(`CNN 40x40x1 conv8-pool-conv16-pool-dense32-1, batch 128: train ${cnnRate.toFixed(0)} (${cnnThreads} thread${cnnThreads > 1 ? 's' : ''}) | PyTorch ${torch ? torch.cnn.toFixed(0) : 'n/a'} (2 threads; ${IMG_N} images, ${IMG_EPOCHS} epoch, both sides)`);
  console.log(`  ratio vs PyTorch: ${ratio(cnnRate, torch?.cnn)} (target >= 1.0x, issue 15); train with threads: 1: ${cnnOne.toFixed(0)} (${ratio(cnnOne, torch?.cnn)})`);
  for (const line of perRound) console.log(`  ${line}`);
  model.dispose();
  fitModel.dispose();
  net.dispose();
}
