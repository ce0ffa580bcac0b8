/**
 * What a loaded model takes and gives: inputs, outputs, parameter count, size, and the ops the
 * active backend cannot run. Run before any data is processed.
 */
import * as tf from '@tensorflow/tfjs';
import { UnsupportedOpError } from './errors';
import type { LoadedModel, ModelFormat } from './model-files';
import { checkOps, graphOps, type OpSupport } from './op-support';

export interface TensorSpec {
  name: string;
  /** null = any size (usually the batch dimension); the whole shape is null when unknown. */
  shape: (number | null)[] | null;
  dtype: string | null;
}

export interface ModelInfo {
  name: string;
  format: ModelFormat;
  generatedBy?: string;
  convertedBy?: string;
  inputs: TensorSpec[];
  outputs: TensorSpec[];
  params: number;
  /** model.json plus weight shards. */
  sizeBytes: number;
  /** GraphModel: TF op → node count. LayersModel: layer class → count. */
  ops: Record<string, number>;
  backend: string;
  /** Ops that cannot run here, with the reason (GraphModels only; empty when all run). */
  unsupported: OpSupport[];
}

/** Reads the model's interface; with `dryRun`, runs one zero image to learn output shapes. */
export async function inspectModel(
  loaded: LoadedModel,
  options: { dryRun?: boolean } = {},
): Promise<ModelInfo> {
  const backend = tf.getBackend();
  const base = {
    name: loaded.name,
    format: loaded.format,
    generatedBy: loaded.json.generatedBy,
    convertedBy: loaded.json.convertedBy,
    sizeBytes: loaded.jsonBytes + loaded.weightBytes,
    backend,
  };
  let info: ModelInfo;
  if (loaded.format === 'layers-model') {
    const model = loaded.model;
    info = {
      ...base,
      // Layer names ("logits"), not tensor names ("logits/logits_1", suffixed on every load).
      inputs: model.inputs.map((t) => ({
        name: t.sourceLayer?.name ?? t.name,
        shape: t.shape,
        dtype: t.dtype,
      })),
      outputs: model.outputs.map((t) => ({
        name: t.sourceLayer?.name ?? t.name,
        shape: t.shape,
        dtype: t.dtype,
      })),
      params: model.countParams(),
      ops: countBy(model.layers.map((layer) => layer.getClassName())),
      unsupported: [],
    };
  } else {
    const model = loaded.model;
    const ops = graphOps(loaded.json.modelTopology);
    info = {
      ...base,
      inputs: model.inputs.map((t) => ({
        name: stripPort(t.name),
        shape: dims(t.shape),
        dtype: t.dtype ?? null,
      })),
      outputs: model.outputs.map((t) => ({
        name: stripPort(t.name),
        shape: dims(t.shape) ?? signatureShape(loaded.json.signature, t.name),
        dtype: t.dtype ?? null,
      })),
      params: (loaded.json.weightsManifest ?? [])
        .flatMap((group) => group.weights)
        .reduce((sum, w) => sum + w.shape.reduce((a, b) => a * b, 1), 0),
      ops: countBy(ops),
      unsupported: checkOps(ops, backend).filter((op) => !op.supported),
    };
  }
  if (options.dryRun && info.unsupported.length === 0) await learnOutputShapes(loaded, info);
  return info;
}

/** Throws UnsupportedOpError naming every op the backend cannot run. */
export function assertRunnable(info: ModelInfo): void {
  if (info.unsupported.length > 0)
    throw new UnsupportedOpError(
      info.unsupported.map((op) => op.op),
      info.backend,
    );
}

/** Output and input names without the ":0" port suffix. */
export function stripPort(name: string): string {
  return name.replace(/:0$/, '');
}

async function learnOutputShapes(loaded: LoadedModel, info: ModelInfo): Promise<void> {
  const input = info.inputs[0];
  if (info.inputs.length !== 1 || !input.shape || input.shape.slice(1).some((d) => d === null)) return;
  const shape = [1, ...(input.shape.slice(1) as number[])];
  const x = tf.zeros(shape, (input.dtype ?? 'float32') as tf.DataType);
  try {
    const raw =
      loaded.format === 'layers-model'
        ? loaded.model.predict(x)
        : loaded.model.execute(x, loaded.model.outputNodes);
    const outputs = Array.isArray(raw) ? raw : [raw];
    outputs.forEach((t, i) => {
      if (info.outputs[i]) info.outputs[i].shape = [null, ...t.shape.slice(1)];
    });
    tf.dispose(outputs);
  } finally {
    x.dispose();
  }
}

function dims(shape: number[] | undefined): (number | null)[] | null {
  return shape ? shape.map((d) => (d < 0 ? null : d)) : null;
}

function signatureShape(
  signature: Record<string, unknown> | undefined,
  name: string,
): (number | null)[] | null {
  const outputs = signature?.outputs as
    Record<string, { tensorShape?: { dim?: { size: string }[] } }> | undefined;
  const dim = (outputs?.[name] ?? outputs?.[`${name}:0`])?.tensorShape?.dim;
  return dim ? dim.map((d, i) => (i === 0 || Number(d.size) < 0 ? null : Number(d.size))) : null;
}

function countBy(names: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const name of names) counts[name] = (counts[name] ?? 0) + 1;
  return counts;
}
