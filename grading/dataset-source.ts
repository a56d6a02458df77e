/**
 * Real data for `hepml challenge make --data PATH`: read through the dataset registry of lib/data
 * (`loadDataset(id, { path, split, events })`); grading never parses data formats itself.
 */
import { existsSync } from 'node:fs';
import { HepmlError } from '../lib/errors';
import { loadDataset, type Dataset } from '../lib/data';

export async function loadDatasetFile(datasetId: string, path: string, split?: string, events?: number): Promise<Dataset> {
  if (!existsSync(path)) throw new HepmlError(`--data: expected a data file, found no file ${path}.`, { where: '--data' });
  return loadDataset(datasetId, { path, split, events, quiet: true });
}
