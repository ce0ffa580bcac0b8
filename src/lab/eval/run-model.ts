/**
 * The one prediction path: runs a model on one preprocessed batch and reads the named output.
 * The audit runs released models through it, and the trainer evaluates its own models through it.
 */
import * as tf from '@tensorflow/tfjs';
import { stripPort } from '../audit/inspect';

/** A LayersModel or GraphModel (the audit's LoadedModel is one). */
export type RunnableModel =
  { format: 'layers-model'; model: tf.LayersModel } | { format: 'graph-model'; model: tf.GraphModel };

export interface OutputValues {
  values: Float32Array;
  shape: number[];
}

/** GraphModels that need executeAsync (control flow or dynamic shapes), learnt on first use. */
const needsAsync = new WeakSet<tf.GraphModel>();

/** execute() when the graph allows it (executeAsync warns on every call otherwise). */
async function executeGraph(
  model: tf.GraphModel,
  feed: tf.Tensor | tf.NamedTensorMap,
  node: string,
): Promise<tf.Tensor> {
  if (!needsAsync.has(model)) {
    try {
      return model.execute(feed, node) as tf.Tensor;
    } catch (error) {
      if (!/executeAsync/.test((error as Error).message)) throw error;
      needsAsync.add(model);
    }
  }
  return (await model.executeAsync(feed, node)) as tf.Tensor;
}

/** `input` is the model input name for models with several inputs (undefined: the only one). */
export async function runModel(
  loaded: RunnableModel,
  x: tf.Tensor,
  output: string,
  input?: string,
): Promise<OutputValues> {
  const wanted = stripPort(output);
  let result: tf.Tensor;
  if (loaded.format === 'layers-model') {
    const model = loaded.model;
    const index = model.outputs.findIndex((t) => (t.sourceLayer?.name ?? t.name) === wanted);
    const raw = model.predict(x);
    const outputs = Array.isArray(raw) ? raw : [raw];
    result = outputs[Math.max(0, index)];
    tf.dispose(outputs.filter((t) => t !== result));
  } else {
    const model = loaded.model;
    const node = model.outputNodes.find((name) => stripPort(name) === wanted) ?? wanted;
    const feed = input
      ? { [model.inputNodes.find((n) => stripPort(n) === stripPort(input)) ?? input]: x }
      : x;
    result = await executeGraph(model, feed, node);
  }
  try {
    const data = await result.data();
    return {
      values: data instanceof Float32Array ? data : Float32Array.from(data as ArrayLike<number>),
      shape: result.shape,
    };
  } finally {
    result.dispose();
  }
}
