import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { beforeAll, describe, expect, it } from 'vitest';
import { MemorySweepStore } from '../../lab/compress/sweep-store';
import { modelToFiles } from '../../lab/models/artifacts';
import { buildModel } from '../../lab/models/build';
import { quickCnn } from '../../lab/models/families/classic';
import { IdbRunStore } from '../../lab/runs/idb-run-store';
import type { RunRecord } from '../../lab/runs/types';
import { MemoryDatasetStore } from '../../lab/store/memory-store';
import { makeRandomDataset } from '../../lab/test-support/store-fixtures';
import { useCpuBackend } from '../../lab/test-support/backend';
import { compressHandlers } from './compress';
import type { LabContext } from './context';

describe('the Worker’s compress methods', () => {
  const sweeps = new MemorySweepStore();
  let handlers: ReturnType<typeof compressHandlers>;
  let datasetId: string;
  beforeAll(async () => {
    await useCpuBackend();
    const datasets = new MemoryDatasetStore();
    const manifest = await makeRandomDataset(datasets, {
      n: 200,
      size: 8,
      channels: 1,
      attrs: { expression: 3, skin: ['a', 'b'] },
    });
    datasetId = manifest.id;
    const runs = new IdbRunStore(new IDBFactory());
    const model = buildModel({ ...quickCnn(8, 1, 3), seed: 1 });
    const files = await modelToFiles(model, {
      fairnessLab: { runId: 'run-1', target: 'expression', classNames: ['v0', 'v1', 'v2'] },
      dataset: { id: manifest.id, name: manifest.name },
    });
    model.dispose();
    await runs.put(
      { id: 'run-1', model: { name: 'quick-cnn' }, createdAt: '2026-01-01' } as unknown as RunRecord,
      files,
    );
    const ctx: LabContext = {
      datasets,
      runs,
      backend: { name: 'cpu', reason: 'test', forced: true, adapter: null, rejected: [] },
    };
    handlers = compressHandlers(ctx, sweeps);
  });
  const job = (signal = new AbortController().signal) => ({ signal, report: () => {} });

  it('inspects a run’s model: its prunable kernels, sizes and the metadata’s dataset', async () => {
    const info = await handlers.inspectCompressModel({ kind: 'run', runId: 'run-1' }, job());
    expect(info.prunable.map((p) => p.weight)).toEqual([
      'conv_1/kernel',
      'conv_2/kernel',
      'dense_1/kernel',
      'logits/kernel',
    ]);
    expect(info.datasetId).toBe(datasetId);
    expect(info.target).toBe('expression');
    expect(info.sizeBytes).toBe(4 * info.parameters);
    expect(info.structuredProblem).toBeNull();
    const check = await handlers.checkSweep(
      {
        source: { kind: 'run', runId: 'run-1' },
        datasetId,
        options: { methods: 'prune:2', repeats: 1, seed: 1, bootstrap: 0 },
      },
      job(),
    );
    expect(check.problems).toEqual(['sparsity must be in [0, 1) (got 2)']);
  });

  it('runs a sweep, stores it with its exports and CIE images; a cancel keeps the finished settings', async () => {
    const request = {
      source: { kind: 'run' as const, runId: 'run-1' },
      datasetId,
      options: { methods: 'int8,prune:0.9', repeats: 2, seed: 1, bootstrap: 0 },
    };
    const record = await handlers.runSweep(request, job());
    expect((await handlers.listSweeps(undefined, job())).map((r) => r.status)).toEqual(['done']);
    const files = await handlers.exportCompressedModel(
      { sweepId: record.id, settingKey: 'prune:0.9' },
      job(),
    );
    expect(JSON.parse(files['model.json']).userDefinedMetadata.compression.setting).toBe('prune:0.9');
    const pruned = record.settings.find((s) => s.key === 'prune:0.9')!;
    const group = Object.keys(pruned.cie!.examples)[0];
    const images = await handlers.cieImages(
      { sweepId: record.id, settingKey: 'prune:0.9', group, count: 5 },
      job(),
    );
    expect(images.images.length).toBe(Math.min(5, pruned.cie!.examples[group].length));
    expect(images.images[0].pixels.length).toBe(64);
    expect(Object.keys(images.images[0].labels)).toEqual([
      'expression',
      'uncompressed',
      'compressed',
      'skin',
    ]);

    const controller = new AbortController();
    const cancelling = {
      signal: controller.signal,
      report: (p: { message?: string }) => {
        if (p.message?.startsWith('prune')) controller.abort();
      },
    };
    await expect(handlers.runSweep(request, cancelling)).rejects.toThrow('Cancelled');
    const [, cut] = await handlers.listSweeps(undefined, job());
    expect(cut.status).toBe('cancelled');
    expect(cut.settings.map((s) => s.key)).toEqual(['baseline', 'int8']);
    await handlers.deleteSweep({ id: cut.id }, job());
    expect(await handlers.listSweeps(undefined, job())).toHaveLength(1);
  });
});
