import { describe, expect, it } from 'vitest';
import type { BackendChoice } from '../backend/types';
import { forcedBackendWarning, isSoftwareFallback } from './forced-warning';

const swiftshader = {
  vendor: 'google',
  architecture: 'swiftshader',
  device: '',
  description: '',
  isFallbackAdapter: true,
};
const choice = (patch: Partial<BackendChoice>): BackendChoice => ({
  name: 'webgpu',
  reason: 'forced by the user',
  forced: true,
  adapter: swiftshader,
  rejected: [],
  ...patch,
});
const rates = { imagesPerSecond: { wasm: 1038, webgl: 101, cpu: 46 } };

describe('forcedBackendWarning', () => {
  it('warns when forced WebGPU runs on a software adapter, with the calibrated speeds', () => {
    expect(isSoftwareFallback(choice({}))).toBe(true);
    expect(forcedBackendWarning(choice({}), rates)).toBe(
      'webgpu is forced on a software adapter (google / swiftshader): it emulates a GPU on the CPU, so ' +
        'training is much slower. Calibrated: wasm 1038 img/s, webgl 101 img/s, cpu 46 img/s. ' +
        'Remove ?backend=webgpu to train on wasm.',
    );
    expect(forcedBackendWarning(choice({}))).toMatch(/software adapter.*much slower\.$/);
  });

  it('warns for cpu, and for a forced backend a calibrated one beats by 2× or more', () => {
    expect(forcedBackendWarning(choice({ name: 'cpu' }), rates)).toMatch(/^cpu is forced: .*slowest/);
    expect(forcedBackendWarning(choice({ name: 'webgl' }), rates)).toMatch(
      /^webgl is forced, though wasm trained 10× faster here\. Calibrated: .* Remove \?backend=webgl/,
    );
  });

  it('says nothing for a chosen backend, the fastest one, or a real GPU', () => {
    expect(forcedBackendWarning(choice({ forced: false }), rates)).toBeUndefined();
    expect(forcedBackendWarning(choice({ name: 'wasm' }), rates)).toBeUndefined();
    const gpu = choice({ adapter: { ...swiftshader, architecture: 'ampere', isFallbackAdapter: false } });
    expect(isSoftwareFallback(gpu)).toBe(false);
    expect(forcedBackendWarning(gpu, rates)).toBeUndefined();
  });
});
