import { describe, expect, it } from 'vitest';
import { buildModel } from './build';
import { referenceCnn } from './families/classic';
import { midDartsCandidate } from './blocks/darts-cell';
import { achievedGflops, modelFlops } from './flops';

describe('modelFlops', () => {
  it('counts the reference CNN layer by layer', () => {
    const model = buildModel(referenceCnn(32));
    const { forwardPerImage, trainPerImage, layers } = modelFlops(model);
    const conv = layers.filter((l) => l.className === 'Conv2D').map((l) => l.flops);
    // 32²·16·(2·9·3 + 1), 16²·32·(2·9·16 + 1), 8²·64·(2·9·32 + 1)
    expect(conv).toEqual([1024 * 16 * 55, 256 * 32 * 289, 64 * 64 * 577]);
    const bn = layers.filter((l) => l.className === 'BatchNormalization').map((l) => l.flops);
    expect(bn).toEqual([4 * 1024 * 16, 4 * 256 * 32, 4 * 64 * 64]);
    expect(layers.find((l) => l.className === 'Dense')!.flops).toBe(2 * 64 * 10 + 10);
    expect(trainPerImage).toBe(3 * forwardPerImage);
    expect(forwardPerImage / 1e6).toBeGreaterThan(5.5);
    expect(forwardPerImage / 1e6).toBeLessThan(6.5);
    model.dispose();
  });

  it('counts separable, dilated and pooling ops of the DPN candidate, and scales with size', () => {
    const small = buildModel(midDartsCandidate(32, 16, 10));
    const large = buildModel(midDartsCandidate(64, 16, 10));
    const f32 = modelFlops(small);
    const kinds = new Set(f32.layers.filter((l) => l.flops > 0).map((l) => l.className));
    for (const kind of [
      'Conv2D',
      'DepthwiseConv2D',
      'DilatedDepthwiseConv',
      'MaxPooling2D',
      'AveragePooling2D',
      'Add',
    ]) {
      expect(kinds.has(kind)).toBe(true);
    }
    const ratio = modelFlops(large).forwardPerImage / f32.forwardPerImage;
    expect(ratio).toBeGreaterThan(3.9);
    expect(ratio).toBeLessThan(4.1);
    small.dispose();
    large.dispose();
  });

  it('turns throughput into GFLOP/s', () => {
    expect(achievedGflops(2e6, 500)).toBe(1);
  });
});
