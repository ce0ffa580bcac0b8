import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { MemoryDatasetStore } from '../store/memory-store';
import { makeRandomDataset } from '../test-support/store-fixtures';
import { silentJob } from '../jobs/job';
import { auditPredictionsCsv } from './csv-audit';
import { AuditError } from './errors';
import { inspectModel } from './inspect';
import type { AuditMapping } from './mapping';
import { loadModelFromFiles, type LoadedModel } from './model-files';
import { predictionsCsv } from './predictions';
import { labMetadata, labModelPreset } from './presets';
import type { AuditReport, ClassificationAuditReport } from './report';
import { runAudit, type AuditSpec } from './run-audit';
import { tinyLayersModelFiles } from '../test-support/audit-fixtures';

const SIZE = 8;
let store: MemoryDatasetStore;
let model: LoadedModel;
let mapping: AuditMapping;

beforeAll(async () => {
  await tf.setBackend('cpu');
  store = new MemoryDatasetStore();
  await makeRandomDataset(store, {
    id: 'faces',
    n: 150,
    size: SIZE,
    channels: 3,
    shardSize: 40,
    attrs: { smile: ['no', 'yes'], skin: ['light', 'dark'], gender: ['male', 'female'], identity: 6 },
    targets: ['smile', 'identity'],
    sensitive: ['skin', 'gender'],
    numeric: ['age'],
    files: true,
    seed: 7,
  });
  model = await loadModelFromFiles(await tinyLayersModelFiles(SIZE, 3, ['no', 'yes'], 'smile'));
  mapping = labModelPreset(await inspectModel(model), labMetadata(model)!);
});

function classification(report: AuditReport): ClassificationAuditReport {
  if (report.kind !== 'classification')
    throw new Error(`expected a classification report, got ${report.kind}`);
  return report;
}

function spec(overrides: Partial<AuditSpec> = {}): AuditSpec {
  return {
    model,
    mapping,
    store,
    datasetId: 'faces',
    split: 'all',
    target: 'smile',
    groupAttributes: ['skin'],
    positive: 'yes',
    ...overrides,
  };
}

/** The model's predictions computed directly: every image scaled to 0..1, argmax of the logits. */
async function directPredictions(): Promise<{ file: string; yTrue: string; yPred: string; skin: string }[]> {
  if (model.format !== 'layers-model') throw new Error('expected a LayersModel');
  const manifest = (await store.manifest('faces'))!;
  const out: { file: string; yTrue: string; yPred: string; skin: string }[] = [];
  for (let s = 0; s < manifest.nShards; s++) {
    const shard = await store.shard('faces', s);
    const x = tf.tidy(() => tf.tensor4d(Float32Array.from(shard.pixels), [shard.n, SIZE, SIZE, 3]).div(255));
    const logits = model.model.predict(x) as tf.Tensor2D;
    const argmax = Array.from(await logits.argMax(1).data());
    tf.dispose([x, logits]);
    for (let i = 0; i < shard.n; i++) {
      out.push({
        file: shard.files![i],
        yTrue: ['no', 'yes'][shard.categorical.smile[i]],
        yPred: ['no', 'yes'][argmax[i]],
        skin: ['light', 'dark'][shard.categorical.skin[i]],
      });
    }
  }
  return out;
}

describe('runAudit', () => {
  it('matches a direct computation of the predictions and per-group accuracy', async () => {
    const progress: number[] = [];
    const { report: result, predictions } = await runAudit(spec(), {
      ...silentJob(),
      report: (p) => progress.push(p.done),
    });
    const report = classification(result);
    const direct = await directPredictions();
    expect(predictions.rows.map((r) => [r.file, r.yTrue, r.yPred, r.attributes.skin])).toEqual(
      direct.map((d) => [d.file, d.yTrue, d.yPred, d.skin]),
    );
    for (const group of ['light', 'dark']) {
      const rows = direct.filter((d) => d.skin === group);
      const accuracy = rows.filter((d) => d.yTrue === d.yPred).length / rows.length;
      expect(report.by_group[group].accuracy).toBeCloseTo(accuracy, 12);
      expect(report.by_group[group].count).toBe(rows.length);
    }
    expect(report.dataset).toMatchObject({ id: 'faces', split: 'all', target: 'smile', n_audited: 150 });
    expect(report.model).toMatchObject({ format: 'layers-model', params: expect.any(Number) });
    expect(report.mapping).toEqual(mapping);
    expect(report.backend).toBe('cpu');
    expect(report.n_skipped).toBe(0);
    expect(progress.at(-1)).toBe(150);
    expect(predictions.rows.every((r) => r.score !== null && r.score >= 0 && r.score <= 1)).toBe(true);
  });

  it('reports intersections, per-attribute views, intervals and the AIF360 view', async () => {
    const { report } = await runAudit(
      spec({ groupAttributes: ['skin', 'gender'], bootstrap: 50, seed: 3, privileged: 'light' }),
      silentJob(),
    );
    expect(report.kind).toBe('classification');
    if (report.kind !== 'classification') return;
    expect(Object.keys(report.by_group).sort()).toEqual([
      'dark|female',
      'dark|male',
      'light|female',
      'light|male',
    ]);
    expect(Object.keys(report.by_attribute!)).toEqual(['skin', 'gender']);
    expect(report.by_attribute!.skin.aif360?.privileged_group).toBe('light');
    expect(report.by_attribute!.skin.ci?.replicates).toBe(50);
    expect(report.ci?.disparities.accuracy_difference).toHaveLength(2);
  });

  it('applies filters before metrics and logs skipped images by reason', async () => {
    const missing = new MemoryDatasetStore();
    await makeRandomDataset(missing, {
      id: 'holes',
      n: 120,
      size: SIZE,
      attrs: { smile: ['no', 'yes'], skin: ['light', 'dark'] },
      targets: ['smile'],
      numeric: ['age'],
      missingRate: 0.1,
      seed: 9,
    });
    const { report, predictions } = await runAudit(
      spec({ store: missing, datasetId: 'holes', filters: ['age>=0.5'], bootstrap: 0 }),
      silentJob(),
    );
    expect(report.filters).toEqual(['age>=0.5']);
    expect(report.n_skipped).toBeGreaterThan(0);
    expect(report.skipped.map((s) => s.reason).sort()).toEqual(['missing skin', 'missing smile']);
    expect(report.n_skipped + report.n_filtered + predictions.rows.length).toBe(120);
    expect(report.n_filtered).toBeGreaterThan(20);
  });

  it('fails before any image on a bad filter, label, privileged group or shape', async () => {
    await expect(runAudit(spec({ filters: ['skin>light'] }), silentJob())).rejects.toThrow(/categorical/);
    const renamed: AuditMapping = {
      ...mapping,
      output: { ...mapping.output, classNames: ['frown', 'grin'] } as AuditMapping['output'],
    };
    await expect(runAudit(spec({ mapping: renamed }), silentJob())).rejects.toThrow(
      /model labels "frown", "grin" have no value of "smile"/,
    );
    const mapped: AuditMapping = {
      ...renamed,
      output: { ...renamed.output, labelMap: { frown: 'no', grin: 'yes' } } as AuditMapping['output'],
    };
    await expect(runAudit(spec({ mapping: mapped, limit: 10 }), silentJob())).resolves.toBeDefined();
    await expect(runAudit(spec({ privileged: 'purple' }), silentJob())).rejects.toThrow(
      /Privileged group "purple"/,
    );
    const big: AuditMapping = { ...mapping, input: { ...mapping.input, size: [16, 16] } };
    await expect(runAudit(spec({ mapping: big }), silentJob())).rejects.toThrow(AuditError);
  });

  it('audits with no group attributes: overall and per class, "no groups given"', async () => {
    const { report: result, predictions } = await runAudit(
      spec({ groupAttributes: [], bootstrap: 30 }),
      silentJob(),
    );
    const report = classification(result);
    const direct = await directPredictions();
    const accuracy = direct.filter((d) => d.yTrue === d.yPred).length / direct.length;
    expect(report.overall.accuracy).toBeCloseTo(accuracy, 12);
    expect(report.by_group).toEqual({});
    expect(report.group_attributes).toEqual([]);
    expect(report.ci?.overall.accuracy).toHaveLength(2);
    expect(report.warnings).toContain('no groups given: overall and per-class metrics only, no disparities');
    expect(predictionsCsv(predictions).split('\n')[0]).toBe('file,y_true,y_pred,score');
    // Identification compares groups, so it still needs one; and a privileged group needs groups.
    const embedding: AuditMapping = { ...mapping, output: { kind: 'embedding', output: 'logits' } };
    await expect(
      runAudit(
        spec({ mapping: embedding, target: 'identity', positive: undefined, groupAttributes: [] }),
        silentJob(),
      ),
    ).rejects.toThrow(/choose at least one group attribute/);
    await expect(runAudit(spec({ groupAttributes: [], privileged: 'light' }), silentJob())).rejects.toThrow(
      /needs group attributes/,
    );
  });

  it('gives the same report from its predictions CSV', async () => {
    const { report: result, predictions } = await runAudit(spec(), silentJob());
    const report = classification(result);
    const again = auditPredictionsCsv(predictionsCsv(predictions), { name: 'preds.csv', positive: 'yes' });
    expect(again.report.by_group).toEqual(report.by_group);
    expect(again.report.disparities).toEqual(report.disparities);
    expect(again.report.model).toBeNull();
  });

  it('ranks embeddings for identification metrics', async () => {
    const embedding: AuditMapping = { ...mapping, output: { kind: 'embedding', output: 'logits' } };
    const { report, predictions } = await runAudit(
      spec({ mapping: embedding, target: 'identity', positive: undefined }),
      silentJob(),
    );
    expect(report.kind).toBe('identification');
    expect(predictions.rows.every((r) => Number.isInteger(r.rank))).toBe(true);
    expect(predictionsCsv(predictions).split('\n')[0]).toBe('file,y_true,rank,skin');
  });
});
