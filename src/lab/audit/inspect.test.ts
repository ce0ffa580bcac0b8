import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkMappingAgainstModel } from './check-mapping';
import { InputShapeError, UnsupportedOpError } from './errors';
import { assertRunnable, inspectModel } from './inspect';
import type { AuditMapping } from './mapping';
import { loadModelFromFiles } from './model-files';
import { checkOps, kernelForOp } from './op-support';
import { tinyGraphModelFiles, tinyLayersModelFiles } from '../test-support/audit-fixtures';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const mapping = (size: number, channels: 'rgb' | 'gray'): AuditMapping => ({
  input: { size: [size, size], resize: 'bilinear', crop: 'none', channels, scale: '0-1' },
  output: { kind: 'classes', output: 'logits', activation: 'softmax', classNames: ['no', 'yes'] },
});

describe('inspectModel', () => {
  it('describes a LayersModel: inputs, outputs, parameters, size', async () => {
    const loaded = await loadModelFromFiles(await tinyLayersModelFiles(8, 3, ['no', 'yes'], 'smile'));
    const info = await inspectModel(loaded);
    expect(info.format).toBe('layers-model');
    expect(info.inputs).toHaveLength(1);
    expect(info.inputs[0].shape).toEqual([null, 8, 8, 3]);
    expect(info.outputs.map((o) => o.name)).toEqual(['logits']);
    expect(info.outputs[0].shape).toEqual([null, 2]);
    // conv 3·3·3·4 + 4, dense (3·3·4)·2 + 2.
    expect(info.params).toBe(3 * 3 * 3 * 4 + 4 + 36 * 2 + 2);
    expect(info.sizeBytes).toBeGreaterThan(info.params * 4);
    expect(info.unsupported).toEqual([]);
  });

  it('names an op tfjs cannot run, before any data', async () => {
    const loaded = await loadModelFromFiles(tinyGraphModelFiles('BogusOp'));
    const info = await inspectModel(loaded, { dryRun: true });
    expect(info.ops).toEqual({ Placeholder: 1, BogusOp: 1 });
    expect(info.unsupported.map((o) => o.op)).toEqual(['BogusOp']);
    expect(() => assertRunnable(info)).toThrow(UnsupportedOpError);
    expect(() => assertRunnable(info)).toThrow(/"BogusOp" that the cpu backend of tfjs cannot run/);
  });

  it('names the unknown op when tfjs cannot even load the graph', async () => {
    const json = JSON.parse(new TextDecoder().decode(tinyGraphModelFiles('BogusOp').get('model.json')));
    delete json.modelTopology.versions;
    const files = new Map([['model.json', new TextEncoder().encode(JSON.stringify(json))]]);
    await expect(loadModelFromFiles(files)).rejects.toThrow(UnsupportedOpError);
  });

  it('learns a GraphModel output shape with a dry run', async () => {
    const info = await inspectModel(await loadModelFromFiles(tinyGraphModelFiles('Relu')), { dryRun: true });
    expect(info.inputs).toEqual([{ name: 'x', shape: [null, 4, 4, 3], dtype: 'float32' }]);
    expect(info.outputs[0]).toMatchObject({ name: 'y', shape: [null, 4, 4, 3] });
  });

  it('rejects a mapping whose input shape does not fit, with its own error', async () => {
    const info = await inspectModel(
      await loadModelFromFiles(await tinyLayersModelFiles(8, 3, ['no', 'yes'], 'smile')),
    );
    expect(() => checkMappingAgainstModel(mapping(8, 'rgb'), info)).not.toThrow();
    expect(() => checkMappingAgainstModel(mapping(16, 'rgb'), info)).toThrow(InputShapeError);
    expect(() => checkMappingAgainstModel(mapping(8, 'gray'), info)).toThrow(
      /expects shape \[\?, 8, 8, 3\] but the mapping produces \[\?, 8, 8, 1\]/,
    );
    const wrongOutput = { ...mapping(8, 'rgb'), output: { ...mapping(8, 'rgb').output, output: 'probs' } };
    expect(() => checkMappingAgainstModel(wrongOutput, info)).toThrow(/no output "probs" \(it has: logits\)/);
  });
});

describe('op support', () => {
  it('maps TF op names to tfjs kernels', () => {
    expect(kernelForOp('AddV2')).toBe('Add');
    expect(kernelForOp('_FusedConv2D')).toBe('FusedConv2D');
    expect(kernelForOp('Const')).toBeNull();
    expect(kernelForOp('Relu')).toBe('Relu');
  });

  it('finds every op of human faceres supported on cpu, and a bogus op unsupported', () => {
    const ops = [
      'Placeholder',
      'Const',
      'Conv2D',
      'DepthwiseConv2dNative',
      '_FusedMatMul',
      'AddV2',
      'Mean',
      'Sigmoid',
      'Softmax',
    ];
    expect(checkOps(ops, 'cpu').filter((o) => !o.supported)).toEqual([]);
    expect(checkOps(['NotARealOp'], 'cpu')[0]).toMatchObject({
      supported: false,
      reason: expect.stringMatching(/no mapping/),
    });
  });
});
