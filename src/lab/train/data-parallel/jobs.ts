/**
 * The step the leader hands each replica, in shared memory: a few numbers (what to do, its rows,
 * its share, the learning rate, the dropout seed) and its rows of the batch. The replicas read
 * their job after the step's opening barrier.
 */
export const [STEP, STOP] = [1, 2];

/** Float64 fields of one replica's job. */
const [COMMAND, ROWS, SHARE, LEARNING_RATE, STEP_SEED, HAS_WEIGHTS, HAS_GROUPS] = [0, 1, 2, 3, 4, 5, 6];
const FIELDS = 8;

export interface JobBuffers {
  replicas: number;
  maxRows: number;
  /** Floats of one image (h·w·c). */
  imageFloats: number;
  meta: SharedArrayBuffer;
  x: SharedArrayBuffer;
  labels: SharedArrayBuffer;
  weights: SharedArrayBuffer;
  groups: SharedArrayBuffer;
}

export function createJobBuffers(replicas: number, maxRows: number, imageFloats: number): JobBuffers {
  return {
    replicas,
    maxRows,
    imageFloats,
    meta: new SharedArrayBuffer(replicas * FIELDS * 8),
    x: new SharedArrayBuffer(replicas * maxRows * imageFloats * 4),
    labels: new SharedArrayBuffer(replicas * maxRows * 4),
    weights: new SharedArrayBuffer(replicas * maxRows * 4),
    groups: new SharedArrayBuffer(replicas * maxRows * 4),
  };
}

/** One replica's job, as plain arrays (views into the shared buffers). */
export interface Job {
  command: number;
  rows: number;
  share: number;
  learningRate: number;
  stepSeed?: number;
  x: Float32Array;
  labels: Int32Array;
  weights?: Float32Array;
  groups?: Int32Array;
}

function views(buffers: JobBuffers, rank: number, rows: number) {
  const { maxRows, imageFloats } = buffers;
  return {
    meta: new Float64Array(buffers.meta, rank * FIELDS * 8, FIELDS),
    x: new Float32Array(buffers.x, rank * maxRows * imageFloats * 4, rows * imageFloats),
    labels: new Int32Array(buffers.labels, rank * maxRows * 4, rows),
    weights: new Float32Array(buffers.weights, rank * maxRows * 4, rows),
    groups: new Int32Array(buffers.groups, rank * maxRows * 4, rows),
  };
}

/** Writes replica `rank`'s job (the leader, before the step's barrier). */
export function writeJob(buffers: JobBuffers, rank: number, job: Job): void {
  if (job.rows > buffers.maxRows)
    throw new Error(`a replica's ${job.rows} rows exceed the ${buffers.maxRows} it was set up for`);
  const v = views(buffers, rank, job.rows);
  v.meta[COMMAND] = job.command;
  v.meta[ROWS] = job.rows;
  v.meta[SHARE] = job.share;
  v.meta[LEARNING_RATE] = job.learningRate;
  v.meta[STEP_SEED] = job.stepSeed ?? Number.NaN;
  v.meta[HAS_WEIGHTS] = job.weights ? 1 : 0;
  v.meta[HAS_GROUPS] = job.groups ? 1 : 0;
  if (job.command !== STEP) return;
  v.x.set(job.x);
  v.labels.set(job.labels);
  if (job.weights) v.weights.set(job.weights);
  if (job.groups) v.groups.set(job.groups);
}

/** Reads replica `rank`'s job (the replica, after the step's barrier). */
export function readJob(buffers: JobBuffers, rank: number): Job {
  const meta = new Float64Array(buffers.meta, rank * FIELDS * 8, FIELDS);
  const rows = meta[ROWS];
  const v = views(buffers, rank, rows);
  return {
    command: meta[COMMAND],
    rows,
    share: meta[SHARE],
    learningRate: meta[LEARNING_RATE],
    stepSeed: Number.isNaN(meta[STEP_SEED]) ? undefined : meta[STEP_SEED],
    x: v.x,
    labels: v.labels,
    weights: meta[HAS_WEIGHTS] ? v.weights : undefined,
    groups: meta[HAS_GROUPS] ? v.groups : undefined,
  };
}

/** Rows of each of `replicas` parts of a batch of `rows` (the first parts one longer). */
export function splitBatch(rows: number, replicas: number): number[] {
  const base = Math.floor(rows / replicas);
  return Array.from({ length: replicas }, (_, r) => base + (r < rows % replicas ? 1 : 0));
}
