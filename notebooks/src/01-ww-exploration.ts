// %% [markdown]
// # 1 · H→WW: looking at the data before learning from it
//
// The Higgs boson decays to two W bosons about a fifth of the time. When both W's decay to a lepton and
// a neutrino, the final state is **two charged leptons, missing transverse momentum (the neutrinos) and
// perhaps some jets**. The same final state comes from ordinary **WW pair production**, which is far more
// common. This notebook uses events in the format of the ATLAS 13 TeV open-data tutorial sample
// (`dataWW_d1.root`, TTree `tree_event`): each event is either H→WW signal (`label = 1`) or WW background.
//
// Before training anything, a physicist looks at the variables:
// 1. How does each variable look for signal and for background (normalised to unit area)?
// 2. Which variables are correlated, and do the correlations differ between signal and background?
// 3. Which variables separate signal from background, and which look useless?
//
// *Without a data file the notebook uses a seeded synthetic stand-in with the same 30 branches, units and
// sentinels (−7 for a missing jet) built from a small physics toy; give `dataPath` to use the real file.*

// %% tags=["parameters"]
let quick = false;      // small sizes for a fast check
let events = 200000;    // synthetic events when no file is given
let seed = 42;
let dataPath = '';      // e.g. '../../shared/data/root/dataWW_d1_slice10k.root'; '' = registry default

// %%
import { loadDataset, show, table, record, plotHistograms, plotCorrelationPanels, plotBar, correlationMatrix, separationPower } from 'hepml-course';
const raw = await loadDataset('ww', { path: dataPath, events: quick ? 20000 : events, seed: seed });
show(table({ events: [raw.length], branches: [raw.columnNames.length], source: [raw.source] }));

// %% [markdown]
// ## The selection
// The tutorial keeps events with exactly two leptons (`lep_n == 2`) and a positive Monte Carlo weight
// (`mcWeight > 0`). Weights correct the simulation to the expected number of events; we use them in
// every histogram and correlation below.

// %%
const lepN = raw.column('lep_n'), mcWeight = raw.column('mcWeight');
const ds = raw.filter(Array.from({ length: raw.length }, (_, i) => lepN[i] === 2 && mcWeight[i] > 0));
const isSig = Array.from(ds.labels!, (l) => l === 1);
const sig = ds.filter(isSig), bkg = ds.filter(isSig.map((s) => !s));
show(table({ sample: ['signal', 'background'], events: [sig.length, bkg.length] }));

// %% [markdown]
// ## Signal and background, normalised
// Each histogram is normalised to unit area, so we compare **shapes**, not yields. Jet variables are −7
// when the jet does not exist: those entries pile up at the left edge of the jet histograms.

// %%
const variables = ['met_et', 'met_phi', 'lep_pt_0', 'lep_pt_1', 'lep_eta_0', 'lep_eta_1', 'lep_phi_0', 'lep_phi_1',
  'lep_E_0', 'lep_E_1', 'jet_n', 'jet_pt_0', 'jet_pt_1', 'jet_eta_0'];
for (const v of variables) {
  show(plotHistograms({ xLabel: v, density: true, bins: 40, series: [
    { label: 'signal', values: sig.column(v), weights: sig.column('mcWeight') },
    { label: 'background', values: bkg.column(v), weights: bkg.column('mcWeight') }] }));
}

// %% [markdown]
// ## Correlations
// The weighted Pearson correlation between every pair of variables, separately for signal and background,
// and their difference. Look for pairs whose correlation **changes** between the two samples: such a pair
// carries information that no single-variable histogram shows.

// %%
const corrVars = ['met_et', 'met_phi', 'lep_pt_0', 'lep_pt_1', 'lep_eta_0', 'lep_eta_1', 'lep_phi_0', 'lep_phi_1', 'jet_n', 'jet_pt_0'];
const corrSig = correlationMatrix(sig.matrix(corrVars), { weights: sig.column('mcWeight') });
const corrBkg = correlationMatrix(bkg.matrix(corrVars), { weights: bkg.column('mcWeight') });
const corrDiff = corrSig.data.map((c, i) => c - corrBkg.data[i]);
show(plotCorrelationPanels({ signal: corrSig, background: corrBkg, names: corrVars, difference: true }));

// %%
let best = { i: 0, j: 1, d: 0 };
for (let i = 0; i < corrVars.length; i++)
  for (let j = i + 1; j < corrVars.length; j++)
    if (Math.abs(corrDiff[i * corrVars.length + j]) > Math.abs(best.d)) best = { i, j, d: corrDiff[i * corrVars.length + j] };
const pair = `${corrVars[best.i]} / ${corrVars[best.j]}`;
const at = (m: { data: Float64Array }) => m.data[best.i * corrVars.length + best.j];
show(table({ pair: [pair], 'corr signal': [at(corrSig)], 'corr background': [at(corrBkg)], difference: [best.d] }));

// %% [markdown]
// ## Which variables separate signal from background?
// The **separation power** ⟨S²⟩ = ½ Σ (s_i − b_i)² / (s_i + b_i) over the bins of the normalised
// histograms is 0 for identical shapes and 1 for shapes that never overlap (TMVA's definition).

// %%
const ranking = variables
  .map((v) => ({ v, s: separationPower(sig.column(v), bkg.column(v), { bins: 40, weights: { sig: sig.column('mcWeight'), bkg: bkg.column('mcWeight') } }) }))
  .sort((a, b) => b.s - a.s);
show(plotBar({ labels: ranking.map((r) => r.v), values: ranking.map((r) => r.s), valueLabel: 'separation power ⟨S²⟩' }));
record({ maxCorrDiff: Math.abs(best.d), maxCorrPair: pair, bestVariable: ranking[0].v, bestSeparation: ranking[0].s, events: ds.length });

// %% [markdown]
// ## Questions
// 1. Which three variables separate signal from background best? Does the ranking match what you see in
//    the histograms?
// 2. Which pair of variables changes its correlation most between signal and background? In the real data
//    it is the azimuthal angles of the two leptons, `lep_phi_0` and `lep_phi_1`.
// 3. Which variables look useless on their own (separation close to zero)? Could they still help a
//    classifier?
// 4. **Why** do the lepton φ's correlate differently? Hint: the Higgs boson has spin 0, so the two W bosons
//    have opposite spins; the V−A weak decay then makes the two charged leptons prefer the **same**
//    direction in the transverse plane (small Δφ_ll). In WW background no such constraint exists.
//
// ## Summary
// We selected two-lepton events, compared normalised weighted distributions, found the variable pair whose
// correlation differs most between signal and background, and ranked variables by separation power. The
// next notebook trains a neural network on these variables.
//
// ## Exercises
// - Add Δφ_ll = |lep_phi_0 − lep_phi_1| (wrapped to [0, π]) as a new variable and rank it.
// - Repeat the ranking without weights. What changes, and why?
