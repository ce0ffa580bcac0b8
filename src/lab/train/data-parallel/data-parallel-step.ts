import * as tf from '@tensorflow/tfjs';
import type { TrainableModel } from '../../models/build';
import type { ModelConfig } from '../../models/config';
import { deriveSeed } from '../../util/rng';
import { readWeights } from '../checkpoint';
import type { OptimizerSpec } from '../optimizer-spec';
import type { LabOptimizer } from '../optimizers/create';
import { createReplicaStep, type TrainStep } from '../step';
import { createExchangeBuffers, ExchangeAborted, replicaReduction, ReplicaExchange } from './exchange';
import { createJobBuffers, splitBatch, STEP, STOP, writeJob } from './jobs';
import type { ReplicaHandle, SpawnReplica } from './replica';

/**
 * One training run on several threads by splitting each batch (data parallelism, as PyTorch's
 * DistributedDataParallel with SyncBatchNorm): this thread (the leader, rank 0) and `replicas − 1`
 * workers each hold the model, run forward and backward on their rows, sum the gradients (and
 * batch norm's statistics) through shared memory, and apply the same update. Measured on 2 vCPUs,
 * two 1-thread trainings in parallel did 1.7× the images/s of one, where splitting each kernel
 * over 2 threads did ~1.1× (bench/README.md, 2026-12-04).
 */
export interface DataParallelStep {
  /** A step as `createTrainStep`'s, without an adversary, on batches of 1 to `maxBatch` rows. */
  step: TrainStep;
  replicas: number;
  /** Resolves once every replica is ready (the first step waits for it too). */
  ready: Promise<void>;
  /** Stops the replicas. */
  close(): Promise<void>;
}

/** How to split a training run's steps: over this many replicas, the extra ones started by `spawn`. */
export interface DataParallelSettings {
  replicas: number;
  spawn: SpawnReplica;
}

export interface DataParallelOptions {
  trainable: TrainableModel;
  optimizer: LabOptimizer;
  /** What the replicas build: the trainable's config and the optimiser's spec. */
  modelConfig: ModelConfig;
  optimizerSpec: OptimizerSpec;
  replicas: number;
  /** The largest batch a step gets. */
  maxBatch: number;
  spawn: SpawnReplica;
}

/** Values a cross-replica batch-norm sum carries at most (4 sums of C channels, and the rows). */
const F64_CAPACITY = 4 * 4096 + 1;

export function createDataParallelStep(options: DataParallelOptions): DataParallelStep {
  const { trainable, optimizer, replicas } = options;
  if (!Number.isInteger(replicas) || replicas < 2)
    throw new Error(`data parallelism needs ≥ 2 replicas (got ${replicas})`);
  const [, h, w, c] = trainable.model.inputs[0].shape as number[];
  const imageShape: [number, number, number] = [h, w, c];
  const image = h * w * c;
  const params = Object.values(trainable.variables()).reduce((n, v) => n + v.size, 0);
  const exchangeBuffers = createExchangeBuffers(replicas, F64_CAPACITY, params + 1);
  const jobs = createJobBuffers(replicas, Math.ceil(options.maxBatch / replicas), image);
  const exchange = new ReplicaExchange(exchangeBuffers, 0);
  const weights = readWeights(trainable);
  const optimizerState = optimizer.state();
  const handles: ReplicaHandle[] = [];
  const stopped = (rank: number, why: string) => `data-parallel replica ${rank} stopped: ${why}`;
  let failure: string | undefined;
  let closing = false;
  for (let rank = 1; rank < replicas; rank++) {
    const handle = options.spawn({
      rank,
      exchange: exchangeBuffers,
      jobs,
      modelConfig: options.modelConfig,
      optimizer: options.optimizerSpec,
      weights,
      optimizerState,
      imageShape,
    });
    void handle.failure.then((why) => {
      if (closing) return;
      failure ??= stopped(rank, why);
      exchange.abort();
    });
    handles.push(handle);
  }
  const ready = Promise.race([
    Promise.all(handles.map((h) => h.ready)).then(() => undefined),
    ...handles.map((h, i) => h.failure.then((why) => Promise.reject(new Error(stopped(i + 1, why))))),
  ]);
  ready.catch(() => undefined);
  const replicaStep = createReplicaStep(trainable, optimizer);
  const reduction = replicaReduction(exchange);

  /** The replica's error where it is known (it arrives as a message, after the abort). */
  const explain = async (error: unknown): Promise<never> => {
    if (!(error instanceof ExchangeAborted)) {
      exchange.abort();
      throw error;
    }
    await Promise.race([...handles.map((h) => h.failure), new Promise((r) => setTimeout(r, 1000))]);
    throw new Error(failure ?? error.message);
  };

  const step: TrainStep = async (batch, learningRate, stepSeed, lambda = 0) => {
    await ready;
    if (lambda !== 0) throw new Error('a data-parallel step trains without an adversary');
    if (exchange.aborted) throw new Error(failure ?? 'the data-parallel replicas have stopped');
    const rows = batch.x.shape[0];
    if (rows < 1) throw new Error('a data-parallel step needs a batch of at least one row');
    const parts = splitBatch(rows, replicas);
    const [x, labels] = [batch.x.dataSync() as Float32Array, batch.labels.dataSync() as Int32Array];
    const sampleWeights = batch.weights?.dataSync() as Float32Array | undefined;
    const groups = batch.groups?.dataSync() as Int32Array | undefined;
    for (let rank = 1, start = parts[0]; rank < replicas; start += parts[rank], rank++) {
      // A replica without rows runs on a stand-in (row 0) with share 0: it adds nothing.
      const [first, end] = parts[rank] > 0 ? [start, start + parts[rank]] : [0, 1];
      writeJob(jobs, rank, {
        command: STEP,
        rows: end - first,
        share: parts[rank] / rows,
        learningRate,
        stepSeed: stepSeed === undefined ? undefined : deriveSeed(stepSeed, `replica ${rank}`),
        x: x.subarray(first * image, end * image),
        labels: labels.subarray(first, end),
        weights: sampleWeights?.subarray(first, end),
        groups: groups?.subarray(first, end),
      });
    }
    const own = tf.tidy(() => {
      const n = parts[0];
      return {
        x: tf.slice(batch.x, [0, 0, 0, 0], [n, -1, -1, -1]),
        labels: tf.slice(batch.labels, [0], [n]),
        ...(batch.weights ? { weights: tf.slice(batch.weights, [0], [n]) } : {}),
        ...(batch.groups ? { groups: tf.slice(batch.groups, [0], [n]) } : {}),
      };
    });
    reduction.share = parts[0] / rows;
    try {
      exchange.barrier();
      return await replicaStep(own, learningRate, stepSeed, reduction);
    } catch (error) {
      return explain(error);
    } finally {
      tf.dispose(Object.values(own));
    }
  };

  const close = async () => {
    closing = true;
    try {
      if (!exchange.aborted) {
        for (let rank = 1; rank < replicas; rank++)
          writeJob(jobs, rank, {
            command: STOP,
            rows: 0,
            share: 0,
            learningRate: 0,
            x: new Float32Array(),
            labels: new Int32Array(),
          });
        exchange.barrier(5000);
      }
    } catch {
      // A replica that has stopped already is terminated below.
    } finally {
      for (const h of handles) h.terminate();
    }
  };
  return { step, replicas, ready, close };
}
