/**
 * The Audit page's sample model: nothing is bundled (a third-party model would need its licence
 * stated); instead the lab trains its own quick CNN on its own synthetic faces, in the browser,
 * with the Train page's defaults, so an auditor has a model and a dataset to try within a minute.
 * Plain data only (no tfjs): the UI imports it.
 */
import type { ExperimentSpec } from '../experiments/run-experiment';
import { QUICK_PRESET, type SyntheticConfig } from '../data/synthetic/config';
import type { RunRecord } from '../runs/types';
import { DEFAULT_TRAIN_CONFIG } from '../train/config';

/** The Train page's quick dataset: 2,400 faces at 24 px grey, seed 1, bias knobs at their defaults. */
export const SAMPLE_DATASET: SyntheticConfig = QUICK_PRESET;

export const SAMPLE_DATASET_NAME =
  'Audit sample: synthetic faces, default bias knobs (2,400 × 24 px grey, seed 1)';

export const SAMPLE_MODEL = 'quick-cnn' as const;

/** What one click trains: the quick CNN, the Train page's default settings, predicting the expression. */
export function sampleExperiment(datasetId: string): ExperimentSpec {
  return { datasetId, model: SAMPLE_MODEL, train: DEFAULT_TRAIN_CONFIG, seed: DEFAULT_TRAIN_CONFIG.seed };
}

/** A stored run that is the sample model (trained here before, or by the Train page with the same settings). */
export function isSampleRun(run: RunRecord, datasetId: string): boolean {
  return (
    run.datasetId === datasetId &&
    run.model.name === SAMPLE_MODEL &&
    run.evaluation !== undefined &&
    sameSettings(run.train, DEFAULT_TRAIN_CONFIG)
  );
}

/** The settings that define the sample (a run record also notes e.g. the group attribute it used). */
function sameSettings(a: RunRecord['train'], b: RunRecord['train']): boolean {
  const pick = (t: RunRecord['train']) =>
    JSON.stringify([
      t.target,
      t.task ?? 'classification',
      t.epochs,
      t.batchSize,
      t.optimizer,
      t.seed,
      t.maxSteps,
      t.mitigation,
      t.augment,
    ]);
  return pick(a) === pick(b);
}
