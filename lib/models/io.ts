/**
 * Saving and loading models to a folder without tfjs-node: `model.json` + `weights.bin`, the same layout
 * as tfjs's `file://` handler (loadable by `tf.loadLayersModel` in tfjs-node and by tensorflowjs tools).
 * File I/O edge of lib/models.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { HepmlError } from '../errors';

const MODEL_JSON = 'model.json';
const WEIGHTS_BIN = 'weights.bin';

/**
 * Saves topology and weights to `dir` (created if missing).
 *
 * @param model - the model
 * @param dir - folder to write `model.json` and `weights.bin` into
 * @example
 * await saveModel(model, 'out/models/mlp');
 */
export async function saveModel(model: tfl.LayersModel, dir: string): Promise<void> {
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      mkdirSync(dir, { recursive: true });
      const weightData = artifacts.weightData ? Buffer.from(tf.io.CompositeArrayBuffer.join(artifacts.weightData)) : Buffer.alloc(0);
      const json = {
        modelTopology: artifacts.modelTopology,
        format: artifacts.format ?? 'layers-model',
        generatedBy: artifacts.generatedBy,
        convertedBy: artifacts.convertedBy ?? null,
        trainingConfig: artifacts.trainingConfig,
        weightsManifest: [{ paths: [`./${WEIGHTS_BIN}`], weights: artifacts.weightSpecs ?? [] }],
      };
      writeFileSync(join(dir, WEIGHTS_BIN), weightData);
      writeFileSync(join(dir, MODEL_JSON), JSON.stringify(json));
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
    }),
  );
}

/** Reads the artifacts of {@link saveModel} from `dir`. */
export function readArtifacts(dir: string): tf.io.ModelArtifacts {
  let json: { modelTopology: object; weightsManifest: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[]; format?: string; generatedBy?: string; convertedBy?: string | null };
  try {
    json = JSON.parse(readFileSync(join(dir, MODEL_JSON), 'utf8'));
  } catch (e) {
    throw new HepmlError(`${join(dir, MODEL_JSON)}: expected a model saved by saveModel, found ${(e as Error).message}.`, { cause: e });
  }
  const weightSpecs = json.weightsManifest.flatMap((g) => g.weights);
  const buffers = json.weightsManifest.flatMap((g) => g.paths.map((p) => readFileSync(join(dir, p))));
  const all = Buffer.concat(buffers);
  const weightData = all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength);
  return { modelTopology: json.modelTopology, weightSpecs, weightData, format: json.format, generatedBy: json.generatedBy, convertedBy: json.convertedBy };
}

/**
 * Loads a model saved by {@link saveModel} (or by tfjs-node's `model.save('file://dir')`).
 *
 * @param dir - folder holding `model.json` and its weight files
 * @example
 * const model = await loadModel('out/models/mlp');
 */
export async function loadModel(dir: string): Promise<tfl.LayersModel> {
  return tfl.loadLayersModel(tf.io.fromMemory(readArtifacts(dir)));
}

/** Loads only the weights saved in `dir` into an existing model of the same architecture. */
export function loadWeightsInto(model: tfl.LayersModel, dir: string): void {
  const artifacts = readArtifacts(dir);
  const named = tf.io.decodeWeights(artifacts.weightData!, artifacts.weightSpecs!);
  const weights = model.weights.map((w) => {
    const t = named[w.originalName] ?? named[w.name];
    if (!t) throw new HepmlError(`${dir}: expected a weight named ${w.originalName}, found ${Object.keys(named).join(', ')}. Load it with loadModel instead.`);
    return t;
  });
  model.setWeights(weights);
  tf.dispose(Object.values(named));
}
