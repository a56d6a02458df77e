/**
 * Network training speed: MLP 20-64-64-1 (batch 256) and a small CNN on 40×40×1 (batch 128), Adam,
 * samples/s of `train` (lean loop) and `model.fit` against PyTorch CPU with 2 threads, in the same run.
 * The two sides alternate pass by pass: PyTorch runs as one persistent process (bench/python/nn_torch.py)
 * that times one pass per request, and each of `NN_ROUNDS` rounds (default 8) times one pass of each side,
 * in turns (PyTorch first in odd rounds, hepml first in even ones). Each side's figure is its best pass, so
 * the machine's slow and fast moments (on this VM a plain loop's speed swings by up to 2× for seconds at a
 * time) fall on both sides alike. `train` picks its thread count itself (2 for the CNN: the two-thread
 * step, lib/models/parallel; 1 for this MLP), printed with each line; the CNN is also timed with 1 thread.
 * Both sides train on the same sizes (the MLP on 25,600 rows, 2 epochs a pass; the CNN on 2,048 images,
 * one epoch a pass), after one warm-up pass each.
 */
import { join } from 'node:path';
import * as os from 'node:os';
import { tf, initBackend } from '../lib/backend';
import { matrix } from '../lib/data/matrix';
import { cnn, mlp, train } from '../lib/models';
import { threadTesting } from '../lib/models/parallel/helper';
import { PythonAnchor } from './python-anchor';

const N = 256 * 100;
const F = 20;
const EPOCHS = 2;
const IMG_N = 128 * 16;
const IMG_EPOCHS = 1;
const ROUNDS = Math.max(1, Number(process.env.NN_ROUNDS ?? 8) || 8);

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
  await train(net, images, { epochs: IMG_EPOCHS, batchSize: 128, verbose: false }); // warm-up pass (starts the helper thread)

  // Rounds: one pass of each side per network, in turns; each side keeps its best pass.
  const cfg = JSON.stringify({ n: N, f: F, epochs: EPOCHS, threads: 2, img_n: IMG_N, img_epochs: IMG_EPOCHS });
  const torch = await PythonAnchor.start('PyTorch anchor', join(__dirname, 'python', 'nn_torch.py'), [cfg]);
  const torchRate = async (net: 'mlp' | 'cnn') => (await torch!.ask<{ rate: number }>(net)).rate;
  const best = { mlp: 0, cnn: 0, torchMlp: 0, torchCnn: 0 };
  let mlpThreads: 1 | 2 = 1;
  let cnnThreads: 1 | 2 = 1;
  const perRound: string[] = [];
  const pair = async (torchFirst: boolean, ours: () => Promise<number>, theirs: (() => Promise<number>) | null) => {
    let a = 0;
    let b = 0;
    if (torchFirst && theirs) b = await theirs();
    a = await ours();
    if (!torchFirst && theirs) b = await theirs();
    return [a, b];
  };
  for (let r = 0; r < ROUNDS; r++) {
    const torchFirst = r % 2 === 0;
    const [l, tl] = await pair(torchFirst, () => timed(EPOCHS * N, () => train(model, { x: X, y }, { epochs: EPOCHS, verbose: false })), torch && (() => torchRate('mlp')));
    mlpThreads = threadTesting.lastRunThreads;
    const [c, tc] = await pair(torchFirst, () => timed(IMG_EPOCHS * IMG_N, () => train(net, images, { epochs: IMG_EPOCHS, batchSize: 128, verbose: false })), torch && (() => torchRate('cnn')));
    cnnThreads = threadTesting.lastRunThreads;
    best.mlp = Math.max(best.mlp, l);
    best.cnn = Math.max(best.cnn, c);
    best.torchMlp = Math.max(best.torchMlp, tl);
    best.torchCnn = Math.max(best.torchCnn, tc);
    const vs = (x: number) => (torch ? x.toFixed(0) : 'n/a');
    perRound.push(`round ${r + 1} (${torchFirst ? 'PyTorch' : 'hepml'} first): MLP ${l.toFixed(0)} vs ${vs(tl)}, CNN ${c.toFixed(0)} vs ${vs(tc)} (load ${os.loadavg()[0].toFixed(2)})`);
  }
  torch?.stop();
  const lean = best.mlp;
  const cnnRate = best.cnn;
  const torchMlp = torch ? best.torchMlp : undefined;
  const torchCnn = torch ? best.torchCnn : undefined;
  const cnnOne = await bestOf3(() => timed(IMG_EPOCHS * IMG_N, () => train(net, images, { epochs: IMG_EPOCHS, batchSize: 128, verbose: false, threads: 1 })));

  const ratio = (a: number, b: number | undefined) => (b ? `${(a / b).toFixed(2)}x` : 'n/a');
  console.log(`backend: ${info.description}; best pass of each side over ${ROUNDS} alternating rounds, samples/s; load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  console.log(`MLP 20-64-64-1, batch 256, adam: train ${lean.toFixed(0)} (${mlpThreads} thread${mlpThreads > 1 ? 's' : ''}) | model.fit ${fit.toFixed(0)} (best of 3) | PyTorch ${torchMlp?.toFixed(0) ?? 'n/a'} (2 threads${torch ? `, torch ${torch.ready.torch}` : ''})`);
  console.log(`  ratio vs PyTorch: train ${ratio(lean, torchMlp)} (target >= 1.0x), model.fit ${ratio(fit, torchMlp)}`);
  console.log(`CNN 40x40x1 conv8-pool-conv16-pool-dense32-1, batch 128: train ${cnnRate.toFixed(0)} (${cnnThreads} thread${cnnThreads > 1 ? 's' : ''}) | PyTorch ${torchCnn?.toFixed(0) ?? 'n/a'} (2 threads; ${IMG_N} images, ${IMG_EPOCHS} epoch a pass, both sides)`);
  console.log(`  ratio vs PyTorch: ${ratio(cnnRate, torchCnn)} (target >= 1.0x, issue 15); train with threads: 1: ${cnnOne.toFixed(0)} (${ratio(cnnOne, torchCnn)}, best of 3)`);
  for (const line of perRound) console.log(`  ${line}`);
  model.dispose();
  fitModel.dispose();
  net.dispose();
}
