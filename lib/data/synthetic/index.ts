/**
 * Seeded synthetic stand-ins with the real datasets' schemas (DESIGN.md section 4). The registry
 * (`loadDataset`) falls back to these when no real file is present; `hepml data synth` writes them.
 */
import { HepmlError, check } from '../../errors';
import type { Dataset } from '../dataset';
import { synthWw } from './ww';
import { synthHiggsml } from './higgsml';
import { synthTopConstituents, synthTopImages } from './top';
import { synthJetImagesGamma } from './jet-images-gamma';
import { synthShipHnl } from './ship-hnl';
import { synthVhMulticlass } from './vh-multiclass';
import type { SynthOptions } from './tabular';

export type { SynthOptions } from './tabular';

const BUILDERS: Record<string, (events: number, seed: number) => Dataset> = {
  ww: synthWw,
  higgsml: synthHiggsml,
  'top-constituents': synthTopConstituents,
  'top-images': synthTopImages,
  'jet-images-gamma': synthJetImagesGamma,
  'ship-hnl': synthShipHnl,
  'vh-multiclass': synthVhMulticlass,
};

/** Dataset ids that have a synthetic generator. */
export const SYNTHETIC_IDS: readonly string[] = Object.keys(BUILDERS);

/** Default sizes: `events` for a full run, `quickEvents` for `--quick` / CI. */
export const SYNTHETIC_DEFAULTS: Record<string, { events: number; quickEvents: number }> = {
  ww: { events: 100_000, quickEvents: 10_000 },
  higgsml: { events: 250_000, quickEvents: 20_000 },
  'top-constituents': { events: 50_000, quickEvents: 4_000 },
  'top-images': { events: 50_000, quickEvents: 4_000 },
  'jet-images-gamma': { events: 20_000, quickEvents: 2_000 },
  'ship-hnl': { events: 7_896, quickEvents: 2_000 },
  'vh-multiclass': { events: 100_000, quickEvents: 10_000 },
};

/**
 * A seeded synthetic dataset with the real schema of `id`; same seed, same bytes.
 *
 * Taught in 01-ww-exploration (where data comes from and what a stand-in is).
 * @param id one of {@link SYNTHETIC_IDS}
 * @param options events (default SYNTHETIC_DEFAULTS[id].events), seed (default 42)
 * @example
 * const ds = synthesize('ww', { events: 10000, seed: 1 });
 * ds.source; // "synthetic:ww@1"
 */
export function synthesize(id: string, options: SynthOptions = {}): Dataset {
  const build = BUILDERS[id];
  if (!build) throw new HepmlError(`synthesize: expected a dataset id, found ${JSON.stringify(id)}. Known ids: ${SYNTHETIC_IDS.join(', ')}.`, { where: 'id' });
  const events = options.events ?? SYNTHETIC_DEFAULTS[id].events;
  const seed = options.seed ?? 42;
  check(Number.isInteger(events) && events >= 0, 'events', 'a non-negative integer', events);
  check(Number.isFinite(seed), 'seed', 'a finite number', seed);
  return build(events, seed);
}
