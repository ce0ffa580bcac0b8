import * as tf from '@tensorflow/tfjs';
import { attribute, sensitiveAttributes, type DatasetManifest, type SplitName } from '../data/types';
import { embedSplit } from '../eval/embed';
import { objectivesOf, type Evaluation } from '../eval/evaluation';
import { evaluateByGroup } from '../eval/group-evaluation';
import { evaluateIdentification } from '../eval/identification-evaluation';
import { predictSplit } from '../eval/predict';
import { etaTracker, throwIfCancelled, yieldToEventLoop, type JobContext } from '../jobs/job';
import { buildTrainable, type TrainableModel } from '../models/build';
import { createHead } from '../models/heads/create';
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
import {
  createDataParallelStep,
  type DataParallelSettings,
  type DataParallelStep,
} from './data-parallel/data-parallel-step';
import { createAdversary, type Adversary } from '../mitigation/adversary';
import { prepareMitigation, type TrainingMitigation } from '../mitigation/training-mitigation';
import { thresholdPredictions } from '../mitigation/threshold-predictions';

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
  private readonly mitigation: TrainingMitigation;
  private readonly adversary?: Adversary;
  private readonly parallel?: DataParallelSettings;
  private dataParallel?: DataParallelStep;
  private history: TrainHistory;
  private epoch = 0;
  private steps = 0;

  private constructor(
    store: DatasetStore,
    manifest: DatasetManifest,
    readonly modelConfig: ModelConfig,
    config: TrainConfig,
    groupAttribute: string,
    mitigation: TrainingMitigation,
    trainable?: TrainableModel,
    parallel?: DataParallelSettings,
  ) {
    this.store = store;
    this.manifest = manifest;
    this.config = config;
    this.groupAttribute = groupAttribute;
    this.mitigation = mitigation;
    this.trainable = trainable ?? buildTrainable(modelConfig);
    try {
      checkCompatible(this.trainable, manifest, config.target);
      if (mitigation.adversary) {
        const width = this.trainable.model.outputs[0].shape[1] as number;
        this.adversary = createAdversary(width, mitigation.adversary.groups, {
          ...mitigation.adversary,
          seed: deriveSeed(modelConfig.seed ?? 0, 'adversary'),
        });
      }
      this.optimizer = createOptimizer(config.optimizer, {
        ...this.trainable.variables(),
        ...(this.adversary?.variables ?? {}),
      });
    } catch (error) {
      this.trainable.dispose();
      this.adversary?.dispose();
      throw error;
    }
    this.parallel = parallel && parallel.replicas > 1 ? parallel : undefined;
    if (this.parallel && this.adversary) {
      this.dispose();
      throw new Error(
        'Data-parallel training does not train an adversary: use one replica with adversarial mitigation',
      );
    }
    this.step = this.parallel
      ? this.dataParallelStep(this.parallel)
      : createTrainStep(this.trainable, this.optimizer, this.adversary);
    this.stepsPerEpoch = Math.max(1, Math.ceil(manifest.split.counts.train / config.batchSize));
    this.history = { loss: [], epochsCompleted: 0, steps: 0, images: 0, seconds: 0, epochs: [] };
  }

  /**
   * Checks the settings, prepares the mitigation method from the training split, builds the model.
   * With `parallel`, each step is split over its replicas (`data-parallel/`).
   */
  static async create(
    store: DatasetStore,
    manifest: DatasetManifest,
    modelConfig: ModelConfig,
    config: TrainConfig,
    parallel?: DataParallelSettings,
  ): Promise<TrainingSession> {
    checkTrainConfig(modelConfig, config, manifest);
    const group =
      config.groupAttribute ?? sensitiveAttributes(manifest).find((a) => a.name !== config.target)?.name;
    if (!group) throw new Error(`Dataset "${manifest.name}" has no sensitive attribute to compare groups by`);
    attribute(manifest, group);
    const mitigation = await prepareMitigation(config.mitigation, store, manifest, {
      target: config.target,
      groupAttribute: group,
      head: modelConfig.head ?? { kind: 'softmax' },
      seed: config.seed,
    });
    const model = mitigation.head ? { ...modelConfig, head: mitigation.head } : modelConfig;
    return new TrainingSession(store, manifest, model, config, group, mitigation, undefined, parallel);
  }

  /**
   * Steps split over replicas, started at the first step: they copy the weights and optimiser
   * state as they then stand (a restored checkpoint's, say).
   */
  private dataParallelStep(parallel: DataParallelSettings): TrainStep {
    return (batch, learningRate, stepSeed, lambda) => {
      this.dataParallel ??= createDataParallelStep({
        trainable: this.trainable,
        optimizer: this.optimizer,
        modelConfig: this.modelConfig,
        optimizerSpec: this.config.optimizer,
        replicas: parallel.replicas,
        maxBatch: this.config.batchSize,
        spawn: parallel.spawn,
      });
      return this.dataParallel.step(batch, learningRate, stepSeed, lambda);
    };
  }

  /**
   * Trains a LayersModel that exists already (a loaded or compressed classifier: its output is the
   * logits, trained with softmax cross-entropy), e.g. to fine-tune a compressed model. Its
   * checkpoints hold its weights but cannot rebuild it (it has no lab config).
   */
  static async fromModel(
    store: DatasetStore,
    manifest: DatasetManifest,
    model: tf.LayersModel,
    config: TrainConfig,
  ): Promise<TrainingSession> {
    if (taskOf(config) !== 'classification')
      throw new Error('Only a classifier (its softmax layer included) can be trained from its files');
    const group =
      config.groupAttribute ?? sensitiveAttributes(manifest).find((a) => a.name !== config.target)?.name;
    if (!group) throw new Error(`Dataset "${manifest.name}" has no sensitive attribute to compare groups by`);
    const [, size, , channels] = model.inputs[0].shape;
    const modelConfig: ModelConfig = {
      name: model.name,
      input: { size: size ?? 0, channels: (channels ?? 1) as 1 | 3 },
      layers: [],
      numClasses: (model.outputs[0].shape[1] as number) ?? 0,
      head: { kind: 'softmax' },
    };
    const head = createHead({ kind: 'softmax' }, modelConfig.numClasses, modelConfig.numClasses);
    const trainable: TrainableModel = {
      model,
      head,
      variables: () =>
        Object.fromEntries(model.trainableWeights.map((w) => [w.originalName, w.read() as tf.Variable])),
      dispose: () => model.dispose(),
    };
    return new TrainingSession(store, manifest, modelConfig, config, group, {}, trainable);
  }

  /** Rebuilds the model of a checkpoint and continues from it; `config` may raise the epochs. */
  static async restore(
    store: DatasetStore,
    manifest: DatasetManifest,
    checkpoint: Checkpoint,
    config: Partial<TrainConfig> = {},
  ): Promise<TrainingSession> {
    const train = { ...checkpoint.train, ...config };
    if (
      (train.scheduleEpochs ?? train.epochs) !== (checkpoint.train.scheduleEpochs ?? checkpoint.train.epochs)
    ) {
      throw new Error('A continued run must keep the schedule span (scheduleEpochs) of its checkpoint');
    }
    const session = await TrainingSession.create(store, manifest, checkpoint.modelConfig, train);
    try {
      writeWeights(session.trainable, checkpoint.weights, session.adversary?.variables);
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
    // The replicas hold their own weights: a hook that changes the leader's would part them.
    if (this.parallel && hooks.afterStep)
      throw new Error('Data-parallel training cannot run a hook that changes the weights after each step');
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
      const discriminator = { correct: 0, counted: 0 };
      const failure = await this.trainEpoch(job, hooks, totalSteps, discriminator, (loss) => {
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
      if (discriminator.counted > 0)
        record.discriminatorAccuracy = discriminator.correct / discriminator.counted;
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
    discriminator: { correct: number; counted: number },
    onStep: (loss: number) => void,
  ): Promise<Omit<TrainOutcome, 'history'> | null> {
    const { config, manifest, mitigation } = this;
    const order = mitigation.order?.(this.epoch);
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
        ...(order ? { order } : {}),
      },
      { signal: job.signal },
    );
    const budgetSteps = this.scheduleEpochs * this.stepsPerEpoch;
    try {
      for await (const batch of batches) {
        let loss: number;
        try {
          await yieldToEventLoop();
          throwIfCancelled(job.signal);
          const groupCodes = batch.groups[this.groupAttribute];
          let labels = mitigation.relabel?.(batch.yIndex, groupCodes, this.steps) ?? batch.yIndex;
          labels = hooks.relabel?.(labels, groupCodes, this.steps) ?? labels;
          const weights = hooks.weigh?.(labels, groupCodes) ?? mitigation.weigh?.(labels, groupCodes);
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
          const lambda = this.adversary?.lambdaAt(this.steps / budgetSteps) ?? 0;
          try {
            const result = await this.step(step, lr, this.steps, lambda);
            loss = result.loss;
            if (result.adversary) {
              discriminator.correct += result.adversary.correct;
              discriminator.counted += result.adversary.counted;
            }
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
    const predictions = await this.predict(split, job);
    const mitigation = config.mitigation;
    if (mitigation?.method !== 'threshold' || split === 'val')
      return evaluateByGroup(predictions, this.groupAttribute, options);
    const validation = await this.predict('val', job);
    const post = thresholdPredictions(validation, predictions, this.groupAttribute, mitigation, config.seed);
    return evaluateByGroup(post.predictions, this.groupAttribute, options);
  }

  /** The classifier's per-image predictions on a split. */
  predict(split: SplitName, job: JobContext) {
    return predictSplit(
      this.trainable.model,
      this.store,
      this.manifest,
      { target: this.config.target, split },
      job,
    );
  }

  checkpoint(): Checkpoint {
    return {
      version: 1,
      modelConfig: this.modelConfig,
      train: this.config,
      epoch: this.epoch,
      step: this.steps,
      weights: readWeights(this.trainable, this.adversary?.variables),
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
    void this.dataParallel?.close();
    this.optimizer.dispose();
    this.trainable.dispose();
    this.adversary?.dispose();
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
