/** The lab's first two fixed architectures. */
import type { ModelConfig } from '../config';

/** The reference CNN of the CPU-speed benchmark (same as ../shared/anchors/torch_cnn_cpu.py). */
export function referenceCnn(size = 32, channels: 1 | 3 = 3, numClasses = 10): ModelConfig {
  return {
    name: 'reference-cnn',
    input: { size, channels },
    numClasses,
    layers: [
      { type: 'conv2d', filters: 16, kernel: 3, padding: 'same' },
      { type: 'batchNorm' },
      { type: 'relu' },
      { type: 'maxPool', size: 2 },
      { type: 'conv2d', filters: 32, kernel: 3, padding: 'same' },
      { type: 'batchNorm' },
      { type: 'relu' },
      { type: 'maxPool', size: 2 },
      { type: 'conv2d', filters: 64, kernel: 3, padding: 'same' },
      { type: 'batchNorm' },
      { type: 'relu' },
      { type: 'globalAvgPool' },
    ],
  };
}

/** A small CNN for the quick demo: cheap enough to train in seconds even on the cpu backend. */
export function quickCnn(size: number, channels: 1 | 3, numClasses: number): ModelConfig {
  return {
    name: 'quick-cnn',
    input: { size, channels },
    numClasses,
    layers: [
      { type: 'conv2d', filters: 8, kernel: 3, stride: 2, padding: 'same' },
      { type: 'relu' },
      { type: 'conv2d', filters: 16, kernel: 3, stride: 2, padding: 'same' },
      { type: 'relu' },
      { type: 'flatten' },
      { type: 'dense', units: 32, activation: 'relu' },
    ],
  };
}
