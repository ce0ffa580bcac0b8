import * as tf from '@tensorflow/tfjs';
import { attribute, sensitiveAttributes, type DatasetManifest, type SplitName } from '../data/types';
import { embedSplit } from '../eval/embed';
import { objectivesOf, type Evaluation } from '../eval/evaluation';
import { evaluateByGroup } from '../eval/group-evaluation';
import { evaluateIdentification } from '../eval/identification-evaluation';
import { predictSplit } from '../eval/predict';
import { etaTracker, throwIfCancelled, yieldToEventLoop, type JobContext } from '../jobs/job';
import { buildTrainable, type TrainableModel } from '../models/build';
import type { ModelConfig } from '../models/config';
import { embeddingModel } from '../models/embedding-model';
import { isMarginHead } from '../models/heads/spec';
import { streamBatches } from '../store/stream';
import type { DatasetStore } from '../store/types';
import { deriveSeed } from '../util/rng';
import { augmentBatch } from './augment';
import { readWeights, writeWeights, type Checkpoint } from './checkpoint';
import { taskOf, type EpochRecord, type Objectives, type TrainConfig, type TrainHistory } from './config';
import { createOptimizer, type LabOptimizer } from './optimizers/create';
import { learningRateAt, validateSchedule } from './schedule';
import { createTrainStep, type StepBatch, type TrainStep } from './step';

/** What a caller (a search's scheduler, a mitigation method) can hook into, as in Optuna's trials. */
export interface TrainingHooks {
  /** After each epoch's validation, with its objectives (Optuna's `trial.report`). */
  report?(epoch: number, objectives: Objectives): void;
  /** Asked after each report: true stops the run as pruned (the scheduler's answer). */
  shouldStop?(): boolean;
  /** After each optimiser step (e.g. a compression constraint re-applies its masks). */
  afterStep?(trainable: TrainableModel, step: number): void;
  /** Rewrites a batch's labels before the step (e.g. flipped labels); gets the plain label codes. */
  relabel?(labels: Int32Array, groups: Int32Array | undefined, step: number): Int32Array;
  /** Per-sample loss weights for a batch (e.g. reweighing). */
  weigh?(labels: Int32Array, groups: Int32Array | undefined): Float32Array;
}

export type TrainState = 'complete' | 'failed' | 'pruned';

export interface TrainOutcome {
  state: TrainState;
  /** Why a run failed or was pruned. */
  reason?: string;
  /** The step a failed run stopped at (1-based). */
  failedStep?: number;
  history: TrainHistory;
}

/**
 * One model in training: built from its config (or restored from a checkpoint), trained epoch by
 * epoch with validation after each, stoppable by its hooks, and continued to a larger budget from
 * where it stands. The schedule spans `scheduleEpochs` (the final budget), so a run trained to k
 * and continued to 2k equals a run trained to 2k in one go.
 */
export class TrainingSession {
  readonly trainable: TrainableModel;
  readonly config: TrainConfig;
  readonly manifest: DatasetManifest;
  readonly groupAttribute: string;
  private readonly store: DatasetStore;
  private readonly optimizer: LabOptimizer;
  private readonly step: TrainStep;
  private readonly stepsPerEpoch: number;
  private history: TrainHistory;
  private epoch = 0;
  private steps = 0;

  private constructor(
    store: DatasetStore,
    manifest: DatasetManifest,
    readonly modelConfig: ModelConfig,
    config: TrainConfig,
  ) {
    this.store = store;
    this.manifest = manifest;
    this.config = config;
    checkTrainConfig(modelConfig, config, manifest);
    const group = config.groupAttribute ?? sensitiveAttributes(manifest)[0]?.name;
    if (!group) throw new Error(`Dataset "${manifest.name}" has no sensitive attribute to compare groups by`);
    attribute(manifest, group);
    this.groupAttribute = group;
    this.trainable = buildTrainable(modelConfig);
    try {
      checkCompatible(this.trainable, manifest, config.target);
      this.optimizer = createOptimizer(config.optimizer, this.trainable.variables());
    } catch (error) {
      this.trainable.dispose();
      throw error;
    }
    this.step = createTrainStep(this.trainable, this.optimizer);
    this.stepsPerEpoch = Math.max(1, Math.ceil(manifest.split.counts.train / config.batchSize));
    this.history = { loss: [], epochsCompleted: 0, steps: 0, images: 0, seconds: 0, epochs: [] };
  }

  static create(
    store: DatasetStore,
    manifest: DatasetManifest,
    modelConfig: ModelConfig,
    config: TrainConfig,
  ): TrainingSession {
    return new TrainingSession(store, manifest, modelConfig, config);
  }

  /** Rebuilds the model of a checkpoint and continues from it; `config` may raise the epochs. */
  static restore(
    store: DatasetStore,
    manifest: DatasetManifest,
    checkpoint: Checkpoint,
    config: Partial<TrainConfig> = {},
  ): TrainingSession {
    const train = { ...checkpoint.train, ...config };
    if (
      (train.scheduleEpochs ?? train.epochs) !== (checkpoint.train.scheduleEpochs ?? checkpoint.train.epochs)
    ) {
      throw new Error('A continued run must keep the schedule span (scheduleEpochs) of its checkpoint');
    }
    const session = new TrainingSession(store, manifest, checkpoint.modelConfig, train);
    try {
      writeWeights(session.trainable, checkpoint.weights);
      session.optimizer.load(checkpoint.optimizer);
    } catch (error) {
      session.dispose();
      throw error;
    }
    session.epoch = checkpoint.epoch;
    session.steps = checkpoint.step;
    session.history = structuredClone(checkpoint.history);
    return session;
  }

  get epochsDone(): number {
    return this.epoch;
  }

  get scheduleEpochs(): number {
    return this.config.scheduleEpochs ?? this.config.epochs;
  }

  /** Trains until `toEpoch` epochs are done (default the config's), validating after each. */
  async train(
    job: JobContext,
    hooks: TrainingHooks = {},
    toEpoch = this.config.epochs,
  ): Promise<TrainOutcome> {
    if (toEpoch > this.scheduleEpochs)
      throw new Error(`Cannot train to epoch ${toEpoch}: the schedule spans ${this.scheduleEpochs}`);
    const started = performance.now();
    const totalSteps = Math.min(
      this.steps + (toEpoch - this.epoch) * this.stepsPerEpoch,
      this.config.maxSteps ?? Infinity,
    );
    const firstStep = this.steps;
    const eta = etaTracker();
    const finish = (outcome: Omit<TrainOutcome, 'history'>): TrainOutcome => {
      this.history.seconds += (performance.now() - started) / 1000;
      return { ...outcome, history: this.history };
    };
    while (this.epoch < toEpoch && this.steps < totalSteps) {
      const epochLoss: number[] = [];
      const failure = await this.trainEpoch(job, hooks, totalSteps, (loss) => {
        epochLoss.push(loss);
        job.report({
          phase: 'train',
          done: this.steps - firstStep,
          total: totalSteps - firstStep,
          etaSeconds: eta(this.steps - firstStep, totalSteps - firstStep),
          message: `epoch ${this.epoch + 1}/${toEpoch}`,
          metrics: { loss, epoch: this.epoch + 1 },
        });
      });
      if (failure) return finish(failure);
      this.epoch++;
      this.history.epochsCompleted = this.epoch;
      const record: EpochRecord = { epoch: this.epoch, meanLoss: mean(epochLoss) };
      const objectives = await this.validate(job);
      if (objectives) record.objectives = objectives;
      this.history.epochs = [...(this.history.epochs ?? []), record];
      if (objectives) {
        hooks.report?.(this.epoch, objectives);
        job.report({
          phase: 'train',
          done: this.steps - firstStep,
          total: totalSteps - firstStep,
          etaSeconds: eta(this.steps - firstStep, totalSteps - firstStep),
          message: `epoch ${this.epoch}/${toEpoch} validated`,
          payload: { kind: 'epoch', epoch: this.epoch, objectives },
        });
      }
      if (hooks.shouldStop?.() && this.epoch < toEpoch)
        return finish({ state: 'pruned', reason: `stopped by the scheduler after epoch ${this.epoch}` });
    }
    return finish({ state: 'complete' });
  }

  /** One epoch; returns a failure when the loss stops being finite. */
  private async trainEpoch(
    job: JobContext,
    hooks: TrainingHooks,
    totalSteps: number,
    onStep: (loss: number) => void,
  ): Promise<Omit<TrainOutcome, 'history'> | null> {
    const { config, manifest } = this;
    const batches = streamBatches(
      this.store,
      {
        datasetId: manifest.id,
        split: 'train',
        batchSize: config.batchSize,
        target: config.target,
        groupBy: [this.groupAttribute],
        shuffleSeed: config.seed * 1000 + this.epoch,
        normalize: 'unit',
      },
      { signal: job.signal },
    );
    try {
      for await (const batch of batches) {
        let loss: number;
        try {
          await yieldToEventLoop();
          throwIfCancelled(job.signal);
          const groupCodes = batch.groups[this.groupAttribute];
          const labels = hooks.relabel?.(batch.yIndex, groupCodes, this.steps) ?? batch.yIndex;
          const weights = hooks.weigh?.(labels, groupCodes);
          const lr = learningRateAt(
            config.schedule ?? { kind: 'constant' },
            config.optimizer.learningRate,
            this.steps,
            this.stepsPerEpoch,
            this.scheduleEpochs,
          );
          const step: StepBatch = {
            x: augmentBatch(batch.x, config.augment, deriveSeed(config.seed, `augment:${this.steps}`)),
            labels: tf.tensor1d(labels, 'int32'),
            groups: tf.tensor1d(groupCodes, 'int32'),
            ...(weights ? { weights: tf.tensor1d(weights, 'float32') } : {}),
          };
          try {
            loss = await this.step(step, lr, this.steps);
          } finally {
            tf.dispose([step.labels, step.groups!, ...(step.weights ? [step.weights] : [])]);
            if (step.x !== batch.x) step.x.dispose();
          }
        } finally {
          batch.x.dispose();
          batch.y.dispose();
        }
        this.steps++;
        if (!Number.isFinite(loss)) {
          return {
            state: 'failed',
            reason: `Training diverged: loss is ${loss} at step ${this.steps} (epoch ${this.epoch + 1})`,
            failedStep: this.steps,
          };
        }
        hooks.afterStep?.(this.trainable, this.steps);
        this.history.loss.push(loss);
        this.history.steps = this.steps;
        this.history.images += batch.size;
        onStep(loss);
        if (this.steps >= totalSteps) break;
      }
    } finally {
      await batches.return(undefined);
    }
    return null;
  }

  /** Validation objectives (no intervals), or undefined when validation is off or the split is empty. */
  async validate(job: JobContext): Promise<Objectives | undefined> {
    if (this.config.validate === false || this.manifest.split.counts.val === 0) return undefined;
    const objectives = objectivesOf(await this.evaluate('val', job, { bootstrap: 0 }));
    const wanted = this.config.disparity;
    if (wanted !== undefined && !(wanted in objectives)) {
      const known = Object.keys(objectives).filter((k) => k !== 'error' && k !== 'accuracy');
      throw new Error(`Unknown disparity "${wanted}" for this task (known: ${known.join(', ')})`);
    }
    return objectives;
  }

  /** The model's evaluation on a split, per group: classification or identification by the task. */
  async evaluate(
    split: SplitName,
    job: JobContext,
    options: { bootstrap?: number; seed?: number } = {},
  ): Promise<Evaluation> {
    const { config, manifest, store } = this;
    if (taskOf(config) === 'identification') {
      const model = embeddingModel(this.trainable.model);
      const embedded = await embedSplit(model, store, manifest, { target: config.target, split }, job);
      return evaluateIdentification(embedded, this.groupAttribute, options);
    }
    const predictions = await predictSplit(
      this.trainable.model,
      store,
      manifest,
      { target: config.target, split },
      job,
    );
    return evaluateByGroup(predictions, this.groupAttribute, options);
  }

  checkpoint(): Checkpoint {
    return {
      version: 1,
      modelConfig: this.modelConfig,
      train: this.config,
      epoch: this.epoch,
      step: this.steps,
      weights: readWeights(this.trainable),
      optimizer: this.optimizer.state(),
      history: structuredClone(this.history),
    };
  }

  /** The model as it is exported: the backbone's embedding (identification) or backbone + softmax layer. */
  exportModel(): tf.LayersModel {
    return taskOf(this.config) === 'identification'
      ? embeddingModel(this.trainable.model)
      : this.trainable.model;
  }

  dispose(): void {
    this.optimizer.dispose();
    this.trainable.dispose();
  }
}

const mean = (xs: number[]) => (xs.length === 0 ? NaN : xs.reduce((a, b) => a + b, 0) / xs.length);

/** Settings that cannot work together, refused before anything is built. */
export function checkTrainConfig(
  modelConfig: ModelConfig,
  config: TrainConfig,
  manifest: DatasetManifest,
): void {
  const task = taskOf(config);
  if (task === 'classification' && isMarginHead(modelConfig.head)) {
    throw new Error(
      `The ${modelConfig.head!.kind} head learns embeddings for identification; classify "${config.target}" with the softmax head`,
    );
  }
  if (!Number.isInteger(config.epochs) || config.epochs < 1)
    throw new Error(`epochs must be ≥ 1 (got ${config.epochs})`);
  if (config.scheduleEpochs !== undefined && config.scheduleEpochs < config.epochs)
    throw new Error(`scheduleEpochs (${config.scheduleEpochs}) must be ≥ epochs (${config.epochs})`);
  if (config.schedule) validateSchedule(config.schedule);
  if (task === 'identification' && manifest.split.counts.test + manifest.split.counts.val === 0)
    throw new Error(`Dataset "${manifest.name}" has no validation or test images to rank`);
}

/** Clear errors before any work when the model cannot take this dataset. */
export function checkCompatible(trainable: TrainableModel, manifest: DatasetManifest, target: string): void {
  const shape = trainable.model.inputs[0].shape;
  const [, h, w, c] = shape;
  const { size, channels } = manifest.image;
  if (h !== size || w !== size || c !== channels) {
    throw new Error(
      `Model input [${shape.map((d) => d ?? '?').join(', ')}] does not fit dataset "${manifest.name}" images ` +
        `(${size}×${size}×${channels})`,
    );
  }
  const classes = attribute(manifest, target).values.length;
  const outputs = isMarginHead(trainable.head.spec)
    ? (trainable.head.variables['head/class_weights']?.shape[1] ?? classes)
    : trainable.model.outputs[0].shape[1];
  if (outputs !== classes) {
    throw new Error(`Model has ${outputs} outputs but "${target}" has ${classes} classes`);
  }
  if (manifest.split.counts.train === 0) throw new Error(`Dataset "${manifest.name}" has no training images`);
}
