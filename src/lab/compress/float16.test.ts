import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { useCpuBackend } from '../test-support/backend';
import { encodeFloat16, fromFloat16Bits, toFloat16Bits } from './float16';

/** tfjs's own float16 decoder, through a one-weight manifest. */
function tfjsDecode(bits: Uint16Array): Float32Array {
  const tensors = tf.io.decodeWeights(bits.buffer.slice(0) as ArrayBuffer, [
    { name: 'w', shape: [bits.length], dtype: 'float32', quantization: { dtype: 'float16' } },
  ]);
  return tensors.w.dataSync() as Float32Array;
}

describe('float16 weights', () => {
  beforeAll(useCpuBackend);

  it('rounds to nearest even, with subnormals, overflow and signed zero', () => {
    expect(toFloat16Bits(1)).toBe(0x3c00);
    expect(toFloat16Bits(-2)).toBe(0xc000);
    expect(toFloat16Bits(65504)).toBe(0x7bff);
    expect(toFloat16Bits(70000)).toBe(0x7c00);
    expect(toFloat16Bits(-0)).toBe(0x8000);
    expect(toFloat16Bits(2 ** -24)).toBe(0x0001);
    expect(toFloat16Bits(2 ** -25)).toBe(0x0000); // a tie rounds to even (0)
    expect(toFloat16Bits(3 * 2 ** -25)).toBe(0x0002); // tie between 1 and 2 → 2
    expect(toFloat16Bits(1 + 2 ** -11)).toBe(0x3c00); // tie → even mantissa
    expect(toFloat16Bits(1 + 3 * 2 ** -11)).toBe(0x3c02);
    expect(fromFloat16Bits(toFloat16Bits(1 / 3))).toBe(0.333251953125);
  });

  it('decodes exactly as tfjs decodes its float16 manifest entries', () => {
    const values = Float32Array.from(
      { length: 2000 },
      (_, i) => Math.sinh((i - 1000) / 97) * 10 ** ((i % 9) - 6),
    );
    const { bits, dequantised } = encodeFloat16(values);
    expect(tfjsDecode(bits)).toEqual(dequantised);
    const all = Uint16Array.from({ length: 0x7c00 }, (_, i) => i);
    expect(tfjsDecode(all)).toEqual(Float32Array.from(all, fromFloat16Bits));
    // Error within half an fp16 ulp (relative 2^-11) for normal values.
    values.forEach((v, i) => {
      if (Math.abs(v) > 6.2e-5 && Math.abs(v) <= 65504)
        expect(Math.abs(v - dequantised[i])).toBeLessThanOrEqual(Math.abs(v) * 2 ** -11);
    });
  });
});
