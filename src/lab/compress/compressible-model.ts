/**
 * A tfjs LayersModel as the compressor sees it: its topology (plain JSON), every weight as a typed
 * array tagged with its layer, and the output shape of every layer. Techniques transform this
 * object; export.ts turns it back into model.json + weights.bin.
 */
import * as tf from '@tensorflow/tfjs';
import { detectModelFormat, parseModelJson, type ModelJson } from '../audit/model-files';
// The lab's own layer classes (e.g. DilatedDepthwiseConv) must be registered before loading.
import '../models/build';

export interface WeightEntry {
  /** Manifest name, e.g. "conv_1/kernel". */
  name: string;
  layer: string;
  /** tfjs class of the layer: Conv2D, Dense, BatchNormalization, … */
  layerClass: string;
  /** The weight's name within its layer: kernel, bias, gamma, moving_mean, depthwise_kernel, … */
  role: string;
  shape: number[];
  dtype: 'float32' | 'int32';
  values: Float32Array | Int32Array;
}

export interface CompressibleModel {
  name: string;
  /** model.json's modelTopology, untouched unless a technique changes the architecture. */
  topology: Record<string, unknown>;
  weights: WeightEntry[];
  /** Layer name → output shape (batch dimension null). */
  outputShapes: Record<string, (number | null)[]>;
  /** Input shape [null, h, w, c] of the first input. */
  inputShape: (number | null)[];
  /** Output shape of the first output. */
  outputShape: (number | null)[];
  outputLayer: string;
  userDefinedMetadata?: Record<string, unknown>;
}

/** Files by name → bytes, as picked, dropped, read from disk or exported by a lab run. */
export type ModelFileBytes = ReadonlyMap<string, Uint8Array>;

export function parameterCount(model: Pick<CompressibleModel, 'weights'>): number {
  return model.weights.reduce((sum, w) => sum + w.values.length, 0);
}

/** The run store's ModelFiles as a file map. */
export function runFilesToMap(files: { 'model.json': string; 'weights.bin': Uint8Array }): ModelFileBytes {
  return new Map([
    ['model.json', new TextEncoder().encode(files['model.json'])],
    ['weights.bin', files['weights.bin']],
  ]);
}

function baseName(path: string): string {
  return path.slice(path.replace(/\\/g, '/').lastIndexOf('/') + 1);
}

function pickJson(files: ModelFileBytes): string {
  const names = [...files.keys()];
  const exact = names.filter((n) => baseName(n) === 'model.json');
  const candidates = exact.length > 0 ? exact : names.filter((n) => n.toLowerCase().endsWith('.json'));
  if (candidates.length !== 1)
    throw new Error(
      candidates.length === 0
        ? 'No model.json among the files given'
        : `Several model JSON files given (${candidates.join(', ')}); give one model at a time`,
    );
  return candidates[0];
}

function shardBytes(files: ModelFileBytes, path: string, jsonName: string): Uint8Array {
  const found =
    files.get(path) ?? [...files.entries()].find(([name]) => baseName(name) === baseName(path))?.[1];
  if (!found) throw new Error(`${jsonName} needs the weight file "${path}", which was not given`);
  return found;
}

/** model.json + its weight shards → artifacts tfjs can load (quantised entries included). */
export function artifactsFromFiles(files: ModelFileBytes): {
  json: ModelJson;
  artifacts: tf.io.ModelArtifacts;
} {
  const jsonName = pickJson(files);
  const json = parseModelJson(new TextDecoder().decode(files.get(jsonName)!), jsonName);
  const format = detectModelFormat(json);
  if (format !== 'layers-model')
    throw new Error(
      `Compression works on tfjs LayersModels; ${jsonName} is a ${format} (convert the Keras model with tensorflowjs_converter --output_format tfjs_layers_model)`,
    );
  const groups = json.weightsManifest ?? [];
  const weightData = tf.io.concatenateArrayBuffers(
    groups.flatMap((g) =>
      g.paths.map((p) => {
        const b = shardBytes(files, p, jsonName);
        return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
      }),
    ),
  );
  return {
    json,
    artifacts: {
      modelTopology: json.modelTopology as tf.io.ModelArtifacts['modelTopology'],
      weightSpecs: groups.flatMap((g) => g.weights),
      weightData,
      format: json.format,
      generatedBy: json.generatedBy,
      convertedBy: json.convertedBy,
      userDefinedMetadata: json.userDefinedMetadata as tf.io.ModelArtifacts['userDefinedMetadata'],
    },
  };
}

/** Loads the files as tfjs would (so the model is known to run) and reads every weight out. */
export async function readCompressibleModel(
  files: ModelFileBytes,
  name = 'model',
): Promise<CompressibleModel> {
  const { json, artifacts } = artifactsFromFiles(files);
  let model: tf.LayersModel;
  try {
    model = await tf.loadLayersModel(tf.io.fromMemory(artifacts));
  } catch (error) {
    throw new Error(`Could not load the LayersModel "${name}": ${(error as Error).message}`, {
      cause: error,
    });
  }
  try {
    const decoded = tf.io.decodeWeights(artifacts.weightData!, artifacts.weightSpecs!);
    const owner = new Map<string, { layer: string; layerClass: string; role: string }>();
    for (const layer of model.layers) {
      for (const w of layer.weights) {
        const prefix = `${layer.name}/`;
        const role = w.originalName.startsWith(prefix) ? w.originalName.slice(prefix.length) : w.originalName;
        owner.set(w.originalName, { layer: layer.name, layerClass: layer.getClassName(), role });
      }
    }
    const weights: WeightEntry[] = artifacts.weightSpecs!.map((spec) => {
      const tensor = decoded[spec.name];
      const who = owner.get(spec.name) ?? { layer: '', layerClass: '', role: spec.name };
      const dtype = tensor.dtype === 'int32' ? 'int32' : 'float32';
      const values =
        dtype === 'int32' ? Int32Array.from(tensor.dataSync()) : Float32Array.from(tensor.dataSync());
      tensor.dispose();
      return { name: spec.name, ...who, shape: [...spec.shape], dtype, values };
    });
    const outputShapes: CompressibleModel['outputShapes'] = {};
    for (const layer of model.layers) {
      const shape = layer.outputShape;
      if (Array.isArray(shape) && !Array.isArray(shape[0]))
        outputShapes[layer.name] = shape as (number | null)[];
    }
    const output = model.outputs[0];
    return {
      name,
      topology: JSON.parse(JSON.stringify(json.modelTopology)) as Record<string, unknown>,
      weights,
      outputShapes,
      inputShape: [...model.inputs[0].shape],
      outputShape: [...output.shape],
      outputLayer: output.sourceLayer.name,
      userDefinedMetadata: json.userDefinedMetadata,
    };
  } finally {
    model.dispose();
  }
}
