import { strict as assert } from 'node:assert';
import { logAxis, logTickLabels, logTicks } from '../../lib/plots/axes';
import { splitSubscripts, svgSubscripts } from '../../lib/plots/subscripts';

describe('plots: log-axis labels and subscripts', function () {
  it('a log axis has one label style: plain numbers within 0.001-9999, powers of ten beyond', () => {
    assert.deepEqual(logTickLabels(logTicks(0.01, 100)), ['0.01', '0.1', '1', '10', '100']);
    assert.deepEqual(logTickLabels(logTicks(1, 1e5)), ['1', '10', '10²', '10³', '10⁴', '10⁵']);
    assert.deepEqual(logTickLabels(logTicks(1e-4, 1)), ['10⁻⁴', '10⁻³', '10⁻²', '10⁻¹', '1']);
    // Few decades get 2 and 5 between them; 2×10⁴ is not labelled "1e4" (the old rounding of log10).
    assert.deepEqual(logTickLabels(logTicks(1e4, 1e5)), ['10⁴', '2×10⁴', '5×10⁴', '10⁵']);
    const axis = logAxis(1, 1e5);
    assert.deepEqual(axis.values, [1, 10, 100, 1000, 10000, 100000]);
    assert.match(String(axis.labelExpr), /indexof\(\[1,10,100,1000,10000,100000\], datum.value\)/);
  });

  it('physics subscripts (ε_S, Δη_jj, p_T, x_{lead}) become shifted tspans; column names keep their underscores', () => {
    assert.deepEqual(splitSubscripts('signal efficiency ε_S'), [{ text: 'signal efficiency ε', sub: false }, { text: 'S', sub: true }]);
    assert.deepEqual(splitSubscripts('p_T [GeV]').map((p) => p.text), ['p', 'T', ' [GeV]']);
    assert.deepEqual(splitSubscripts('x_{lead}').map((p) => p.text), ['x', 'lead']);
    for (const name of ['lep_pt_0', 'DER_mass_MMC [GeV]', 'n_jets', 'PRI_jet_num', 'jet_pt_1']) assert.deepEqual(splitSubscripts(name), [{ text: name, sub: false }], name);
    const svg = '<svg><text font-size="10px">1/ε_B at ε_S = 0.3</text><text font-size="10px">lep_pt_0</text></svg>';
    assert.equal(svgSubscripts(svg),
      '<svg><text font-size="10px">1/ε<tspan dy="3" font-size="7.2px">B</tspan><tspan dy="-3"> at ε</tspan><tspan dy="3" font-size="7.2px">S</tspan><tspan dy="-3"> = 0.3</tspan></text><text font-size="10px">lep_pt_0</text></svg>');
  });
});
