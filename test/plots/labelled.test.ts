/**
 * The plot entry points that take values with labels (and weights): they must draw exactly what the
 * pre-split forms draw, and the new figure kinds (feature grid, AMS scan, marked history) must show what
 * they promise: every correlation label, one bin per integer, the exact AMS maximum, legends above the data.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  axisLabel, plotAmsScan, plotClassHistograms, plotCorrelationPanels, plotFeatureGrid, plotHistograms, plotHistory, plotLine, plotRoc, plotScoreOverlay,
} from '../../lib/plots';
import { amsScan } from '../../lib/metrics';
import { matrix } from '../../lib/data/matrix';
import { HepmlError } from '../../lib/errors';
import { OUT_DIR, normal, rng, scores } from './fixtures';

/** Visible texts (vega keeps labels hidden by overlap removal with opacity="0"). */
const texts = (svg: string): string[] => [...svg.matchAll(/<text([^>]*)>([^<]*)<\/text>/g)].filter((m) => !/opacity="0"/.test(m[1])).map((m) => m[2]);
type Layer = { data?: { values: Record<string, unknown>[] }; encoding?: Record<string, { axis?: Record<string, unknown>; legend?: Record<string, unknown> }> };

function toy(n: number, seed: number): { values: Float32Array; labels: Int32Array; weights: Float64Array } {
  const r = rng(seed);
  const labels = Int32Array.from({ length: n }, () => (r() < 0.4 ? 1 : 0));
  const s = normal(n, 1, 1, seed + 1), b = normal(n, 0, 1.5, seed + 2);
  const values = Float32Array.from(labels, (l, i) => (l === 1 ? s[i] : b[i]));
  const weights = Float64Array.from(labels, () => 0.5 + r());
  return { values, labels, weights };
}

describe('plots: values with labels', () => {
  before(() => fs.mkdirSync(OUT_DIR, { recursive: true }));

  it('plotClassHistograms draws what plotHistograms draws on the split values', () => {
    const { values, labels, weights } = toy(5000, 3);
    const sig = values.filter((_, i) => labels[i] === 1), bkg = values.filter((_, i) => labels[i] === 0);
    const wSig = weights.filter((_, i) => labels[i] === 1), wBkg = weights.filter((_, i) => labels[i] === 0);
    const a = plotClassHistograms({ values, labels, weights, bins: 20, density: true, xLabel: 'm [GeV]' });
    const b = plotHistograms({ series: [{ label: 'signal', values: sig, weights: wSig }, { label: 'background', values: bkg, weights: wBkg }], bins: 20, density: true, xLabel: 'm [GeV]' });
    assert.deepEqual(a.spec.data, b.spec.data, 'the same binned series');
    // signal = 0 swaps the roles
    const swapped = plotClassHistograms({ values, labels, weights, signal: 0, bins: 20, density: true, xLabel: 'm [GeV]' });
    assert.notDeepEqual(swapped.spec, a.spec);
  });

  it('plotClassHistograms: exclude drops the sentinel, and missing labels are a clear error', () => {
    const values = Float32Array.from([1, 2, -999, 3, -999, 4]);
    const labels = Int32Array.from([1, 0, 1, 0, 1, 0]);
    const fig = plotClassHistograms({ values, labels, exclude: -999, bins: 3 });
    const xs = ((fig.spec.data as { values: { x: number }[] }).values).map((r) => r.x);
    assert.ok(Math.min(...xs) >= 1, 'no bin starts at -999');
    assert.throws(() => plotClassHistograms({ values, labels: undefined, bins: 3 }), (e: unknown) => e instanceof HepmlError && /labels: expected one class label per value/.test((e as Error).message));
    assert.throws(() => plotClassHistograms({ values, labels: Int32Array.from([1, 0]), bins: 3 }), HepmlError);
  });

  it("bins: 'integer' gives one bin per integer, centred on it", () => {
    const values = Int32Array.from([0, 0, 1, 2, 2, 2, 5]);
    const fig = plotHistograms({ series: [{ label: 'jets', values }], bins: 'integer', xLabel: 'number of jets' });
    const outline = (fig.spec.data as { values: { x: number; edge?: number }[] }).values.filter((r) => !r.edge).map((r) => r.x);
    assert.deepEqual(outline, [-0.5, 0.5, 1.5, 2.5, 3.5, 4.5, 5.5].slice(0, 6).concat([5.5]));
    const x = ((fig.spec.layer as Layer[])[0].encoding as Record<string, { scale: { domain: number[] } }>).x.scale.domain;
    assert.deepEqual(x, [-0.5, 5.5]);
  });

  it('plotScoreOverlay: { train, test } with labels equals the four pre-split samples', () => {
    const sTr = scores(3000, 0.5, 1), sTe = scores(1000, 0.5, 2);
    const yTr = Int32Array.from(sTr, (v) => (v > 0.6 ? 1 : 0)), yTe = Int32Array.from(sTe, (v) => (v > 0.6 ? 1 : 0));
    const pick = (s: Float32Array, y: Int32Array, c: number) => s.filter((_, i) => y[i] === c);
    const a = plotScoreOverlay({ train: { scores: sTr, labels: yTr }, test: { scores: sTe, labels: yTe }, bins: 25 });
    const b = plotScoreOverlay({ trainSig: pick(sTr, yTr, 1), trainBkg: pick(sTr, yTr, 0), testSig: pick(sTe, yTe, 1), testBkg: pick(sTe, yTe, 0), bins: 25 });
    assert.equal(JSON.stringify(a.spec), JSON.stringify(b.spec));
    assert.throws(() => plotScoreOverlay({ train: { scores: sTr, labels: yTr }, bins: 25 }), /both train and test/);
  });

  it('legends sit above the plot, off the data (histograms, ROC, score overlay)', () => {
    const { values, labels } = toy(2000, 5);
    const figs = [plotClassHistograms({ values, labels }), plotRoc({ curves: [{ label: 'x', fpr: [0, 0.5, 1], tpr: [0, 0.8, 1] }] })];
    for (const f of figs) {
      const enc = JSON.stringify(f.spec);
      assert.match(enc, /"legend":\{"orient":"top"/);
      assert.doesNotMatch(enc, /top-right|bottom-right/);
    }
  });

  it('plotCorrelationPanels labels every variable on both axes', () => {
    const names = ['met_et', 'met_phi', 'lep_pt_0', 'lep_pt_1', 'lep_eta_0', 'lep_eta_1', 'lep_phi_0', 'lep_phi_1', 'jet_n', 'jet_pt_0'];
    const n = names.length;
    const eye = Float64Array.from({ length: n * n }, (_, k) => (k % (n + 1) === 0 ? 1 : 0.1));
    const fig = plotCorrelationPanels({ signal: eye, background: eye, names });
    const svg = fig.toSVG();
    fig.save(path.join(OUT_DIR, 'correlation-all-labels.png'));
    const t = texts(svg);
    for (const name of names) assert.equal(t.filter((s) => s === name).length, 6, `${name}: on x and y of all three panels`);
  });

  it('axisLabel reads the unit from the schema', () => {
    const ds = { schema: [{ name: 'lep_pt_0', unit: 'GeV' }, { name: 'lep_eta_0' }] };
    assert.equal(axisLabel(ds, 'lep_pt_0'), 'lep_pt_0 [GeV]');
    assert.equal(axisLabel(ds, 'lep_eta_0'), 'lep_eta_0');
    assert.equal(axisLabel(ds, 'lep_pt_0', 'leading lepton p_T'), 'leading lepton p_T [GeV]');
  });

  it('plotFeatureGrid: one panel per feature, sentinels left out, counts binned per integer, one legend', () => {
    const rows = 4000, r = rng(9);
    const data = new Float32Array(rows * 3);
    const labels = new Int32Array(rows);
    for (let i = 0; i < rows; i++) {
      labels[i] = r() < 0.5 ? 1 : 0;
      data[i * 3] = labels[i] + r();
      data[i * 3 + 1] = r() < 0.3 ? -999 : 50 + 20 * r();
      data[i * 3 + 2] = Math.floor(r() * 4);
    }
    const fig = plotFeatureGrid({ x: matrix(data, rows, 3, ['a', 'b [GeV]', 'n']), labels, exclude: -999, columns: 2 });
    const panels = fig.spec.concat as { data: { values: { x: number }[] } }[];
    assert.equal(panels.length, 3);
    assert.ok(Math.min(...panels[1].data.values.map((v) => v.x)) >= 50, 'the −999 entries are not binned');
    assert.deepEqual([...new Set(panels[2].data.values.map((v) => v.x))].sort((a, b) => a - b), [-0.5, 0.5, 1.5, 2.5, 3.5]);
    const svg = fig.toSVG();
    fig.save(path.join(OUT_DIR, 'feature-grid.png'));
    const t = texts(svg);
    assert.equal(t.filter((s) => s === 'signal').length, 1, 'one shared legend');
    for (const name of ['a', 'b [GeV]', 'n']) assert.ok(t.includes(name), name);
    assert.throws(() => plotFeatureGrid({ x: matrix(data, rows, 3), labels, names: ['a'] }), /3 names/);
  });

  it('plotFeatureGrid: a long tail gets the central 99 % with the overflow counted in the last bin, no event dropped', () => {
    const rows = 20000, r = rng(12);
    const data = new Float32Array(rows);
    const labels = new Int32Array(rows);
    for (let i = 0; i < rows; i++) {
      labels[i] = i % 2;
      data[i] = 20 - 30 * Math.log(1 - r()) + (i % 1000 === 0 ? 5000 : 0);   // pT-like: a threshold at 20 and a far tail
    }
    const x = matrix(data, rows, 1, ['pT [GeV]']);
    const panel = (fig: ReturnType<typeof plotFeatureGrid>) => (fig.spec.concat as { layer: Layer[] }[])[0];
    const domain = (fig: ReturnType<typeof plotFeatureGrid>) => (panel(fig).layer[0].encoding!.x as unknown as { scale: { domain: number[] } }).scale.domain;
    const central = plotFeatureGrid({ x, labels });
    const [lo, hi] = domain(central);
    assert.ok(Math.abs(lo - 20) < 0.01, `the threshold at 20 stays the left edge (${lo})`);
    assert.ok(hi > 150 && hi < 400, `the right edge near the 99.5 % quantile, not the 5000 GeV tail (${hi})`);
    // Unit area per class: every event is in some bin (the 20 far-tail ones in the last).
    const outline = (panel(central) as unknown as { data: { values: Record<string, unknown>[] } }).data.values.filter((v) => v.series === 'signal' && v.edge === undefined) as { k: number; x: number; y: number }[];
    outline.sort((a, b) => a.k - b.k);
    const edges = [...outline.map((v) => v.x)];
    let area = 0;
    for (let b = 0; b + 1 < edges.length; b++) area += outline[b].y * (edges[b + 1] - edges[b]);
    assert.ok(Math.abs(area - 1) < 0.01, `signal area ${area}`);
    const note = central.spec.title as { text?: string };
    assert.match(String(note?.text), /under- and overflow/, 'the figure says so');
    assert.match(String((plotFeatureGrid({ x, labels, title: 'inputs' }).spec.title as { subtitle?: string }).subtitle), /under- and overflow/);
    const [, fullHi] = domain(plotFeatureGrid({ x, labels, range: 'full' }));
    assert.ok(fullHi > 5000, `range 'full' reaches the maximum (${fullHi})`);
  });

  it('plotAmsScan: the curve reaches the exact maximum of the scan, inside a zoomed range', () => {
    const n = 20000, r = rng(4);
    const y = Int32Array.from({ length: n }, () => (r() < 0.3 ? 1 : 0));
    const s = Float32Array.from(y, (l) => 1 / (1 + Math.exp(-(l ? 1.5 : -0.5) - 1.2 * Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r()))));
    const w = Float64Array.from(y, (l) => (l ? 0.01 : 2));
    const scan = amsScan(y, s, w);
    const fig = plotAmsScan({ scans: [{ label: 'toy', scan }] });
    fig.save(path.join(OUT_DIR, 'ams-scan.png'));
    const [line, best] = fig.spec.layer as Layer[];
    const ys = (line.data?.values ?? []).map((v) => v.y as number);
    assert.ok(Math.abs(Math.max(...ys) - scan.best.ams) < 1e-5 * scan.best.ams, 'the plotted maximum is the table value');
    assert.deepEqual((best.data?.values ?? []).map((v) => v.y), [Number(scan.best.ams.toPrecision(6))]);
    const domain = ((line.encoding as Record<string, { scale: { domain: number[] } }>).x).scale.domain;
    assert.ok(domain[0] > scan.thresholds[scan.thresholds.length - 1] - 1e-9 && domain[1] <= scan.thresholds[0] + 1e-9, 'within the scores');
    assert.ok(domain[0] <= scan.best.threshold && scan.best.threshold <= domain[1]);
    assert.ok(texts(fig.toSVG()).some((t) => t.startsWith('toy (best AMS')), 'the legend quotes the maximum');
    assert.throws(() => plotAmsScan({ scans: [] }), HepmlError);
  });

  it('plotHistory: markEpoch draws a rule and its label in every panel', () => {
    const history = { loss: [0.6, 0.5, 0.45, 0.47], val_loss: [0.62, 0.52, 0.5, 0.55], accuracy: [0.6, 0.7, 0.75, 0.76], val_accuracy: [0.6, 0.68, 0.7, 0.69] };
    const fig = plotHistory({ history, markEpoch: 3 });
    const t = texts(fig.toSVG());
    assert.equal(t.filter((s) => s === 'best epoch 3').length, 2);
    fig.save(path.join(OUT_DIR, 'history-marked.png'));
  });
});

describe('plots: integer x axes', () => {
  it('plotLine over epochs or numbers of trees ticks only at integers', () => {
    const fig = plotLine({ x: [1, 2, 3, 4], series: [{ label: 'a', y: [0.5, 0.4, 0.41, 0.39] }, { label: 'b', y: [0.6, 0.5, 0.45, 0.44] }], xLabel: 'epoch' });
    const t = texts(fig.toSVG());
    assert.ok(t.includes('1') && t.includes('4'));
    assert.ok(!t.some((s) => /^\d\.\d$/.test(s)), `no fractional epoch ticks: ${t.join(' ')}`);
    const frac = plotLine({ x: [0.1, 0.2, 0.3], series: [{ label: 'a', y: [1, 2, 3] }] });
    assert.ok(texts(frac.toSVG()).some((s) => /^0\.\d+$/.test(s)), 'fractional x keeps its ticks');
  });
});
