/**
 * Synthetic stand-in for `jet-images-gamma` (photon-jet vs QCD-jet images, npz `images` [N,5,40,40]
 * NCHW and `labels` [N]): the toy of lib/physics/gen/photon-jets.ts.
 */
import { Dataset } from '../dataset';
import { generatePhotonJets } from '../../physics';
import { syntheticSource } from './tabular';

export function synthJetImagesGamma(events: number, seed: number): Dataset {
  const g = generatePhotonJets({ events, seed });
  return new Dataset({
    id: 'jet-images-gamma', source: syntheticSource('jet-images-gamma', seed),
    columns: {},
    schema: [],
    labels: g.labels, classes: ['qcd', 'photon'],
    tensors: { images: { data: g.images, shape: g.shape } },
  });
}
