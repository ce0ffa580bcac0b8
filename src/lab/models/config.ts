/** Architectures as plain JSON: a list of blocks over an image input, ending in class logits. */

export type LayerSpec =
  | {
      type: 'conv2d';
      filters: number;
      kernel: number;
      stride?: number;
      padding?: 'same' | 'valid';
      useBias?: boolean;
    }
  | { type: 'batchNorm' }
  | { type: 'relu' }
  | { type: 'maxPool'; size: number; stride?: number }
  | { type: 'avgPool'; size: number; stride?: number }
  | { type: 'globalAvgPool' }
  | { type: 'flatten' }
  | { type: 'dense'; units: number; activation?: 'relu' | 'linear' }
  | { type: 'dropout'; rate: number }
  | { type: 'dpnCell'; channels: number; ops: [string, string, string]; stride?: number };

export interface ModelConfig {
  name: string;
  input: { size: number; channels: 1 | 3 };
  /** Feature extractor; a final dense layer to `numClasses` logits is appended by the builder. */
  layers: LayerSpec[];
  numClasses: number;
  /** Seeds the weight initialisers, so the same config and seed give the same model. */
  seed?: number;
}

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

export const MODEL_PRESETS = {
  'quick-cnn': quickCnn,
  'reference-cnn': (size: number, channels: 1 | 3, numClasses: number) =>
    referenceCnn(size, channels, numClasses),
} as const;

export type ModelPresetName = keyof typeof MODEL_PRESETS;

export function isModelPreset(name: string): name is ModelPresetName {
  return name in MODEL_PRESETS;
}
