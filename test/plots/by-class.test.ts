import { strict as assert } from 'node:assert';
import { plotClassHistograms, plotTrainTestScores, plotImage, HepmlError } from '../../lib';
import { setWarningSink } from '../../lib/errors/index';

type Layer = { encoding?: { color?: { legend?: { orient?: string }; scale?: { domain?: string[] } } } };

describe('plots/by-class', () => {
  const values = [1, 2, 3, 4, 5, 6];
  const labels = [0, 1, 0, 1, 2, 0];

  it('plotClassHistograms draws one series per label, signal first, named, legend above the plot', () => {
    const fig = plotClassHistograms({ values, labels, classNames: { 0: 'QCD', 1: 'top', 2: 'other' }, bins: 3 });
    const layers = (fig.spec as { layer: Layer[] }).layer;
    assert.deepEqual(layers[0].encoding!.color!.scale!.domain, ['top', 'QCD', 'other']);
    assert.ok(layers.every((l) => !l.encoding?.color || l.encoding.color.legend?.orient === 'top'));
    const rows = (fig.spec as { data: { values: { series: string; x: number; y: number; edge?: boolean }[] } }).data.values.filter((r) => !r.edge && r.x < 6); // the step outline repeats the last bin at the upper edge
    const total = (name: string) => rows.filter((r) => r.series === name).reduce((a, r) => a + r.y, 0);
    assert.equal(total('QCD'), 3);
    assert.equal(total('top'), 2);
  });

  it('plotClassHistograms takes `signal` and weights, and names lengths that differ', () => {
    const fig = plotClassHistograms({ values, labels, signal: 2, weights: [1, 1, 1, 1, 5, 1], bins: 3 });
    assert.deepEqual((fig.spec as { layer: Layer[] }).layer[0].encoding!.color!.scale!.domain, ['class 2', 'class 0', 'class 1']);
    assert.throws(() => plotClassHistograms({ values, labels: [0, 1] }), /plotClassHistograms.labels/);
    const named = plotClassHistograms({ values, labels, classNames: (l) => `type ${l}`, bins: 3 });
    assert.deepEqual((named.spec as { layer: Layer[] }).layer[0].encoding!.color!.scale!.domain, ['type 1', 'type 0', 'type 2']);
    assert.throws(() => plotClassHistograms({ values, labels, signal: 7 }), HepmlError);
  });

  it('plotTrainTestScores splits scores by label and refuses a sample without background', () => {
    const fig = plotTrainTestScores({ train: { scores: [0.1, 0.9, 0.2, 0.8], labels: [0, 1, 0, 1] }, test: { scores: [0.3, 0.7], labels: [0, 1] }, bins: 4 });
    assert.ok(JSON.stringify(fig.spec).includes('signal (train)'));
    assert.throws(() => plotTrainTestScores({ train: { scores: [0.1], labels: [1] }, test: { scores: [0.3, 0.7], labels: [0, 1] } }), /both signal/);
  });

  it('plotImage with pixelSize puts the axes in Δη and Δφ around the jet axis, colour in GeV', () => {
    const fig = plotImage({ image: new Float32Array(1600).fill(1), pixelSize: 0.02 });
    const enc = (fig.spec as { encoding: Record<string, { title?: string; scale?: { domain?: number[] } }> }).encoding;
    assert.deepEqual(enc.x.scale!.domain, [-0.4, 0.4]);
    assert.equal(enc.x.title, 'Δη (pixel 0.02)');
    assert.equal(enc.color.title, 'pixel pT [GeV]');
    assert.throws(() => plotImage({ image: new Float32Array(1600), pixelSize: -1 }), /pixelSize/);
  });
});

describe('plots/by-class logX', () => {
  it('bins in log-spaced edges on a log axis, fractions per bin with density, and counts values ≤ 0', () => {
    const seen: string[] = [];
    const prev = setWarningSink((m) => seen.push(m));
    try {
      const fig = plotClassHistograms({ values: [0.001, 0.01, 0.1, 1, 10, 100, 0], labels: [1, 1, 1, 0, 0, 0, 0], bins: 5, range: [0.001, 1000], density: true, logX: true });
      const layer = (fig.spec as { layer: { encoding: { x: { scale: { type?: string } } } }[] }).layer[0];
      assert.equal(layer.encoding.x.scale.type, 'log');
      const rows = (fig.spec as { data: { values: { series: string; x: number; y: number; edge?: boolean }[] } }).data.values.filter((r) => !r.edge && r.x < 1000);
      const xs = [...new Set(rows.map((r) => r.x))].sort((p, q) => p - q);
      assert.equal(xs.length, 5);
      for (let k = 1; k < xs.length; k++) assert.ok(Math.abs(xs[k] / xs[k - 1] - 10 ** 1.2) < 1e-3, `edges ${xs.join(', ')}`); // 5 bins over 6 decades
      const sum = (name: string) => rows.filter((r) => r.series === name).reduce((t, r) => t + r.y, 0);
      assert.ok(Math.abs(sum('signal') - 1) < 1e-5 && Math.abs(sum('background') - 1) < 1e-5, `${sum('signal')} ${sum('background')}`);
      assert.ok(seen.some((m) => /1 values ≤ 0/.test(m)), seen.join('; '));
      fig.toSVG();
      assert.deepEqual(seen.filter((m) => /vega-lite/.test(m)), [], 'no vega-lite warnings (a "zero" on the log scale)');
      const wide = plotClassHistograms({ values: [1e-5, 0.01, 3], labels: [1, 0, 1], bins: 5, range: [1e-5, 10], logX: true }).toSVG();
      for (const t of ['10⁻⁵', '10⁻³', '1', '10']) assert.ok(wide.includes(`>${t}</text>`), `log x tick ${t}, one label style`);
    } finally {
      setWarningSink(prev);
    }
  });
});
