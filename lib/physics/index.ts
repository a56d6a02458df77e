/**
 * lib/physics: seeded randomness, four-vectors, jet observables and images, and the physics toys
 * behind the synthetic datasets. Returns plain typed arrays; never imports lib/data.
 */
export { Random, mulberry32, shuffleInPlace } from './random';
export {
  type FourVector, deltaPhi, deltaR, fromPtEtaPhiM, toPtEtaPhiM, ptOf, etaOf, phiOf, massOf, addVectors,
  invariantMass, boost, boostVector, fromPtEtaPhiMArrays,
} from './fourvec';
export { type ConstituentBatch, jetPt, jetMass, jetFourVectors, constituentCount } from './jets';
export { type JetImageOptions, JET_IMAGE_DEFAULTS, jetImages } from './jetimage';
export { type WwOptions, type WwColumns, WW_BRANCHES, WW_INT_BRANCHES, generateWw } from './gen/ww';
export { type HiggsmlOptions, type HiggsmlColumns, HIGGSML_COLUMNS, HIGGSML_WEIGHT_SUMS, generateHiggsml } from './gen/higgsml';
export { type TopJetOptions, type TopJets, generateTopJets } from './gen/top-jets';
export { type PhotonJetOptions, type PhotonJets, PHOTON_JET_CHANNELS, generatePhotonJets } from './gen/photon-jets';
export { type ShipHnlOptions, type ShipHnlColumns, SHIP_HNL_COLUMNS, generateShipHnl } from './gen/ship-hnl';
export { type VhOptions, type VhColumns, VH_CLASSES, VH_INPUTS, VH_RAW, VH_VARIABLES, VH_UNITS, VH_RAW_YIELDS, VH_RAW_FRACTIONS, VH_YIELDS_139, VH_LUMI, VH_RUN1_CUTS, VH_ORTHOGONALITY_CUTS, type VhCut, generateVh } from './gen/vh';
export { type ConstituentColumns, type ConstituentMatrixOptions, constituentAt, constituentMatrix } from './constituents';
export { type MeanImageOptions, type FirstImagesOptions, nchwToNhwc, meanImage, meanImagesByClass, imageAt, firstImages } from './images';
export { type NormalizeImagesOptions, type JetWidthOptions, normalizeImages, jetWidth, channelFraction } from './image-observables';
