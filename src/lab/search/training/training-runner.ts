import type { DatasetManifest } from '../../data/types';
import { objectivesOf } from '../../eval/evaluation';
import type { JobContext, Progress } from '../../jobs/job';
import { architectureConfig } from '../../models/families';
import type { DatasetStore } from '../../store/types';
import { decodeCheckpoint, encodeCheckpoint } from '../../train/checkpoint';
import type { Objectives, TrainConfig } from '../../train/config';
import { TrainingSession } from '../../train/session';
import { attribute } from '../../data/types';
import type { MitigationSpec } from '../../mitigation/spec';
import { MITIGATION_KEY, SPACE_KEY } from './baseline-plan';
import type { TrialRunner } from '../runner';
import { trialSetup } from './trial-setup';

/** What every trial of a study shares: the data, the task, the objectives, the final budget. */
export interface SearchTrainingContext {
  store: DatasetStore;
  manifest: DatasetManifest;
  space: string;
  /** The study's objectives: ['error', <a disparity>]. */
  objectives: [string, string];
  /** The training settings every trial starts from (target, task, batch, seed, group, …). */
  train: TrainConfig;
  /** The final budget (Hyperband's max): the learning-rate schedule spans it for every rung. */
  maxEpochs: number;
  frnasWidth?: number;
  /** Bootstrap replicates of the test evaluation kept with each complete trial (default 200). */
  bootstrap?: number;
  /** Step-level progress of the trial in training (for a per-worker progress bar). */
  onProgress?: (progress: Progress) => void;
}

const valuesOf = (objectives: Objectives, names: readonly string[]): number[] =>
  names.map((n) => objectives[n] ?? NaN);

/**
 * A TrialRunner that trains for real: builds the trial's model (or restores its checkpoint when
 * promoted), trains to the budget with validation after every epoch — the study's objectives on
 * the validation split, reported as Optuna's intermediate values — evaluates the test split per
 * group, and hands back the checkpoint (weights + optimiser state) for a later promotion.
 */
export function createTrainingRunner(context: SearchTrainingContext): TrialRunner {
  const { store, manifest, objectives } = context;
  return async (request) => {
    const mitigation = request.trial.userAttrs[MITIGATION_KEY] as MitigationSpec | undefined;
    const space = (request.trial.userAttrs[SPACE_KEY] as string | undefined) ?? context.space;
    const setup = trialSetup(space, request.trial.params, context.train.task ?? 'classification', {
      frnasWidth: context.frnasWidth,
      mitigation,
    });
    const input = { size: manifest.image.size, channels: manifest.image.channels };
    const numClasses = attribute(manifest, context.train.target).values.length;
    const modelConfig = {
      ...architectureConfig(setup.architecture, input, numClasses),
      head: setup.head,
      seed: context.train.seed + request.trial.number,
    };
    const train: TrainConfig = {
      ...context.train,
      ...setup.train,
      disparity: objectives[1],
      epochs: request.budget,
      scheduleEpochs: context.maxEpochs,
      validate: true,
    };
    const job: JobContext = { signal: request.signal, report: (p) => context.onProgress?.(p) };
    const session = request.resume
      ? await TrainingSession.restore(store, manifest, decodeCheckpoint(request.resume.checkpoint), {
          epochs: request.budget,
        })
      : await TrainingSession.create(store, manifest, modelConfig, train);
    try {
      const outcome = await session.train(job, {
        report: (epoch, o) => request.report(epoch, valuesOf(o, objectives)),
        shouldStop: () => request.shouldStop(),
      });
      if (outcome.state !== 'complete') return { state: outcome.state, reason: outcome.reason };
      const validation = outcome.history.epochs?.at(-1)?.objectives;
      if (!validation)
        return { state: 'failed', reason: 'no validation objectives (is the validation split empty?)' };
      const values = valuesOf(validation, objectives);
      const missing = objectives.filter((_, i) => !Number.isFinite(values[i]));
      if (missing.length > 0)
        return { state: 'failed', reason: `${missing.join(' and ')} undefined on the validation split` };
      const test = await session.evaluate('test', job, {
        bootstrap: context.bootstrap ?? 200,
        seed: request.trial.number,
      });
      return {
        state: 'complete',
        values,
        checkpoint: encodeCheckpoint(session.checkpoint()),
        userAttrs: {
          parameter_count: session.trainable.model.countParams(),
          architecture: session.modelConfig.name,
          test_objectives: objectivesOf(test),
          test_evaluation: test,
          discriminator_accuracy: outcome.history.epochs?.at(-1)?.discriminatorAccuracy ?? null,
        },
      };
    } finally {
      session.dispose();
    }
  };
}
