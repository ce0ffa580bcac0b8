import { describe, expect, it } from 'vitest';
import type { SessionInfo } from '../../worker/api/session';
import { backendSummaryText } from './backend-summary';

const swiftshader = {
  vendor: 'google',
  architecture: 'swiftshader',
  device: '',
  description: '',
  isFallbackAdapter: true,
};
const info = (patch: Partial<SessionInfo['backend']>, extra: Partial<SessionInfo> = {}): SessionInfo => ({
  backend: {
    name: 'wasm',
    reason: 'adapter is a software fallback (google / swiftshader); calibrated: wasm 1038 img/s',
    forced: false,
    adapter: swiftshader,
    rejected: [{ name: 'webgpu', why: 'adapter is a software fallback (google / swiftshader)' }],
    ...patch,
  },
  threads: { threads: 1, singleThreadedBecause: 'not cross-origin isolated' },
  tfjsVersion: '4.22.0',
  sweptIncomplete: 0,
  ...extra,
});

describe('backendSummaryText', () => {
  it('reads "CPU (wasm, SIMD) · no usable GPU" where the long reason used to be', () => {
    expect(
      backendSummaryText(
        info({}, { kernels: 'training kernels: WebAssembly SIMD with relaxed multiply-add' }),
      ),
    ).toBe('CPU (wasm, SIMD) · no usable GPU · single-threaded');
    expect(
      backendSummaryText(info({}, { kernels: 'training kernels: JS loops (no WebAssembly SIMD)' })),
    ).toBe('CPU (wasm, no SIMD) · no usable GPU · single-threaded');
  });

  it('names a real GPU, and a forced software one as slow', () => {
    const gpu = { ...swiftshader, vendor: 'nvidia', architecture: 'ampere', isFallbackAdapter: false };
    expect(backendSummaryText(info({ name: 'webgpu', adapter: gpu, rejected: [] }))).toBe(
      'GPU (webgpu, ampere)',
    );
    expect(
      backendSummaryText(
        info({ name: 'webgpu', forced: true, rejected: [] }, { warning: 'webgpu is forced…' }),
      ),
    ).toBe('software GPU (webgpu, swiftshader) · forced · slow');
    expect(backendSummaryText(info({ name: 'cpu', forced: true, rejected: [] }))).toBe(
      'CPU (cpu, plain JS) · forced',
    );
    expect(backendSummaryText(info({ name: 'webgl' }))).toBe('GPU (webgl) · no usable WebGPU');
  });
});
