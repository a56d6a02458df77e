/**
 * Dataset manifests (`data-manifests/<id>.json`): what a dataset is, where its real files live, their
 * checksums and reader options, the schema, standard splits and the synthetic stand-in. Validated
 * against `data-manifests/manifest.schema.json` with ajv when loaded.
 */
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import { HepmlError } from '../errors';
import type { DType } from './dataset';

export interface ManifestFile {
  name: string;
  urls: string[];
  bytes: number | null;
  checksums: Partial<Record<'sha256' | 'md5' | 'adler32' | 'git-blob-sha1', string>>;
  format: 'root' | 'hdf5' | 'npy' | 'npz' | 'csv';
  reader: { tree?: string; key?: string; separator?: string; gzip?: boolean; images?: string; labels?: string; layout?: string };
  rows?: number | null;
  split?: string;
  /** Class of every row of this file (SHiP: 1 = HNL file, 0 = background file). */
  label?: number;
  note?: string;
}

export interface ManifestColumn { name: string; dtype: DType; unit?: string; description?: string; sentinel?: number }
export interface ManifestTensor { name: string; shape: number[]; dtype: 'float32'; axes?: string[]; unit?: string; fromColumns?: string[]; count?: number; description?: string }

export interface Manifest {
  id: string;
  title: string;
  citation: string;
  licence: { id: string | null; note?: string };
  files: ManifestFile[];
  schema: {
    columns: ManifestColumn[];
    tensors?: ManifestTensor[];
    label: { column: string | null; classes: string[]; map?: Record<string, number>; fromFile?: boolean };
    weight: string | null;
    id: string | null;
  };
  splits: { standard: Record<string, unknown> | null; note?: string | null };
  synthetic: { generator: string; defaultEvents: number; quickEvents: number };
  notes?: string[];
}

/** The folder holding the manifests (the package's `data-manifests/`). */
export function manifestDir(): string {
  for (const up of ['../..', '../../..']) {
    const d = join(__dirname, up, 'data-manifests');
    if (existsSync(join(d, 'manifest.schema.json'))) return d;
  }
  throw new HepmlError(`data-manifests: expected the folder next to the package, found none near ${__dirname}. Reinstall the package.`);
}

let validator: ((m: unknown) => boolean) & { errors?: { instancePath: string; message?: string }[] | null } | undefined;

/** Validates a manifest object against the JSON schema; throws a HepmlError listing the problems. */
export function validateManifest(m: unknown, where = 'manifest'): Manifest {
  if (!validator) {
    const schema = JSON.parse(readFileSync(join(manifestDir(), 'manifest.schema.json'), 'utf8'));
    validator = new Ajv({ allErrors: true }).compile(schema);
  }
  if (!validator(m)) {
    const problems = (validator.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}`).join('; ');
    throw new HepmlError(`${where}: expected a manifest matching manifest.schema.json, found: ${problems}.`, { where });
  }
  return m as Manifest;
}

const cache = new Map<string, Manifest>();

/** Ids of every manifest, sorted. */
export function datasetIds(): string[] {
  return readdirSync(manifestDir()).filter((f) => f.endsWith('.json') && f !== 'manifest.schema.json').map((f) => f.slice(0, -5)).sort();
}

/**
 * Loads and validates the manifest of a dataset.
 * @example
 * getManifest('ww').files[0].urls;
 */
export function getManifest(id: string): Manifest {
  const hit = cache.get(id);
  if (hit) return hit;
  const ids = datasetIds();
  if (!ids.includes(id)) throw new HepmlError(`dataset: expected one of ${ids.join(', ')}, found ${JSON.stringify(id)}.`, { where: id });
  const path = join(manifestDir(), `${id}.json`);
  const m = validateManifest(JSON.parse(readFileSync(path, 'utf8')), path);
  if (m.id !== id) throw new HepmlError(`${path}: expected id ${JSON.stringify(id)}, found ${JSON.stringify(m.id)}.`, { where: path });
  cache.set(id, m);
  return m;
}
