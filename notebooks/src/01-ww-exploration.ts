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
//
// **On the real data** (TRISEP `dataWW_d1.root`): the selection keeps 9,608 of the 10,000 events of the
// slice, 68.5 % of them signal; the pair whose correlation changes most is lep_phi_0 / lep_phi_1
// (|Δcorr| = 0.397 on the full file); the Δφ_ll medians are 0.87 (signal) and 2.12 (background).
// Compare with what this run prints.

// %% tags=["parameters"]
let quick = false;      // small sizes for a fast check
let events = 200000;    // synthetic events when no file is given
let seed = 42;
let dataPath = '';      // e.g. '../../shared/data/root/dataWW_d1_slice10k.root'; '' = registry default

// %%
import { loadDataset, labelsOf, classTotals, show, table, record, axisLabel, plotClassHistograms, plotCorrelationPanels, plotBar,
  correlationByClass, separationScore } from 'hepml-course';
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
const y = labelsOf(ds), w = ds.column('mcWeight');
const counts = classTotals(y), weighted = classTotals(y, { weights: w });
show(table({ sample: ['signal', 'background'], events: [counts.signal, counts.background], 'sum of weights': [weighted.signal, weighted.background] }));

// %% [markdown]
// ## Signal and background, normalised
// Each histogram is normalised to unit area, so we compare **shapes**, not yields. Jet variables are −7
// when the jet does not exist: those entries pile up at the left edge of the jet histograms. Counts
// (`jet_n`) get one bin per integer. Momenta are in GeV, energies in MeV (as in the ATLAS open-data
// files), angles in radians.

// %%
const variables = ['met_et', 'met_phi', 'lep_pt_0', 'lep_pt_1', 'lep_eta_0', 'lep_eta_1', 'lep_phi_0', 'lep_phi_1',
  'lep_E_0', 'lep_E_1', 'jet_n', 'jet_pt_0', 'jet_pt_1', 'jet_eta_0'];
for (const v of variables) {
  show(plotClassHistograms({ values: ds.column(v), labels: y, weights: w, names: ['H→WW signal', 'WW background'],
    density: true, bins: v === 'jet_n' ? 'integer' : 40, xLabel: axisLabel(ds, v), yLabel: v === 'jet_n' ? 'fraction of events' : 'fraction / bin width' }));
}

// %% [markdown]
// ## Correlations
// The weighted Pearson correlation between every pair of variables, separately for signal and background,
// and their difference. Look for pairs whose correlation **changes** between the two samples: such a pair
// carries information that no single-variable histogram shows.

// %%
const corrVars = ['met_et', 'met_phi', 'lep_pt_0', 'lep_pt_1', 'lep_eta_0', 'lep_eta_1', 'lep_phi_0', 'lep_phi_1', 'jet_n', 'jet_pt_0'];
const corr = correlationByClass(ds.matrix(corrVars), y, { weights: w });
show(plotCorrelationPanels({ signal: corr.signal, background: corr.background, names: corrVars, difference: true }));

// %% [markdown]
// The pair whose correlation changes most, in this run and, for comparison, in the tutorial's answer on the
// full real file.

// %%
const change = corr.largestChange;
show(table({ sample: [`this run (${ds.source})`, 'real dataWW_d1.root (TRISEP answer)'], pair: [change.pair, 'lep_phi_0 / lep_phi_1'],
  'corr signal': [change.signal, null], 'corr background': [change.background, null], '|difference|': [Math.abs(change.difference), 0.397] }));

// %% [markdown]
// ## Which variables separate signal from background?
// The **separation power** ⟨S²⟩ = ½ Σ (s_i − b_i)² / (s_i + b_i) over the bins of the normalised
// histograms is 0 for identical shapes and 1 for shapes that never overlap (TMVA's definition).

// %%
const ranking = variables.map((v) => ({ v, s: separationScore(ds.column(v), y, { bins: 40, weights: w }) })).sort((a, b) => b.s - a.s);
show(plotBar({ labels: ranking.map((r) => r.v), values: ranking.map((r) => r.s), valueLabel: 'separation power ⟨S²⟩' }));
record({ maxCorrDiff: Math.abs(change.difference), maxCorrPair: change.pair, bestVariable: ranking[0].v, bestSeparation: ranking[0].s,
  events: ds.length, signalFraction: counts.signal / ds.length });

// %% [markdown]
// ## Questions
// 1. Which three variables separate signal from background best? Does the ranking match what you see in
//    the histograms?
// 2. Which pair of variables changes its correlation most between signal and background? Is it the pair
//    the tutorial finds on the real file (the table above)?
// 3. Which variables look useless on their own (separation close to zero)? Could they still help a
//    classifier?
// 4. **Why** do the lepton φ's correlate differently in signal and in background? Hint: the Higgs boson
//    has spin 0. What does that tell you about the spins of the two W bosons, and, through the V−A
//    structure of the weak decay, about the directions of the two charged leptons in the transverse plane?
//    What would you then expect for Δφ_ll in signal, and why not in WW background? Check your answer with
//    the first exercise.
//
// ## Summary
// We selected two-lepton events, compared normalised weighted distributions, found the variable pair whose
// correlation differs most between signal and background, and ranked variables by separation power. The
// next notebook trains a neural network on these variables.
//
// ## Exercises
// - Add Δφ_ll = |lep_phi_0 − lep_phi_1| (wrapped to [0, π]) as a new variable, plot it and rank it.
// - Repeat the ranking without weights. What changes, and why?
