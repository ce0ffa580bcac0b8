import * as tf from '@tensorflow/tfjs';
import type { ModelConfig } from '../models/config';
import type { TrainableModel } from '../models/build';
import type { OptimizerState, SlotValue } from './optimizers/lab-optimizer';
import type { TrainConfig, TrainHistory } from './config';

/**
 * Everything needed to continue a training run exactly: the config, where it stands (epochs and
 * steps done), every weight of model and head (batch-norm statistics included) and the optimiser
 * state. Plain data: IndexedDB stores it as is; `encodeCheckpoint` turns it into bytes.
 */
export interface Checkpoint {
  version: 1;
  modelConfig: ModelConfig;
  train: TrainConfig;
  epoch: number;
  step: number;
  weights: Record<string, SlotValue>;
  optimizer: OptimizerState;
  history: TrainHistory;
}

/** Every weight by checkpoint name: the model's (trainable or not, by original name) and the head's. */
export function readWeights(
  trainable: TrainableModel,
  extra: Record<string, tf.Variable> = {},
): Record<string, SlotValue> {
  const entries: [string, tf.Tensor][] = [
    ...trainable.model.weights.map((w) => [w.originalName, w.read()] as [string, tf.Tensor]),
    ...Object.entries(trainable.head.variables),
    ...Object.entries(extra),
  ];
  return Object.fromEntries(
    entries.map(([name, t]) => [name, { shape: [...t.shape], values: t.dataSync() as Float32Array }]),
  );
}

/** Writes checkpoint weights into a freshly built model of the same config. */
export function writeWeights(
  trainable: TrainableModel,
  weights: Record<string, SlotValue>,
  extra: Record<string, tf.Variable> = {},
): void {
  const missing: string[] = [];
  const set = (
    name: string,
    target: { shape: readonly (number | null)[] },
    write: (t: tf.Tensor) => void,
  ) => {
    const value = weights[name];
    if (!value) return missing.push(name);
    if (value.shape.join() !== target.shape.join())
      throw new Error(`Checkpoint weight ${name} has shape [${value.shape}], the model [${target.shape}]`);
    tf.tidy(() => write(tf.tensor(value.values, value.shape, 'float32')));
  };
  for (const w of trainable.model.weights) set(w.originalName, w, (t) => w.write(t));
  for (const [name, v] of Object.entries({ ...trainable.head.variables, ...extra }))
    set(name, v, (t) => v.assign(t));
  if (missing.length > 0) throw new Error(`Checkpoint lacks weights: ${missing.join(', ')}`);
}

/** Bytes: a little-endian uint32 header length, the JSON header, then every float32 array in order. */
export function encodeCheckpoint(checkpoint: Checkpoint): Uint8Array {
  const arrays: Float32Array[] = [];
  const refer = (slot: SlotValue) => {
    arrays.push(slot.values);
    return { shape: slot.shape, array: arrays.length - 1 };
  };
  const header = JSON.stringify({
    ...checkpoint,
    weights: Object.fromEntries(Object.entries(checkpoint.weights).map(([k, v]) => [k, refer(v)])),
    optimizer: {
      ...checkpoint.optimizer,
      slots: Object.fromEntries(Object.entries(checkpoint.optimizer.slots).map(([k, v]) => [k, refer(v)])),
    },
    lengths: arrays.map((a) => a.length),
  });
  const headerBytes = new TextEncoder().encode(header);
  const pad = (4 - ((4 + headerBytes.length) % 4)) % 4;
  const total = 4 + headerBytes.length + pad + arrays.reduce((n, a) => n + a.byteLength, 0);
  const out = new Uint8Array(total);
  new DataView(out.buffer).setUint32(0, headerBytes.length + pad, true);
  out.set(headerBytes, 4);
  out.fill(0x20, 4 + headerBytes.length, 4 + headerBytes.length + pad);
  let offset = 4 + headerBytes.length + pad;
  for (const a of arrays) {
    out.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), offset);
    offset += a.byteLength;
  }
  return out;
}

export function decodeCheckpoint(bytes: Uint8Array): Checkpoint {
  if (bytes.length < 4) throw new Error('Checkpoint is truncated');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = view.getUint32(0, true);
  if (4 + headerLength > bytes.length) throw new Error('Checkpoint is truncated');
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(4, 4 + headerLength)));
  const lengths: number[] = header.lengths;
  const arrays: Float32Array[] = [];
  let offset = 4 + headerLength;
  for (const n of lengths) {
    if (offset + 4 * n > bytes.length) throw new Error('Checkpoint is truncated');
    arrays.push(new Float32Array(bytes.slice(offset, offset + 4 * n).buffer));
    offset += 4 * n;
  }
  const resolve = (refs: Record<string, { shape: number[]; array: number }>) =>
    Object.fromEntries(
      Object.entries(refs).map(([k, r]) => [k, { shape: r.shape, values: arrays[r.array] }]),
    );
  delete header.lengths;
  return {
    ...header,
    weights: resolve(header.weights),
    optimizer: { ...header.optimizer, slots: resolve(header.optimizer.slots) },
  };
}
