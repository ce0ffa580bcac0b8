/**
 * Dynamic-range int8 post-training quantisation of weights, as TFLite's `Optimize.DEFAULT` does
 * without a representative dataset: symmetric int8 in [−127, 127] (TFLite's quantisation spec:
 * zero point 0, scale = max|w| / 127), rounding half away from zero, activations stay float.
 *
 * Per tensor, the codes are stored as tfjs's uint8 affine entry (u = q + 127, value = u·scale + min
 * with min = −127·scale), so the dequantised values below are bit for bit what tf.loadLayersModel
 * decodes. Per channel (one scale per output channel, TFLite's per-axis conv quantisation) has no
 * tfjs manifest form; its dequantised value is fround(q · fround(scale_c)).
 * TFLite leaves weight tensors under 1,024 elements in float; the lab quantises every kernel, so
 * the tiny models of the tests and the e2e shrink too.
 */
import { outputChannels } from './prunable';

export type Int8Granularity = 'tensor' | 'channel';

export const INT8_MAX = 127;

export interface Int8Weights {
  granularity: Int8Granularity;
  codes: Int8Array;
  /** One scale (per tensor) or one per output channel (float32-exact values). */
  scales: number[];
  /** The values a reader decodes. */
  dequantised: Float32Array;
}

const roundHalfAway = (x: number) => Math.sign(x) * Math.round(Math.abs(x));

function scaleFor(maxAbs: number): number {
  // An all-zero tensor keeps every code at 0; any positive scale decodes it to 0.
  return maxAbs > 0 ? maxAbs / INT8_MAX : 1;
}

function code(value: number, scale: number): number {
  return Math.max(-INT8_MAX, Math.min(INT8_MAX, roundHalfAway(value / scale)));
}

/** tfjs's affine decode of a per-tensor code (io_utils decodeWeight: v·scale + min into float32). */
export function decodeAffine(q: number, scale: number): number {
  return Math.fround((q + INT8_MAX) * scale + -INT8_MAX * scale);
}

export function quantizeInt8(
  values: Float32Array,
  weight: { shape: number[]; role: string },
  granularity: Int8Granularity,
): Int8Weights {
  const n = values.length;
  const codes = new Int8Array(n);
  const dequantised = new Float32Array(n);
  if (granularity === 'tensor') {
    let maxAbs = 0;
    for (let i = 0; i < n; i++) maxAbs = Math.max(maxAbs, Math.abs(values[i]));
    const scale = scaleFor(maxAbs);
    for (let i = 0; i < n; i++) {
      codes[i] = code(values[i], scale);
      dequantised[i] = decodeAffine(codes[i], scale);
    }
    return { granularity, codes, scales: [scale], dequantised };
  }
  const channels = outputChannels(weight);
  const maxAbs = new Float64Array(channels);
  for (let i = 0; i < n; i++) {
    const c = i % channels;
    maxAbs[c] = Math.max(maxAbs[c], Math.abs(values[i]));
  }
  const scales = Array.from(maxAbs, (m) => Math.fround(scaleFor(m)));
  for (let i = 0; i < n; i++) {
    const s = scales[i % channels];
    codes[i] = code(values[i], s);
    dequantised[i] = Math.fround(codes[i] * s);
  }
  return { granularity, codes, scales, dequantised };
}
