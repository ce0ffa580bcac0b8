import * as tf from '@tensorflow/tfjs';
import { buildTrainable } from '../../models/build';
import type { ModelConfig } from '../../models/config';
import { writeWeights } from '../checkpoint';
import type { OptimizerSpec } from '../optimizer-spec';
import { createOptimizer } from '../optimizers/create';
import type { OptimizerState, SlotValue } from '../optimizers/lab-optimizer';
import { createReplicaStep, type StepBatch } from '../step';
import { replicaReduction, ReplicaExchange, type ExchangeBuffers } from './exchange';
import { readJob, STOP, type Job, type JobBuffers } from './jobs';

/** What a replica starts from: the leader's model, weights, optimiser state and shared buffers. */
export interface ReplicaInit {
  rank: number;
  exchange: ExchangeBuffers;
  jobs: JobBuffers;
  modelConfig: ModelConfig;
  optimizer: OptimizerSpec;
  weights: Record<string, SlotValue>;
  optimizerState: OptimizerState;
  /** [h, w, c] of one image. */
  imageShape: [number, number, number];
}

/** A replica as its leader sees it (a Worker, a Node worker thread). */
export interface ReplicaHandle {
  /** Resolves once the replica has built its model and waits for steps. */
  ready: Promise<void>;
  /** Resolves with why the replica stopped, if it stops before it is told to. */
  failure: Promise<string>;
  terminate(): void;
}

/** Starts a replica (on the tfjs backend the host gives it: wasm, one thread). */
export type SpawnReplica = (init: ReplicaInit) => ReplicaHandle;

/** Inputs of a job as tensors. */
function jobBatch(job: Job, [h, w, c]: [number, number, number]): StepBatch {
  return {
    x: tf.tensor4d(job.x, [job.rows, h, w, c]),
    labels: tf.tensor1d(job.labels, 'int32'),
    ...(job.weights ? { weights: tf.tensor1d(job.weights, 'float32') } : {}),
    ...(job.groups ? { groups: tf.tensor1d(job.groups, 'int32') } : {}),
  };
}

/**
 * A replica's life (in its own thread, with the tfjs backend started): builds the leader's model
 * with its weights and optimiser state, calls `onReady`, then runs its part of each step until told
 * to stop. Blocks its thread between steps (Atomics.wait), so it runs in a worker only.
 */
export async function serveReplica(init: ReplicaInit, onReady: () => void): Promise<void> {
  const exchange = new ReplicaExchange(init.exchange, init.rank);
  const trainable = buildTrainable(init.modelConfig);
  const optimizer = createOptimizer(init.optimizer, trainable.variables());
  try {
    writeWeights(trainable, init.weights);
    optimizer.load(init.optimizerState);
    const step = createReplicaStep(trainable, optimizer);
    const reduction = replicaReduction(exchange);
    onReady();
    for (;;) {
      exchange.barrier(Infinity);
      const job = readJob(init.jobs, init.rank);
      if (job.command === STOP) return;
      reduction.share = job.share;
      const batch = jobBatch(job, init.imageShape);
      try {
        await step(batch, job.learningRate, job.stepSeed, reduction);
      } finally {
        tf.dispose(Object.values(batch));
      }
    }
  } catch (error) {
    exchange.abort();
    throw error;
  } finally {
    optimizer.dispose();
    trainable.dispose();
  }
}
