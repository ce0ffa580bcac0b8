import * as tf from '@tensorflow/tfjs';
import type { SlotValue } from './lab-optimizer';

/** Zero-initialised per-variable buffers, created on first use, readable for checkpoints. */
export class Slots {
  private readonly slots = new Map<string, tf.Variable>();

  get(key: string, like: tf.Variable): tf.Variable {
    let slot = this.slots.get(key);
    if (!slot) {
      slot = tf.tidy(() => tf.variable(tf.zerosLike(like), false));
      this.slots.set(key, slot);
    }
    return slot;
  }

  read(): Record<string, SlotValue> {
    return Object.fromEntries(
      [...this.slots].map(([key, v]) => [key, { shape: [...v.shape], values: v.dataSync() as Float32Array }]),
    );
  }

  load(values: Record<string, SlotValue>): void {
    this.dispose();
    for (const [key, { shape, values: data }] of Object.entries(values)) {
      this.slots.set(
        key,
        tf.tidy(() => tf.variable(tf.tensor(data, shape, 'float32'), false)),
      );
    }
  }

  dispose(): void {
    for (const slot of this.slots.values()) slot.dispose();
    this.slots.clear();
  }
}
