/**
 * Every plot kind rendered once, saved as SVG and PNG into os.tmpdir()/hepml-plots, and checked for real
 * properties: well-formed SVG, the number of marks, axis titles and legend labels, PNG header and size,
 * and the synchronous render equal to vega's own asynchronous `view.toSVG()`.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  Figure, plotBar, plotConfusion, plotCorrelation, plotCorrelationPanels, plotHistograms, plotHistory, plotImage, plotImageGrid,
  plotLine, plotRoc, plotScoreOverlay, plotSignificance,
} from '../../lib/plots';
import { setWarningSink, type WarningSink } from '../../lib/errors';
import { OUT_DIR, normal, rng, scores, toyJetImage, toyRoc } from './fixtures';

/** Minimal XML well-formedness: every opened tag closes in order. */
function assertWellFormed(svg: string): void {
  assert.match(svg, /^<svg [^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  const stack: string[] = [];
  for (const m of svg.matchAll(/<(\/?)([a-zA-Z][\w:-]*)[^>]*?(\/?)>/g)) {
    if (m[1]) assert.equal(stack.pop(), m[2], `closing </${m[2]}> matches its opening tag`);
    else if (!m[3]) stack.push(m[2]);
  }
  assert.deepEqual(stack, [], 'all tags closed');
}

const count = (svg: string, re: RegExp): number => (svg.match(re) ?? []).length;
/** Number of drawn items of a kind (vega's aria role: 'line mark', 'rect mark', 'point', 'bar', 'tick', ...). */
const marks = (svg: string, kind: string): number => count(svg, new RegExp(`role="graphics-symbol" aria-roledescription="${kind}( mark)?"`, 'g'));
/** The text of every `<text>` element, its subscript `<tspan>`s joined back in (`ε_S` is drawn as ε + a shifted S). */
const texts = (svg: string): string[] => [...svg.matchAll(/<text[^>]*>([\s\S]*?)<\/text>/g)].map((m) => m[1].replace(/<[^>]+>/g, ''));
const escapeXml = (t: string): string => t.replace(/&/g, '&amp;').replace(/</g, '&lt;');
/** True when some text element reads `text` (write a subscript without its underscore: 'signal efficiency εS'). */
const hasText = (svg: string, text: string): boolean => texts(svg).includes(escapeXml(text));
/** True when `sub` is drawn as a subscript (a smaller tspan moved down). */
const hasSubscript = (svg: string, sub: string): boolean => new RegExp(`<tspan dy="[\\d.]+" font-size="[\\d.]+px">${sub}</tspan>`).test(svg);

function svgSize(svg: string): [number, number] {
  const m = /^<svg [^>]*width="(\d+(?:\.\d+)?)" height="(\d+(?:\.\d+)?)"/.exec(svg);
  assert.ok(m, 'svg has width and height');
  return [Number(m[1]), Number(m[2])];
}

/** Renders, saves SVG and PNG, checks both files and sync == async; returns the SVG. */
async function renderAndSave(fig: Figure, name: string): Promise<string> {
  const svg = fig.toSVG();
  assertWellFormed(svg);
  assert.equal(await fig.render(), svg, 'synchronous render equals await view.toSVG()');
  fs.mkdirSync(OUT_DIR, { recursive: true });
  fig.save(path.join(OUT_DIR, `${name}.svg`));
  fig.save(path.join(OUT_DIR, `${name}.png`), { scale: 2 });
  assert.equal(fs.readFileSync(path.join(OUT_DIR, `${name}.svg`), 'utf8'), svg);
  const png = fs.readFileSync(path.join(OUT_DIR, `${name}.png`));
  assert.deepEqual([...png.subarray(0, 8)], [137, 80, 78, 71, 13, 10, 26, 10], 'PNG signature');
  const [w, h] = svgSize(svg);
  assert.equal(png.readUInt32BE(16), Math.ceil(w * 2), 'PNG width = 2 x SVG width');
  assert.equal(png.readUInt32BE(20), Math.ceil(h * 2), 'PNG height = 2 x SVG height');
  const bundle = fig.toMimeBundle();
  assert.equal(bundle['image/svg+xml'], svg);
  assert.equal(typeof bundle['text/plain'], 'string');
  return svg;
}

describe('plots: every figure kind', function () {
  this.timeout(60000);
  // Vega-Lite's warnings reach students as red "hepml warning" lines under the figure: none is allowed.
  let warnings: string[] = [];
  let previous: WarningSink;
  beforeEach(() => {
    warnings = [];
    previous = setWarningSink((m) => warnings.push(m));
  });
  afterEach(function () {
    setWarningSink(previous);
    if (this.currentTest?.state === 'passed') assert.deepEqual(warnings, [], 'no warnings while building and rendering the figures');
  });
  const sig = normal(100000, 125, 12, 1);
  const bkg = normal(100000, 100, 35, 2);

  it('plotHistograms: normalised sig/bkg overlay from 100k raw values', async () => {
    const fig = plotHistograms({ series: [{ label: 'signal', values: sig }, { label: 'background', values: bkg }], bins: 50, range: [0, 250], density: true, xLabel: 'm_jj [GeV]', title: 'Invariant mass' });
    const svg = await renderAndSave(fig, 'histograms-density');
    assert.equal(marks(svg, 'line'), 2, 'one outline per series');
    assert.equal(marks(svg, 'area'), 2, 'one fill per series');
    for (const t of ['signal', 'background', 'mjj [GeV]', 'fraction / bin width', 'Invariant mass']) assert.ok(hasText(svg, t), `shows "${t}"`);
    assert.ok(hasSubscript(svg, 'jj'), 'm_jj drawn with a subscript');
    const rows = (fig.spec.data as { values: unknown[] }).values.length;
    assert.equal(rows, 2 * (50 + 3), 'Vega sees one row per bin edge, not 200k events');
    assert.equal(fig.title, '<Figure: Invariant mass>');
  });

  it('plotHistograms: weighted, log y, error bars', async () => {
    const w = new Float32Array(bkg.length).fill(0.25);
    const fig = plotHistograms({ series: [{ label: 'signal', values: sig.subarray(0, 3000) }, { label: 'background', values: bkg, weights: w }], bins: 40, range: [0, 250], logY: true, errorBars: true, xLabel: 'm [GeV]' });
    const svg = await renderAndSave(fig, 'histograms-weighted-log');
    assert.ok(marks(svg, 'rule') > 40, 'error bars drawn');
    assert.ok(hasText(svg, 'weighted events / bin'));
    // 0.1 to 10⁵: beyond plain numbers, so every decade is a power of ten (no mix of 1000 and 1e4).
    for (const t of ['10⁻¹', '1', '10', '10²', '10³', '10⁴', '10⁵']) assert.ok(hasText(svg, t), `decade label ${t} on the log axis`);
    assert.ok(!hasText(svg, '1000') && !hasText(svg, '1e4'), 'one label style per axis');
  });

  it('plotScoreOverlay: train areas, test points with errors, KS p-values', async () => {
    const fig = plotScoreOverlay({ trainSig: scores(20000, 1, 3), trainBkg: scores(20000, -1, 4), testSig: scores(5000, 1, 5), testBkg: scores(5000, -1, 6), bins: 30, range: [0, 1], ksPValues: { signal: 0.42, background: 0.031 } });
    const svg = await renderAndSave(fig, 'score-overlay');
    assert.equal(marks(svg, 'area'), 2);
    assert.ok(marks(svg, 'point') >= 55 && marks(svg, 'point') <= 60, `test points (${marks(svg, 'point')})`);
    for (const t of ['signal (train)', 'background (train)', 'signal (test)', 'background (test)', 'classifier score']) assert.ok(hasText(svg, t), t);
    assert.ok(svg.includes('KS p-value'));
  });

  it('plotRoc: TPR vs FPR and rejection vs efficiency on log y, thinned', async () => {
    const a = toyRoc(scores(20000, 1.2, 7), scores(20000, -1.2, 8));
    const b = toyRoc(scores(20000, 0.6, 9), scores(20000, -0.6, 10));
    const curves = [{ label: 'DNN', ...a }, { label: 'BDT', ...b }];
    const svg1 = await renderAndSave(plotRoc({ curves, title: 'ROC' }), 'roc');
    assert.equal(marks(svg1, 'line'), 3, 'two curves and the diagonal');
    assert.ok(hasText(svg1, `DNN (AUC = ${a.auc.toFixed(3)})`));
    const fig = plotRoc({ curves, kind: 'rejection' });
    const rows = ((fig.spec.layer as { data: { values: unknown[] } }[])[1].data.values).length;
    assert.ok(rows <= 2 * 602, `curves thinned to <= 600 points each (${rows})`);
    const svg2 = await renderAndSave(fig, 'roc-rejection');
    assert.ok(hasText(svg2, 'background rejection 1/εB') && hasText(svg2, 'signal efficiency εS'));
    assert.ok(hasSubscript(svg2, 'B') && hasSubscript(svg2, 'S') && !texts(svg2).some((t) => t.includes('ε_')), 'ε_B and ε_S drawn with subscripts, no underscores');
    assert.ok(hasText(svg2, '10²') && hasText(svg2, '10⁴'), 'log axis labelled at decades, as powers of ten');
  });

  it('plotHistory: loss and accuracy panels', async () => {
    const loss = Array.from({ length: 20 }, (_, i) => 0.7 * Math.exp(-i / 6) + 0.2);
    const history = { loss, val_loss: loss.map((v, i) => v + 0.002 * i), accuracy: loss.map((v) => 1 - v), val_accuracy: loss.map((v) => 0.98 - v) };
    const svg = await renderAndSave(plotHistory({ history }), 'history');
    assert.equal(marks(svg, 'line'), 4);
    for (const t of ['loss', 'accuracy', 'epoch', 'training', 'validation']) assert.ok(hasText(svg, t), t);
  });

  it('plotCorrelation and plotCorrelationPanels: heatmaps with values', async () => {
    const names = ['m_jj', 'pT_H', 'Δη_jj', 'MET', 'n_jets'];
    const r = rng(11);
    const corr = (s: number) => names.map((_, i) => names.map((__, j) => (i === j ? 1 : Number(((r() - 0.5) * s).toFixed(2)))));
    const svg1 = await renderAndSave(plotCorrelation({ matrix: corr(1.6), names, title: 'signal' }), 'correlation');
    assert.equal(marks(svg1, 'rect'), 25);
    assert.equal(marks(svg1, 'text'), 25);
    assert.ok(hasText(svg1, '1.00') && hasText(svg1, 'Δηjj'));
    const svg2 = await renderAndSave(plotCorrelationPanels({ signal: corr(1.6), background: corr(1.0), names }), 'correlation-panels');
    assert.equal(marks(svg2, 'rect'), 75);
    assert.ok(hasText(svg2, 'signal − background'));
  });

  it('plotImage and plotImageGrid: jet images with a log colour scale', async () => {
    const top = toyJetImage(12, 3);
    const svg1 = await renderAndSave(plotImage({ image: top, title: 'one top jet' }), 'jet-image');
    const nonZero = top.filter((v) => v > 0).length;
    assert.equal(marks(svg1, 'rect'), nonZero, 'one rect per non-empty pixel');
    assert.ok(hasText(svg1, 'Δη [pixel]') && hasText(svg1, 'Δφ [pixel]') && hasText(svg1, 'pixel pT [GeV]'));
    const mean = (prongs: number) => {
      const m = new Float32Array(1600);
      for (let k = 0; k < 50; k++) toyJetImage(100 + k, prongs).forEach((v, i) => (m[i] += v / 50));
      return m;
    };
    const svg2 = await renderAndSave(plotImageGrid({ images: [{ image: mean(3), title: 'top (mean)' }, { image: mean(1), title: 'QCD (mean)' }] }), 'jet-image-grid');
    assert.ok(hasText(svg2, 'top (mean)') && hasText(svg2, 'QCD (mean)'));
    assert.equal(count(svg2, /role-legend"/g), 2, 'independent colour scales: one legend per image');
    // One colour scale for both (notebook 05's class means): one colour bar, its ticks over the joint range.
    const svg3 = await renderAndSave(plotImageGrid({ images: [{ image: mean(3), title: 'top (mean)' }, { image: mean(1), title: 'QCD (mean)' }], sharedScale: true }), 'jet-image-grid-shared');
    assert.equal(count(svg3, /role-legend"/g), 1, 'shared colour scale: one legend');
  });

  it('plotConfusion: normalised by true class', async () => {
    const classes = ['VH', 'ggF', 'VBF'];
    const fig = plotConfusion({ matrix: [[80, 15, 5], [10, 70, 20], [5, 25, 70]], classes });
    const svg = await renderAndSave(fig, 'confusion');
    assert.equal(marks(svg, 'rect'), 9);
    assert.ok(hasText(svg, '0.80') && hasText(svg, '0.70') && hasText(svg, 'predicted class'));
    const raw = await renderAndSave(plotConfusion({ matrix: [[80, 15, 5], [10, 70, 20], [5, 25, 70]], classes, normalize: 'none' }), 'confusion-counts');
    assert.ok(hasText(raw, '80') && hasText(raw, '25'));
  });

  it('plotSignificance: Z0 per step and the edges of each step', async () => {
    const edges = [[0.2, 1], [0.2, 0.6, 1], [0.2, 0.6, 0.85, 1], [0.2, 0.45, 0.6, 0.85, 1]];
    const svg = await renderAndSave(plotSignificance({ z0: [1.9, 2.4, 2.7, 2.75], edges }), 'significance');
    assert.equal(marks(svg, 'point'), 4);
    assert.equal(marks(svg, 'tick'), 2 + 3 + 4 + 5);
    assert.ok(hasText(svg, 'Asimov significance Z0'));
  });

  it('plotLine and plotBar: AMS scan and feature importances', async () => {
    const x = Array.from({ length: 100 }, (_, i) => i / 100);
    const ams = x.map((t) => 3.4 * Math.exp(-((t - 0.82) ** 2) / 0.02));
    const svgL = await renderAndSave(plotLine({ x, series: [{ label: 'AMS', y: ams }], xLabel: 'score threshold', markX: 0.82 }), 'line');
    assert.equal(marks(svgL, 'line'), 1);
    assert.equal(marks(svgL, 'rule'), 1);
    const labels = ['DER_mass_MMC', 'DER_mass_transverse_met_lep', 'PRI_tau_pt', 'DER_met_phi_centrality', 'PRI_jet_num'];
    const svgB = await renderAndSave(plotBar({ labels, values: [0.31, 0.22, 0.18, 0.12, 0.04], errors: [0.02, 0.02, 0.01, 0.01, 0.005], valueLabel: 'importance' }), 'bar');
    assert.equal(marks(svgB, 'bar'), 5);
    assert.ok(labels.every((l) => hasText(svgB, l)));
  });

  it('plotBar: about one value label per 70 px (an importance axis up to 0.26 had 14 labels running into each other)', async () => {
    const svg = await renderAndSave(plotBar({ labels: ['a', 'b', 'c', 'd', 'e'], values: [0.25, 0.205, 0.143, 0.098, 0.05], valueLabel: 'gain importance (sum = 1)' }), 'bar-ticks');
    const ticks = texts(svg).filter((t) => /^0\.\d+$/.test(t) || t === '0');
    assert.ok(ticks.length >= 3 && ticks.length <= 7, `value labels: ${ticks.join(' ')}`);
  });
});
