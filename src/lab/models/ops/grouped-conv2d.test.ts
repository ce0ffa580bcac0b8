import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { useCpuBackend, useTrainingBackend } from '../../test-support/backend';
import { blockDiagonalKernel, groupedConv2d } from './grouped-conv2d';

/** The definition: out[o] = Σ over the inputs of o's group, one plain conv per group. */
function perGroupConv(x: tf.Tensor4D, kernel: tf.Tensor4D, groups: number, stride: number): tf.Tensor4D {
  return tf.tidy(() => {
    const [, , cpi, cout] = kernel.shape;
    const cpo = cout / groups;
    const parts = Array.from({ length: groups }, (_, g) =>
      tf.conv2d(
        tf.slice(x, [0, 0, 0, g * cpi], [-1, -1, -1, cpi]) as tf.Tensor4D,
        tf.slice(kernel, [0, 0, 0, g * cpo], [-1, -1, -1, cpo]) as tf.Tensor4D,
        stride,
        'same',
      ),
    );
    return tf.concat(parts, 3) as tf.Tensor4D;
  });
}

const CASES = [
  { cin: 8, cout: 8, groups: 2, k: 3, stride: 1 },
  { cin: 12, cout: 6, groups: 3, k: 5, stride: 2 },
  { cin: 16, cout: 16, groups: 4, k: 1, stride: 2 },
  { cin: 16, cout: 16, groups: 4, k: 3, stride: 2 },
  { cin: 6, cout: 12, groups: 6, k: 3, stride: 1 },
];

async function gradients(caseIndex: number) {
  const { cin, cout, groups, k, stride } = CASES[caseIndex];
  const x = tf.randomNormal([2, 7, 7, cin], 0, 1, 'float32', 10 + caseIndex) as tf.Tensor4D;
  const kernel = tf.randomNormal([k, k, cin / groups, cout], 0, 1, 'float32', 20 + caseIndex) as tf.Tensor4D;
  const dy = tf.randomNormal(perGroupConv(x, kernel, groups, stride).shape, 0, 1, 'float32', 30);
  const f = (a: tf.Tensor4D, w: tf.Tensor4D) =>
    tf.sum(tf.mul(groupedConv2d(a, w, groups, stride, 'same'), dy));
  const [dx, dw] = tf.grads(f as (...args: tf.Tensor[]) => tf.Tensor)([x, kernel]);
  const y = groupedConv2d(x, kernel, groups, stride, 'same');
  const out = { y: await y.array(), dx: await dx.array(), dw: await dw.array() };
  tf.dispose([x, kernel, dy, dx, dw, y]);
  return out;
}

describe('groupedConv2d', () => {
  afterAll(useCpuBackend);

  it('equals one plain conv per group, and the plain conv with the block-diagonal kernel (cpu)', async () => {
    await useCpuBackend();
    for (const { cin, cout, groups, k, stride } of CASES) {
      const x = tf.randomNormal([2, 9, 9, cin], 0, 1, 'float32', 1) as tf.Tensor4D;
      const kernel = tf.randomNormal([k, k, cin / groups, cout], 0, 1, 'float32', 2) as tf.Tensor4D;
      const grouped = groupedConv2d(x, kernel, groups, stride, 'same');
      const reference = perGroupConv(x, kernel, groups, stride);
      const full = blockDiagonalKernel(kernel, groups);
      const dense = tf.conv2d(x, full, stride, 'same');
      expect(grouped.shape).toEqual(reference.shape);
      expect(tf.max(tf.abs(tf.sub(grouped, reference))).dataSync()[0]).toBeLessThan(1e-4);
      expect(tf.max(tf.abs(tf.sub(dense, reference))).dataSync()[0]).toBeLessThan(1e-4);
      tf.dispose([x, kernel, grouped, reference, full, dense]);
    }
  });

  it('has the gradients of the per-group definition (cpu)', async () => {
    await useCpuBackend();
    const { cin, cout, groups, k, stride } = CASES[1];
    const x = tf.randomNormal([2, 7, 7, cin], 0, 1, 'float32', 3) as tf.Tensor4D;
    const kernel = tf.randomNormal([k, k, cin / groups, cout], 0, 1, 'float32', 4) as tf.Tensor4D;
    const loss = (conv: typeof groupedConv2d) => (a: tf.Tensor, w: tf.Tensor) =>
      tf.sum(tf.square(conv(a as tf.Tensor4D, w as tf.Tensor4D, groups, stride, 'same')));
    const ours = tf.grads(loss(groupedConv2d))([x, kernel]);
    const reference = tf.grads(loss((a, w, g, s) => perGroupConv(a, w, g, s)))([x, kernel]);
    for (let i = 0; i < 2; i++)
      expect(tf.max(tf.abs(tf.sub(ours[i], reference[i]))).dataSync()[0]).toBeLessThan(1e-3);
    tf.dispose([x, kernel, ...ours, ...reference]);
  });

  it('gives the same outputs and gradients on wasm as on cpu', async () => {
    for (let c = 0; c < CASES.length; c++) {
      await useCpuBackend();
      const cpu = await gradients(c);
      await useTrainingBackend();
      const wasm = await gradients(c);
      for (const key of ['y', 'dx', 'dw'] as const) {
        const a = (cpu[key] as number[][][][]).flat(3);
        const b = (wasm[key] as number[][][][]).flat(3);
        const worst = Math.max(...a.map((v, i) => Math.abs(v - b[i]) / (1 + Math.abs(v))));
        expect(worst, `case ${c} ${key}`).toBeLessThan(1e-4);
      }
    }
  });
});
