/**
 * The plot machinery: synchronous rendering vs vega's async path, the private binning against a slow
 * obvious version, font metrics, SVG id scoping, tables, and bad input.
 */
import { strict as assert } from 'node:assert';
import { HepmlError } from '../../lib/errors';
import { Figure, plotHistograms, plotRoc, plotImage, plotBar, renderSvg, renderSvgAsync, scopeSvgIds, table } from '../../lib/plots';
import { fillBins, resolveEdges } from '../../lib/plots/bins';
import { measureTextWidth } from '../../lib/plots/text-metrics';
import { vegaRuntime } from '../../lib/plots/runtime';
import { normal, rng } from './fixtures';

describe('plots: rendering core', function () {
  this.timeout(30000);

  it('renders synchronously, identical to await view.toSVG() (no id scoping involved)', async () => {
    const spec = { width: 200, height: 100, data: { values: [{ a: 1, b: 2 }, { a: 2, b: 5 }, { a: 3, b: 1 }] }, mark: 'line', encoding: { x: { field: 'a', type: 'quantitative' }, y: { field: 'b', type: 'quantitative' } } };
    const sync = renderSvg(spec);
    assert.ok(!/\sid="/.test(sync), 'this spec has no ids, so the raw outputs must agree byte for byte');
    assert.equal(sync, await renderSvgAsync(spec));
    assert.match(sync, /^<svg /);
  });

  it('loads vega from its UMD bundles once and replaces the 0.8-em text estimate', () => {
    const a = vegaRuntime();
    assert.equal(vegaRuntime(), a, 'cached');
    assert.match(a.vega.version, /^6\./);
    assert.match(a.vegaLite.version, /^6\./);
    assert.equal(a.vega.textMetrics.width, measureTextWidth);
  });

  it('measures text with Helvetica/Arial advance widths', () => {
    // "Hello": H 722 + e 556 + l 222 + l 222 + o 556 = 2278/1000 em, plus 10 % room for a fallback font.
    assert.ok(Math.abs(measureTextWidth({ fontSize: 10 }, 'Hello') - 22.78 * 1.1) < 1e-9);
    assert.equal(measureTextWidth({ fontSize: 10, limit: 5 }, 'Hello'), 5);
    assert.equal(measureTextWidth({}, ''), 0);
  });

  it('scopes SVG ids deterministically, rewriting every reference', () => {
    const svg = '<svg><clipPath id="clip7"><rect/></clipPath><g clip-path="url(#clip7)"/><linearGradient id="gradient_3"/><path fill="url(#gradient_3)"/></svg>';
    const a = scopeSvgIds(svg);
    const b = scopeSvgIds(svg.replace(/gradient_3/g, 'gradient_9'));
    assert.equal(a, b, "vega's global gradient counter does not change the output");
    const ids = [...a.matchAll(/id="([^"]+)"/g)].map((m) => m[1]);
    assert.equal(ids.length, 2);
    for (const id of ids) assert.ok(a.includes(`url(#${id})`), `reference to ${id} rewritten`);
    assert.ok(!a.includes('clip7'));
  });

  it('bins like a slow obvious loop (uniform and variable edges, weights, clip)', () => {
    const values = normal(5000, 0, 1, 21);
    const r = rng(22);
    const weights = Float64Array.from(values, () => r() * 2);
    for (const bins of [17, [-3, -1, -0.2, 0, 0.5, 2.5]]) {
      const edges = resolveEdges(bins, bins === 17 ? [-2, 2] : undefined, [values], 't');
      for (const clip of [false, true]) {
        const fast = fillBins(edges, values, weights, clip);
        const n = edges.length - 1;
        const sumw = new Float64Array(n);
        const sumw2 = new Float64Array(n);
        for (let i = 0; i < values.length; i++) {
          let b = -1;
          for (let k = 0; k < n; k++) if (values[i] >= edges[k] && (values[i] < edges[k + 1] || (k === n - 1 && values[i] === edges[n]))) b = k;
          if (b < 0 && clip) b = values[i] < edges[0] ? 0 : n - 1;
          if (b < 0) continue;
          sumw[b] += weights[i];
          sumw2[b] += weights[i] ** 2;
        }
        for (let k = 0; k < n; k++) {
          assert.ok(Math.abs(fast.sumw[k] - sumw[k]) < 1e-9, `sumw bin ${k}`);
          assert.ok(Math.abs(fast.sumw2[k] - sumw2[k]) < 1e-9, `sumw2 bin ${k}`);
        }
      }
    }
  });

  it('normalised histograms have unit area', () => {
    const fig = plotHistograms({ series: [{ label: 's', values: normal(1000, 0, 1, 3) }], bins: [-5, -1, 0, 0.5, 5], density: true });
    const rows = (fig.spec.data as { values: { k: number; x: number; y: number; edge?: number }[] }).values.filter((r) => !r.edge);
    let area = 0;
    for (let i = 0; i + 1 < rows.length; i++) area += rows[i].y * (rows[i + 1].x - rows[i].x);
    assert.ok(Math.abs(area - 1) < 1e-4, `area ${area}`);
  });

  it('Figure merges the theme per config group and serialises to its spec', () => {
    const fig = new Figure({ mark: 'point', data: { values: [{ x: 1 }] }, encoding: { x: { field: 'x', type: 'quantitative' } }, config: { axis: { grid: false } } });
    const axis = (fig.spec.config as { axis: Record<string, unknown> }).axis;
    assert.equal(axis.grid, false);
    assert.equal(axis.labelFontSize, 12, 'theme values kept');
    assert.equal(JSON.parse(JSON.stringify(fig)).mark, 'point');
    assert.equal(fig.title, '<Figure>');
  });

  it('rejects bad input with HepmlErrors naming the option', () => {
    const bad: [() => unknown, RegExp][] = [
      [() => plotHistograms({ series: [{ label: 's', values: [1, NaN, 3] }] }), /plotHistograms\.series\[0\]\.values: expected finite numbers, found NaN at index 1/],
      [() => plotHistograms({ series: [{ label: 's', values: [1, 2], weights: [1] }] }), /series\[0\]\.weights: expected the same length/],
      [() => plotHistograms({ series: [] }), /plotHistograms\.series/],
      [() => plotHistograms({ series: [{ label: 's', values: [1] }], bins: [0, 1, 1] }), /strictly increasing/],
      [() => plotRoc({ curves: [{ label: 'a', fpr: [0, 1], tpr: [0] }] }), /curves\[0\]\.tpr: expected the same length/],
      [() => plotRoc({ curves: [{ label: 'a', fpr: [0, 1], tpr: [0, 1] }], kind: 'pr' as 'rejection' }), /plotRoc\.kind/],
      [() => plotImage({ image: new Float32Array(100) }), /1600 pixels/],
      [() => plotBar({ labels: ['a', 'b'], values: [1] }), /plotBar\.values/],
      [() => new Figure({ mark: 'point' }).save('/tmp/x.pdf'), /\.svg or \.png/],
      [() => new Figure({ mark: 'point' }).toPNG({ scale: 0 }), /scale/],
      [() => table({ a: [1, 2], b: [1] }), /table\.b: expected 2 values/],
    ];
    for (const [fn, re] of bad) assert.throws(fn, (e: unknown) => e instanceof HepmlError && re.test(e.message));
  });
});

describe('plots: table', () => {
  it('formats columns as aligned text and clean HTML', () => {
    const t = table({ model: ['BDT', 'DNN <deep>'], auc: [0.912345, 0.93], events: [1000, 25] }, { digits: 3, caption: 'Results' });
    const plain = t.toMimeBundle()['text/plain'] as string;
    assert.equal(plain, ['Results', 'model         auc  events', '----------  -----  ------', 'BDT         0.912    1000', 'DNN <deep>   0.93      25'].join('\n'));
    const html = t.toMimeBundle()['text/html'] as string;
    assert.match(html, /^<table/);
    assert.ok(html.includes('DNN &lt;deep&gt;'), 'escaped');
    assert.equal((html.match(/<tr>/g) ?? []).length, 3);
    assert.ok(html.includes('text-align:right'), 'numbers right-aligned');
  });

  it('accepts rows and typed arrays, prints NaN and small numbers readably', () => {
    const rows = table([{ a: 1, b: 'x' }, { a: NaN, c: 1.5e-5 }]);
    assert.deepEqual(rows.columns, ['a', 'b', 'c']);
    assert.deepEqual(rows.cells, [['1', 'x', ''], ['NaN', '', '1.500e-5']]);
    const typed = table({ x: new Float32Array([0.5, 0.25]) });
    assert.deepEqual(typed.cells, [['0.5'], ['0.25']]);
  });
});
