/**
 * Synthetic stand-ins for `top-constituents` (Zenodo 2603256, pandas table: E_i, PX_i, PY_i, PZ_i,
 * truth*, ttv, is_signal_new) and `top-images` (40×40 jet images made from them): the toy of
 * lib/physics/gen/top-jets.ts. Constituents live in `tensors.constituents` [N, 200, 4] (E, PX, PY, PZ).
 */
import { Dataset } from '../dataset';
import { generateTopJets, jetImages } from '../../physics';
import { entry, syntheticSource } from './tabular';

/** `top-constituents`: tensors.constituents [N, 200, 4], columns truth*, ttv, is_signal_new. */
export function synthTopConstituents(events: number, seed: number): Dataset {
  const jets = generateTopJets({ events, seed });
  const truth = ['truthE', 'truthPX', 'truthPY', 'truthPZ'].map((_, k) => {
    const col = new Float32Array(events);
    for (let i = 0; i < events; i++) col[i] = jets.truth[i * 4 + k];
    return col;
  });
  const ttv = Float64Array.from(jets.ttv);
  const isSignal = Float64Array.from(jets.isSignal);
  const columns = { truthE: truth[0], truthPX: truth[1], truthPY: truth[2], truthPZ: truth[3], ttv, is_signal_new: isSignal };
  const schema = [
    ...['truthE', 'truthPX', 'truthPY', 'truthPZ'].map((n, k) => entry(n, truth[k], { unit: 'GeV', description: 'top quark four-vector (zeros for QCD)' })),
    entry('ttv', ttv, { dtype: 'int64', description: '0 train, 1 test, 2 validation' }),
    entry('is_signal_new', isSignal, { dtype: 'int64', description: '1 = top, 0 = QCD' }),
  ];
  return new Dataset({
    id: 'top-constituents', source: syntheticSource('top-constituents', seed), columns, schema,
    labels: jets.isSignal, classes: ['QCD', 'top'],
    tensors: { constituents: { data: jets.constituents, shape: [events, jets.maxConstituents, 4] } },
  });
}

/** `top-images`: tensors.images [N, 40, 40] (pT per pixel, GeV) from the same jets, plus is_signal_new. */
export function synthTopImages(events: number, seed: number): Dataset {
  const jets = generateTopJets({ events, seed });
  const img = jetImages({ data: jets.constituents, shape: [events, jets.maxConstituents, 4] });
  const isSignal = Float64Array.from(jets.isSignal);
  return new Dataset({
    id: 'top-images', source: syntheticSource('top-images', seed),
    columns: { is_signal_new: isSignal },
    schema: [entry('is_signal_new', isSignal, { dtype: 'int64', description: '1 = top, 0 = QCD' })],
    labels: jets.isSignal, classes: ['QCD', 'top'],
    tensors: { images: { data: img.data, shape: img.shape } },
  });
}
