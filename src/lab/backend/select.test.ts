import { describe, expect, it, vi } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from './select';
import type { AdapterInfo } from './types';

const swiftshader: AdapterInfo = {
  vendor: 'google',
  architecture: 'swiftshader',
  device: '',
  description: '',
  isFallbackAdapter: true,
};

describe('selectBackend', () => {
  it('falls back past a software WebGPU adapter and says why', async () => {
    const choice = await selectBackend({ probeAdapter: async () => swiftshader, fallbackOrder: ['cpu'] });
    expect(choice.name).toBe('cpu');
    expect(choice.forced).toBe(false);
    expect(choice.adapter).toEqual(swiftshader);
    expect(choice.rejected[0]).toEqual({
      name: 'webgpu',
      why: 'adapter is a software fallback (google / swiftshader)',
    });
    expect(choice.reason).toMatch(/software fallback/);
  });

  it('records every backend that failed before the one that started', async () => {
    const choice = await selectBackend({ probeAdapter: async () => null, fallbackOrder: ['webgl', 'cpu'] });
    expect(choice.name).toBe('cpu');
    expect(choice.rejected.map((r) => r.name)).toEqual(['webgpu', 'webgl']);
    expect(choice.rejected[0].why).toBe('no WebGPU adapter');
  });

  it('lets a measured pick choose among working backends', async () => {
    const choice = await selectBackend({
      probeAdapter: async () => null,
      fallbackOrder: ['cpu', 'cpu'],
      pickFastest: async (working) => ({ name: working[1], why: 'calibrated: cpu 4 img/s' }),
    });
    expect(choice.reason).toBe('no WebGPU adapter; calibrated: cpu 4 img/s');
  });

  it('uses a forced backend, and fails loudly when it cannot start', async () => {
    const forced = await selectBackend({ forced: 'cpu', probeAdapter: async () => swiftshader });
    expect(forced).toMatchObject({ name: 'cpu', forced: true, reason: 'forced by the user' });
    await expect(selectBackend({ forced: 'webgpu', probeAdapter: async () => null })).rejects.toThrow(
      /webgpu/,
    );
  });

  it('skips a backend that fails to start without a word on the console', async () => {
    // Node has no WebGL: stand in a factory that throws, as tfjs-backend-webgl's does without WebGL.
    tf.registerBackend('webgl', () => {
      throw new Error('WebGL is not supported on this device');
    });
    const warn = vi.spyOn(console, 'warn');
    const error = vi.spyOn(console, 'error');
    try {
      const choice = await selectBackend({ probeAdapter: async () => null, fallbackOrder: ['webgl', 'cpu'] });
      expect(choice.name).toBe('cpu');
      expect(choice.rejected[1]).toEqual({ name: 'webgl', why: 'the webgl backend failed to initialise' });
      expect(warn).not.toHaveBeenCalled();
      expect(error).not.toHaveBeenCalled();
      expect(tf.env().getBool('PROD')).toBe(false);
    } finally {
      warn.mockRestore();
      error.mockRestore();
      tf.removeBackend('webgl');
    }
  });
});
