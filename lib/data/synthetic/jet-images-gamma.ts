/**
 * Synthetic stand-in for `jet-images-gamma` (photon-jet vs QCD-jet images, npz `images` [N,5,40,40]
 * NCHW and `labels` [N]): the toy of lib/physics/gen/photon-jets.ts.
 */
import { Dataset } from '../dataset';
import { generatePhotonJets } from '../../physics';
import { entry, syntheticSource } from './tabular';

export function synthJetImagesGamma(events: number, seed: number): Dataset {
  const g = generatePhotonJets({ events, seed });
  return new Dataset({
    id: 'jet-images-gamma', source: syntheticSource('jet-images-gamma', seed),
    columns: { labels: g.labels },
    schema: [entry('labels', g.labels, { description: '1 = photon jet, 0 = QCD jet' })],
    labels: g.labels, classes: ['QCD jet', 'photon jet'],
    tensors: { images: { data: g.images, shape: g.shape } },
  });
}
