/**
 * Writes a compressed model as tfjs LayersModel files, using tfjs's own weight-quantisation
 * manifest entries (io_utils decodeWeight) where they fit, so any tfjs app loads it with
 * tf.loadLayersModel:
 *  - per-tensor int8: `quantization: {dtype: 'uint8', scale, min}` (codes shifted by 127);
 *  - float16: `quantization: {dtype: 'float16'}`;
 *  - everything else float32.
 * Per-channel int8 has no tfjs form (one scale per tensor only): weights.bin then holds the
 * dequantised float32 values — exactly what was evaluated — and weights.int8.bin holds the int8
 * codes with their float32 scales (the size reported), described in userDefinedMetadata.
 */
import * as tf from '@tensorflow/tfjs';
import type { CompressibleModel } from './compressible-model';
import { artifactsFromFiles } from './compressible-model';
import { INT8_MAX } from './int8';

export type WeightEncoding =
  | { kind: 'float32' }
  | { kind: 'uint8-affine'; scale: number; min: number; codes: Uint8Array }
  | { kind: 'float16'; bits: Uint16Array }
  | { kind: 'int8-channel'; codes: Int8Array; scales: number[] };

export interface CompressedFiles {
  'model.json': string;
  'weights.bin': Uint8Array;
  /** Per-channel int8 only: the int8 serialisation of every weight. */
  'weights.int8.bin'?: Uint8Array;
}

export const WEIGHTS_FILE = 'weights.bin';
export const INT8_SIDECAR = 'weights.int8.bin';

/** One weight's place in weights.int8.bin. */
export interface SidecarEntry {
  name: string;
  encoding: 'int8-per-channel' | 'float32';
  shape: number[];
  offset: number;
  /** int8 codes (n bytes), then `channels` float32 scales; or n float32 values. */
  channels?: number;
}

/** Symmetric per-tensor int8 codes as tfjs's uint8 affine entry. */
export function affineEncoding(codes: Int8Array, scale: number): WeightEncoding {
  return {
    kind: 'uint8-affine',
    scale,
    min: -INT8_MAX * scale,
    codes: Uint8Array.from(codes, (q) => q + INT8_MAX),
  };
}

function bytesOf(array: ArrayBufferView): Uint8Array {
  return new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.byteLength;
  }
  return out;
}

export function exportCompressed(
  model: CompressibleModel,
  encodings: ReadonlyMap<string, WeightEncoding>,
  metadata: Record<string, unknown>,
): CompressedFiles {
  const specs: tf.io.WeightsManifestEntry[] = [];
  const parts: Uint8Array[] = [];
  const sidecar: Uint8Array[] = [];
  const sidecarEntries: SidecarEntry[] = [];
  let sidecarOffset = 0;
  const perChannel = [...encodings.values()].some((e) => e.kind === 'int8-channel');
  for (const w of model.weights) {
    const encoding = encodings.get(w.name) ?? { kind: 'float32' };
    const spec: tf.io.WeightsManifestEntry = { name: w.name, shape: w.shape, dtype: w.dtype };
    if (encoding.kind === 'uint8-affine') {
      spec.quantization = { dtype: 'uint8', scale: encoding.scale, min: encoding.min };
      parts.push(encoding.codes);
    } else if (encoding.kind === 'float16') {
      spec.quantization = { dtype: 'float16' };
      parts.push(bytesOf(encoding.bits));
    } else {
      parts.push(bytesOf(w.values));
    }
    specs.push(spec);
    if (perChannel) {
      const entry: SidecarEntry = {
        name: w.name,
        encoding: 'float32',
        shape: w.shape,
        offset: sidecarOffset,
      };
      let bytes: Uint8Array;
      if (encoding.kind === 'int8-channel') {
        entry.encoding = 'int8-per-channel';
        entry.channels = encoding.scales.length;
        bytes = concat([bytesOf(encoding.codes), bytesOf(Float32Array.from(encoding.scales))]);
      } else bytes = bytesOf(w.values);
      sidecar.push(bytes);
      sidecarEntries.push(entry);
      sidecarOffset += bytes.byteLength;
    }
  }
  const userDefinedMetadata: Record<string, unknown> = { ...(model.userDefinedMetadata ?? {}), ...metadata };
  if (perChannel)
    userDefinedMetadata.int8PerChannel = {
      file: INT8_SIDECAR,
      note: 'tfjs stores one scale per tensor, so weights.bin holds the dequantised float32 values; this file holds the int8 codes and their per-channel float32 scales (little-endian).',
      weights: sidecarEntries,
    };
  const json = {
    format: 'layers-model',
    generatedBy: `TensorFlow.js tfjs-layers v${tf.version_layers}`,
    convertedBy: 'Fairness Lab (compress)',
    modelTopology: model.topology,
    userDefinedMetadata,
    weightsManifest: [{ paths: [WEIGHTS_FILE], weights: specs }],
  };
  const files: CompressedFiles = { 'model.json': JSON.stringify(json), 'weights.bin': concat(parts) };
  if (perChannel) files[INT8_SIDECAR] = concat(sidecar);
  return files;
}

export function filesToMap(files: CompressedFiles): Map<string, Uint8Array> {
  return new Map([
    ['model.json', new TextEncoder().encode(files['model.json'])],
    [WEIGHTS_FILE, files['weights.bin']],
  ]);
}

/** Loads the exported files exactly as any tfjs app would. */
export function loadCompressed(files: CompressedFiles): Promise<tf.LayersModel> {
  return tf.loadLayersModel(tf.io.fromMemory(artifactsFromFiles(filesToMap(files)).artifacts));
}

/** The weight values tfjs decodes from the exported files (manifest order). */
export function decodeExported(files: CompressedFiles): Map<string, Float32Array | Int32Array> {
  const { artifacts } = artifactsFromFiles(filesToMap(files));
  const tensors = tf.io.decodeWeights(artifacts.weightData!, artifacts.weightSpecs!);
  const out = new Map<string, Float32Array | Int32Array>();
  for (const spec of artifacts.weightSpecs!) {
    const t = tensors[spec.name];
    out.set(spec.name, t.dtype === 'int32' ? Int32Array.from(t.dataSync()) : Float32Array.from(t.dataSync()));
    t.dispose();
  }
  return out;
}

/** Decodes weights.int8.bin with the layout in the metadata (for tests and other readers). */
export function decodeInt8Sidecar(files: CompressedFiles): Map<string, Float32Array> {
  const bytes = files[INT8_SIDECAR];
  if (!bytes) throw new Error('These files have no per-channel int8 weights');
  const meta = (
    JSON.parse(files['model.json']) as {
      userDefinedMetadata: { int8PerChannel: { weights: SidecarEntry[] } };
    }
  ).userDefinedMetadata.int8PerChannel;
  const out = new Map<string, Float32Array>();
  for (const e of meta.weights) {
    const n = e.shape.reduce((a, b) => a * b, 1);
    const start = bytes.byteOffset + e.offset;
    if (e.encoding === 'float32') {
      out.set(e.name, new Float32Array(bytes.buffer.slice(start, start + 4 * n)));
      continue;
    }
    const codes = new Int8Array(bytes.buffer.slice(start, start + n));
    const scales = new Float32Array(bytes.buffer.slice(start + n, start + n + 4 * e.channels!));
    out.set(
      e.name,
      Float32Array.from(codes, (q, i) => Math.fround(q * scales[i % e.channels!])),
    );
  }
  return out;
}
