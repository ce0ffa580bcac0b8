/** human's faceres GraphModel, from node_modules, audited on the shared UTKFace sample when present. */
import '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { activate } from '../backend/select';
import { configureWasm } from '../backend/wasm';
import { NodeDirectorySource } from '../data/import/node-file-source';
import { silentJob } from '../jobs/job';
import { MemoryDatasetStore } from '../store/memory-store';
import { importForAudit } from './import-for-audit';
import { assertRunnable, inspectModel } from './inspect';
import { loadModelFromFiles, type LoadedModel } from './model-files';
import { readModelFiles } from './node-model-files';
import { faceresGenderPreset, suggestPreset } from './presets';
import { reportMarkdown } from './report-markdown';
import { runAudit } from './run-audit';

const ROOT = path.resolve(__dirname, '../../..');
const FACERES = path.join(ROOT, 'node_modules/@vladmandic/human/models/faceres.json');
const UTKFACE = path.resolve(ROOT, '../shared/datasets/utkface-sample');

let model: LoadedModel;

beforeAll(async () => {
  configureWasm();
  await activate('wasm');
  model = await loadModelFromFiles(await readModelFiles(FACERES));
});

describe('human faceres', () => {
  it('inspects as a GraphModel with a 224×224 RGB input and gender, age and embedding outputs', async () => {
    const info = await inspectModel(model, { dryRun: true });
    expect(info).toMatchObject({ name: 'faceres', format: 'graph-model', backend: 'wasm' });
    expect(info.inputs).toEqual([{ name: 'input_1', shape: [null, 224, 224, 3], dtype: 'float32' }]);
    const outputs = Object.fromEntries(info.outputs.map((o) => [o.name, o.shape]));
    expect(outputs).toEqual({
      'gender_pred/Sigmoid': [null, 1],
      'global_pooling/Mean': [null, 1024],
      'age_pred/Softmax': [null, 100],
    });
    expect(info.params).toBeGreaterThan(1e6);
    expect(info.unsupported).toEqual([]);
    expect(() => assertRunnable(info)).not.toThrow();
    expect(suggestPreset(model, info)?.source).toBe('preset:faceres-gender');
  });

  it.skipIf(!existsSync(UTKFACE))(
    'audits 40 adult UTKFace images on wasm: per-race gender accuracy',
    async () => {
      const store = new MemoryDatasetStore();
      const imported = await importForAudit('utkface', new NodeDirectorySource(UTKFACE), store, {
        filters: ['age>=18'],
        limit: 40,
        seed: 1,
        modelSize: 224,
      });
      expect(imported.manifest.nImages).toBe(40);
      expect(imported.filtered).toBeGreaterThan(0);
      const { report, predictions } = await runAudit(
        {
          model,
          mapping: faceresGenderPreset(),
          store,
          datasetId: imported.manifest.id,
          split: 'all',
          target: 'gender',
          groupAttributes: ['race'],
          filters: ['age>=18'],
          priorFiltered: imported.filtered,
          bootstrap: 200,
          seed: 1,
          privileged: 'white',
        },
        silentJob(),
      );
      expect(report.kind).toBe('classification');
      if (report.kind !== 'classification') return;
      expect(report.backend).toBe('wasm');
      expect(report.dataset.n_audited).toBe(40);
      expect(report.meta.pos_label).toBe('male');
      expect(
        Object.keys(report.by_group).every((g) =>
          ['white', 'black', 'asian', 'indian', 'others'].includes(g),
        ),
      ).toBe(true);
      for (const row of Object.values(report.by_group)) expect(row.accuracy).toEqual(expect.any(Number));
      expect(report.overall.accuracy).toBeGreaterThan(0.7);
      expect(report.overall.roc_auc).toBeGreaterThan(0.7);
      expect(report.ci?.overall.accuracy).toHaveLength(2);
      expect(report.aif360?.privileged_group).toBe('white');
      expect(predictions.rows.every((r) => r.file.startsWith('images/'))).toBe(true);
      expect(reportMarkdown(report)).toContain('### By race');
      expect(tf.getBackend()).toBe('wasm');
    },
  );
});
