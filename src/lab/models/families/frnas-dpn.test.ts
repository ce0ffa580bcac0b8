import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { useCpuBackend } from '../../test-support/backend';
import { buildModel, buildTrainable } from '../build';
import type { DualPathBlockSpec, FrnasOpIndex } from '../config';
import { createOptimizer } from '../../train/optimizers/create';
import { createTrainStep } from '../../train/step';
import { frnasDpn, frnasWidths } from './frnas-dpn';
import { parseEdges } from './frnas-ops';
import { dualPathBlockPlan, type PlanStep } from './frnas-plan';

const bn = (channels: number): PlanStep => ({ layer: 'bn', channels });
const relu: PlanStep = { layer: 'relu' };
const conv = (kernel: number, cin: number, out: number[], groups = 1, stride = 1): PlanStep => ({
  layer: 'conv',
  kernel,
  in: cin,
  out,
  groups,
  stride,
});

describe('FR-NAS dual-path block plan', () => {
  // FR-NAS's conv3 block ('down'): in 316 → r 400, bw 512, inc 64, groups 50, stride 2.
  const block = (edges: string): DualPathBlockSpec => ({
    type: 'dualPathBlock',
    ops: parseEdges(edges),
    r: 400,
    bw: 512,
    inc: 64,
    groups: 50,
    stride: 2,
  });
  // c1x1_w_s2 = BnActConv2d(in, bw + 2·inc, k=1, stride=2), sliced at bw.
  const projection = [bn(316), relu, conv(1, 316, [512, 128], 1, 2)];

  it('"000": BnActConv2d 3×3 on every edge', () => {
    expect(dualPathBlockPlan(block('000'), 316)).toEqual({
      projection,
      edges: [
        [bn(316), relu, conv(3, 316, [400])],
        [bn(400), relu, conv(3, 400, [400], 50, 2)],
        [bn(400), relu, conv(3, 400, [512, 64])],
      ],
      outChannels: 512 + 3 * 64,
    });
  });

  it('"010": the grouped edge 2 is a BnActConv2d 1×1', () => {
    expect(dualPathBlockPlan(block('010'), 316).edges).toEqual([
      [bn(316), relu, conv(3, 316, [400])],
      [bn(400), relu, conv(1, 400, [400], 50, 2)],
      [bn(400), relu, conv(3, 400, [512, 64])],
    ]);
  });

  it('"680": ActConv2dBn 3×3, ActConv2dBn 5×5 grouped, BnActConv2d 3×3', () => {
    expect(dualPathBlockPlan(block('680'), 316).edges).toEqual([
      [conv(3, 316, [400]), bn(400), relu],
      [conv(5, 400, [400], 50, 2), bn(400), relu],
      [bn(400), relu, conv(3, 400, [512, 64])],
    ]);
  });

  it('bare convs (ops 3–5) have no BN or ReLU', () => {
    expect(dualPathBlockPlan(block('345'), 316).edges).toEqual([
      [conv(3, 316, [400])],
      [conv(1, 400, [400], 50, 2)],
      [conv(5, 400, [512, 64])],
    ]);
  });
});

describe('FR-NAS DPN network', () => {
  beforeAll(useCpuBackend);

  it('keeps FR-NAS widths at width 1 and scales them, groups dividing every r', () => {
    expect(frnasWidths(1)).toEqual({
      init: 128,
      groups: 50,
      stages: [
        { bw: 256, r: 200, inc: 20, stride: 1 },
        { bw: 512, r: 400, inc: 64, stride: 2 },
        { bw: 1024, r: 800, inc: 64, stride: 2 },
        { bw: 2048, r: 1600, inc: 128, stride: 2 },
      ],
    });
    const w = frnasWidths(0.08);
    expect(w.groups).toBe(4);
    expect(w.stages.map((s) => s.r)).toEqual([16, 32, 64, 128]);
    expect(() => frnasWidths(0.125)).toThrow(/groups 6 do not divide the width of stage conv2 \(r = 25/);
    expect(() => frnasWidths(0.08, 3)).toThrow(/groups 3 do not divide/);
  });

  it('refuses edges that are not three digits 0–8', () => {
    for (const bad of ['69', '0000', '09a', '9', '']) {
      expect(() =>
        frnasDpn({ edges: bad, width: 0.08, embedding: 8, smallStem: true }, { size: 16, channels: 3 }, 4),
      ).toThrow(/edges must be three digits 0–8/);
    }
  });

  it('builds the network as FR-NAS does: stem, 4 blocks, BN-ELU, pooling, embedding', () => {
    const config = frnasDpn(
      { edges: '680', width: 0.08, embedding: 32, smallStem: false },
      { size: 32, channels: 3 },
      5,
    );
    const model = buildModel({ ...config, head: { kind: 'cosface' }, seed: 1 });
    const classes = model.layers.map((l) => l.getClassName());
    expect(classes.slice(0, 5)).toEqual([
      'InputLayer',
      'Conv2D',
      'BatchNormalization',
      'ReLU',
      'MaxPooling2D',
    ]);
    expect(classes.slice(-4)).toEqual(['BatchNormalization', 'ELU', 'GlobalAveragePooling2D', 'Dense']);
    expect(model.getLayer('embedding').outputShape).toEqual([null, 32]);
    // 32 → stem /2 → pool /2 → 8, then blocks at stride 1, 2, 2, 2 → 1; last block: bw + 3·inc = 164 + 30.
    const duals = model.layers.filter((l) => l.name.startsWith('frnas_dual'));
    expect(duals.map((l) => l.outputShape)).toEqual([
      [null, 8, 8, 20 + 6],
      [null, 4, 4, 41 + 15],
      [null, 2, 2, 82 + 15],
      [null, 1, 1, 164 + 30],
    ]);
    // Edge 2 (op 8: 5×5) is the only grouped conv, one per block.
    const grouped = model.layers.filter((l) => l.getClassName() === 'GroupedConv2D');
    expect(grouped.map((l) => (l.getConfig() as { groups: number; kernelSize: number }).groups)).toEqual([
      4, 4, 4, 4,
    ]);
    expect(grouped.every((l) => (l.getConfig() as { kernelSize: number }).kernelSize === 5)).toBe(true);
    model.dispose();
  });

  it('each of the nine ops on each of the three edges builds and trains a step with a finite loss', async () => {
    for (let edge = 0; edge < 3; edge++) {
      for (let op = 0; op < 9; op++) {
        const ops: FrnasOpIndex[] = [1, 1, 1];
        ops[edge] = op as FrnasOpIndex;
        const config = frnasDpn(
          { edges: ops.join(''), width: 0.04, embedding: 8, smallStem: true },
          { size: 16, channels: 1 },
          3,
        );
        const trainable = buildTrainable({ ...config, head: { kind: 'cosface' }, seed: 2 });
        const optimizer = createOptimizer({ name: 'sgd', learningRate: 0.1 }, trainable.variables());
        const step = createTrainStep(trainable, optimizer);
        const x = tf.randomUniform([4, 16, 16, 1], 0, 1, 'float32', 3) as tf.Tensor4D;
        const labels = tf.tensor1d([0, 1, 2, 0], 'int32');
        const { loss } = await step({ x, labels }, 0.1);
        expect(Number.isFinite(loss), `op ${op} at edge ${edge + 1}: loss ${loss}`).toBe(true);
        tf.dispose([x, labels]);
        optimizer.dispose();
        trainable.dispose();
      }
    }
  });
});
