import * as tf from '@tensorflow/tfjs';
import type { DatasetStore } from '../store/types';
import { streamBatches } from '../store/stream';
import { etaTracker, throwIfCancelled, yieldToEventLoop, type JobContext } from '../jobs/job';
import { attribute, type DatasetManifest } from '../data/types';
import { createOptimizer } from './optimizers';
import { createTrainStep } from './step';
import type { TrainConfig, TrainHistory } from './config';

export type { TrainConfig, TrainHistory } from './config';
export { DEFAULT_TRAIN_CONFIG } from './config';

/** The lab's one training loop: streams the train split, minimises softmax cross-entropy on logits. */
export async function trainClassifier(
  model: tf.LayersModel,
  store: DatasetStore,
  manifest: DatasetManifest,
  config: TrainConfig,
  job: JobContext,
): Promise<TrainHistory> {
  checkCompatible(model, manifest, config.target);
  const numClasses = attribute(manifest, config.target).values.length;
  const optimizer = createOptimizer(config.optimizer);
  const step = createTrainStep(model, optimizer);
  const stepsPerEpoch = Math.ceil(manifest.split.counts.train / config.batchSize);
  const totalSteps = Math.min(stepsPerEpoch * config.epochs, config.maxSteps ?? Infinity);
  const eta = etaTracker();
  const started = performance.now();
  const history: TrainHistory = { loss: [], epochsCompleted: 0, steps: 0, images: 0, seconds: 0 };
  try {
    for (let epoch = 0; epoch < config.epochs && history.steps < totalSteps; epoch++) {
      const batches = streamBatches(
        store,
        {
          datasetId: manifest.id,
          split: 'train',
          batchSize: config.batchSize,
          target: config.target,
          shuffleSeed: config.seed * 1000 + epoch,
          normalize: 'unit',
        },
        { signal: job.signal },
      );
      for await (const batch of batches) {
        let lossValue: number;
        try {
          await yieldToEventLoop();
          throwIfCancelled(job.signal);
          const labels = tf.oneHot(batch.y, numClasses);
          try {
            lossValue = await step(batch.x, labels);
          } finally {
            labels.dispose();
          }
        } finally {
          batch.x.dispose();
          batch.y.dispose();
        }
        if (!Number.isFinite(lossValue))
          throw new Error(`Training diverged: loss is ${lossValue} at step ${history.steps + 1}`);
        history.loss.push(lossValue);
        history.steps++;
        history.images += batch.size;
        job.report({
          phase: 'train',
          done: history.steps,
          total: totalSteps,
          etaSeconds: eta(history.steps, totalSteps),
          message: `epoch ${epoch + 1}/${config.epochs}`,
          metrics: { loss: lossValue, epoch: epoch + 1 },
        });
        if (history.steps >= totalSteps) {
          await batches.return(undefined);
          break;
        }
      }
      history.epochsCompleted = epoch + 1;
    }
  } finally {
    optimizer.dispose();
  }
  history.seconds = (performance.now() - started) / 1000;
  return history;
}

/** Clear errors before any work when the model cannot take this dataset. */
export function checkCompatible(model: tf.LayersModel, manifest: DatasetManifest, target: string): void {
  const shape = model.inputs[0].shape;
  const [, h, w, c] = shape;
  const { size, channels } = manifest.image;
  if (h !== size || w !== size || c !== channels) {
    throw new Error(
      `Model input [${shape.map((d) => d ?? '?').join(', ')}] does not fit dataset "${manifest.name}" images ` +
        `(${size}×${size}×${channels})`,
    );
  }
  const classes = attribute(manifest, target).values.length;
  const outputs = model.outputs[0].shape[1];
  if (outputs !== classes) {
    throw new Error(`Model has ${outputs} outputs but "${target}" has ${classes} classes`);
  }
  if (manifest.split.counts.train === 0) throw new Error(`Dataset "${manifest.name}" has no training images`);
}
