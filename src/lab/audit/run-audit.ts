/**
 * runAudit: streams a stored dataset through a released model following a mapping, keeps
 * per-image predictions, and builds the per-group report with the fairness module.
 * Everything that can be checked up front (ops, shapes, labels, filters) fails before any
 * image is processed.
 */
import * as tf from '@tensorflow/tfjs';
import type { SplitName } from '../data/types';
import { nearestNeighbourRanks } from '../fairness/ranks';
import { etaTracker, throwIfCancelled, yieldToEventLoop, type JobContext } from '../jobs/job';
import { countSplit } from '../store/split-labels';
import type { DatasetStore } from '../store/types';
import { checkAuditSelection, defaultGroupAttributes } from './audit-checks';
import { checkMappingAgainstModel } from './check-mapping';
import { imageBatches, type RowSelection } from './dataset-batches';
import { decodeOutput } from './decode-output';
import { AuditError } from './errors';
import { parseFilter, type Filter } from './filters';
import { assertRunnable, inspectModel, type ModelInfo } from './inspect';
import { modelLabels, toDatasetLabel, validateMapping, type AuditMapping } from './mapping';
import type { LoadedModel } from './model-files';
import type { AuditPredictions, PredictionRow } from './predictions';
import { pixelsToTensor, preprocessBatch } from './preprocess';
import { buildAuditReport, buildIdentificationAuditReport, type AuditReport } from './report';
import { runModel } from '../eval/run-model';
import { SkipLog, type SkipSummary } from './skip-log';

export interface AuditSpec {
  model: LoadedModel;
  mapping: AuditMapping;
  store: DatasetStore;
  datasetId: string;
  split: SplitName | 'all';
  /** Categorical attribute holding the true label (the identity, for embedding outputs). */
  target: string;
  /** Default: the dataset's sensitive attributes other than the target; [] = no groups (overall, per class). */
  groupAttributes?: string[];
  /** e.g. ["age>=18", "race=white"]. */
  filters?: readonly (string | Filter)[];
  /** Positive dataset label for the binary rates; default the sigmoid's positive side. */
  positive?: string;
  /** Privileged group for the AIF360 view ("white", or "white|male" across two attributes). */
  privileged?: string;
  bootstrap?: number;
  seed?: number;
  batchSize?: number;
  /** Audit at most this many images. */
  limit?: number;
  /** Images lost before the store (e.g. undecodable files at import), added to the report. */
  priorSkips?: SkipSummary;
  /** Images already left out by the filters before the store (see importForAudit). */
  priorFiltered?: number;
}

export interface AuditResult {
  report: AuditReport;
  predictions: AuditPredictions;
  info: ModelInfo;
}

export async function runAudit(spec: AuditSpec, job: JobContext): Promise<AuditResult> {
  const { model, store } = spec;
  const mapping = validateMapping(spec.mapping);
  const info = await inspectModel(model, { dryRun: true });
  assertRunnable(info);
  checkMappingAgainstModel(mapping, info);

  const manifest = await store.manifest(spec.datasetId);
  if (!manifest) throw new AuditError('dataset', `No dataset "${spec.datasetId}"`);
  const filters = (spec.filters ?? []).map((f) => (typeof f === 'string' ? parseFilter(f) : f));
  const groupAttributes = spec.groupAttributes ?? defaultGroupAttributes(manifest, spec.target);
  const { positive, warnings } = checkAuditSelection(mapping, manifest, {
    target: spec.target,
    groupAttributes,
    filters,
    positive: spec.positive,
    privileged: spec.privileged,
  });
  const selection: RowSelection = {
    split: spec.split,
    target: spec.target,
    groupAttributes,
    filters,
    batchSize: spec.batchSize ?? 32,
    limit: spec.limit,
  };

  const out = mapping.output;
  const labels = modelLabels(out).map((label) =>
    toDatasetLabel(label, out.kind === 'embedding' ? undefined : out.labelMap),
  );
  const positiveClass = positive === null ? -1 : labels.indexOf(positive);
  const skips = new SkipLog();
  if (spec.priorSkips) skips.merge(spec.priorSkips);
  const filtered = { filtered: 0 };
  const total = Math.min(countSplit(manifest, spec.split), spec.limit ?? Infinity);
  const eta = etaTracker();
  const rows: PredictionRow[] = [];
  const embeddings: Float32Array[] = [];
  let dim = 0;
  const { size, channels } = manifest.image;

  for await (const batch of imageBatches(store, manifest, selection, skips, filtered, job.signal)) {
    await yieldToEventLoop();
    throwIfCancelled(job.signal);
    const n = batch.rows.length;
    const x = tf.tidy(() =>
      preprocessBatch(pixelsToTensor(batch.pixels, n, size, size, channels), mapping.input),
    );
    let result;
    try {
      result = await runModel(model, x, out.output, mapping.input.input);
    } finally {
      x.dispose();
    }
    if (out.kind === 'embedding') {
      dim = result.values.length / n;
      embeddings.push(result.values.slice());
      for (const row of batch.rows)
        rows.push({ file: row.file, yTrue: row.yTrue, yPred: '', score: null, attributes: row.attributes });
    } else {
      const decoded = decodeOutput(result.values, result.shape, out);
      batch.rows.forEach((row, i) => {
        const predicted = decoded.predicted[i];
        const scoreClass = positiveClass >= 0 ? positiveClass : predicted;
        rows.push({
          file: row.file,
          yTrue: row.yTrue,
          yPred: labels[predicted],
          score: decoded.probabilities[i * decoded.classes + scoreClass],
          attributes: row.attributes,
        });
      });
    }
    const done = rows.length + filtered.filtered;
    job.report({
      phase: 'audit',
      done,
      total,
      etaSeconds: eta(done, total),
      message: `${rows.length} images audited`,
    });
  }

  const context = {
    model: info,
    mapping,
    dataset: {
      id: manifest.id,
      name: manifest.name,
      format: manifest.source.kind === 'import' ? manifest.source.format : manifest.source.kind,
      origin: manifest.source.kind === 'synthetic' ? undefined : manifest.source.origin,
      split: spec.split,
    },
    filters: filters.map((f) => f.text),
    backend: tf.getBackend(),
    n_filtered: filtered.filtered + (spec.priorFiltered ?? 0),
    skipped: skips.summary(),
    privileged: spec.privileged,
    bootstrap: spec.bootstrap,
    seed: spec.seed,
    warnings,
  };
  if (out.kind === 'embedding') {
    const predictions: AuditPredictions = {
      kind: 'identification',
      target: spec.target,
      groupAttributes,
      positive: null,
      rows,
    };
    const all = concat(embeddings);
    const ranks = await nearestNeighbourRanks(
      all,
      dim,
      rows.map((r) => r.yTrue),
    );
    rows.forEach((row, i) => (row.rank = ranks.rankById[i]));
    return {
      report: buildIdentificationAuditReport(ranks.rankById, predictions, context),
      predictions,
      info,
    };
  }
  const predictions: AuditPredictions = {
    kind: 'classification',
    target: spec.target,
    groupAttributes,
    positive,
    rows,
  };
  return { report: buildAuditReport(predictions, context), predictions, info };
}

function concat(parts: Float32Array[]): Float32Array {
  const out = new Float32Array(parts.reduce((sum, p) => sum + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}
