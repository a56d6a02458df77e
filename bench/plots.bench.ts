/**
 * Plot rendering times: first render (loads vega's UMD bundles), then steady-state renders of the
 * heaviest course figures, and PNG rasterisation.
 */
import { plotHistograms, plotImage, plotRoc } from '../lib/plots';

function time(label: string, fn: () => unknown, reps = 5): void {
  const t0 = performance.now();
  for (let i = 0; i < reps; i++) fn();
  console.log(`${label.padEnd(44)} ${((performance.now() - t0) / reps).toFixed(1).padStart(7)} ms`);
}

export async function run(): Promise<void> {
  const n = 100000;
  const a = new Float32Array(n);
  const b = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    a[i] = Math.sin(i * 12.9898) * 43758.5453 % 1;
    b[i] = Math.cos(i * 78.233) * 12345.678 % 1;
  }
  const hist = () => plotHistograms({ series: [{ label: 'signal', values: a }, { label: 'background', values: b }], bins: 50, density: true });
  time('first render (loads vega + vega-lite UMD)', () => hist().toSVG(), 1);
  time('histogram overlay, 2 x 100k values -> SVG', () => hist().toSVG());
  const fpr = new Float64Array(n).map((_, i) => i / (n - 1));
  const tpr = fpr.map((x) => Math.sqrt(x));
  time('ROC, 100k points (thinned) -> SVG', () => plotRoc({ curves: [{ label: 'm', fpr, tpr }], kind: 'rejection' }).toSVG());
  const img = new Float32Array(1600).map((_, i) => ((i * 7919) % 13) / 13);
  time('jet image 40x40 -> SVG', () => plotImage({ image: img }).toSVG());
  const fig = hist();
  time('histogram overlay -> PNG (scale 2)', () => fig.toPNG());
}
