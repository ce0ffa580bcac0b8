/**
 * Structured pruning: whole Conv2D filters with the smallest L1 norm are removed (Li et al. 2017,
 * "Pruning Filters for Efficient ConvNets", each layer on its own), and every layer that reads
 * those channels shrinks to match — batch norm, depthwise convolutions, pooling and activations in
 * between, then the next Conv2D's or Dense's input (through Flatten or global pooling). The
 * topology is rewritten (fewer filters), so the result is a genuinely smaller model with the same
 * output shape. A graph this cannot follow (a conv whose output branches or is joined by Add or
 * Concatenate) is refused, naming the layer.
 */
import type { CompressibleModel, WeightEntry } from './compressible-model';

interface LayerJson {
  class_name: string;
  name?: string;
  config: Record<string, unknown> & { name: string };
  inbound_nodes?: unknown[];
}

interface Graph {
  layers: Map<string, LayerJson>;
  order: string[];
  consumers: Map<string, string[]>;
  producers: Map<string, string[]>;
  outputs: Set<string>;
}

/** Channel-wise layers without weights: the pruned channels pass straight through. */
const PASS_THROUGH = new Set([
  'ReLU',
  'Activation',
  'LeakyReLU',
  'ELU',
  'ThresholdedReLU',
  'Dropout',
  'SpatialDropout2D',
  'GaussianNoise',
  'GaussianDropout',
  'AlphaDropout',
  'MaxPooling2D',
  'AveragePooling2D',
  'GlobalAveragePooling2D',
  'GlobalMaxPooling2D',
  'ZeroPadding2D',
  'Cropping2D',
  'UpSampling2D',
]);
const DEPTHWISE = new Set(['DepthwiseConv2D', 'DilatedDepthwiseConv']);

/** The Functional / Sequential config inside a modelTopology (Keras files nest it in model_config). */
function modelConfig(topology: Record<string, unknown>): {
  className: string;
  config: { layers: LayerJson[]; output_layers?: unknown[] };
} {
  const root = (topology.model_config ?? topology) as { class_name: string; config: unknown };
  const config = Array.isArray(root.config) ? { layers: root.config as LayerJson[] } : root.config;
  return { className: root.class_name, config: config as { layers: LayerJson[]; output_layers?: unknown[] } };
}

function buildGraph(topology: Record<string, unknown>): Graph {
  const { className, config } = modelConfig(topology);
  const layers = new Map<string, LayerJson>();
  const order: string[] = [];
  const consumers = new Map<string, string[]>();
  const producers = new Map<string, string[]>();
  for (const layer of config.layers) {
    const name = layer.config.name ?? layer.name;
    layers.set(name, layer);
    order.push(name);
    consumers.set(name, []);
  }
  const outputs = new Set<string>();
  if (className === 'Sequential') {
    order.forEach((name, i) => {
      producers.set(name, i > 0 ? [order[i - 1]] : []);
      if (i > 0) consumers.get(order[i - 1])!.push(name);
    });
    outputs.add(order[order.length - 1]);
    return { layers, order, consumers, producers, outputs };
  }
  for (const name of order) {
    const nodes = (layers.get(name)!.inbound_nodes ?? []) as unknown[][];
    const from: string[] = [];
    for (const node of nodes) {
      for (const input of node as unknown[]) {
        if (!Array.isArray(input) || typeof input[0] !== 'string')
          throw new Error(`structured pruning cannot read the inbound nodes of layer "${name}"`);
        from.push(input[0]);
      }
    }
    producers.set(name, from);
    for (const p of from) consumers.get(p)?.push(name);
  }
  for (const out of config.output_layers ?? []) if (Array.isArray(out)) outputs.add(String(out[0]));
  return { layers, order, consumers, producers, outputs };
}

/** Slices one axis of a row-major tensor down to the kept positions. */
export function sliceAxis(
  values: Float32Array,
  shape: number[],
  axis: number,
  keep: readonly number[],
): { values: Float32Array; shape: number[] } {
  const outer = shape.slice(0, axis).reduce((a, b) => a * b, 1);
  const dim = shape[axis];
  const inner = shape.slice(axis + 1).reduce((a, b) => a * b, 1);
  const out = new Float32Array(outer * keep.length * inner);
  let o = 0;
  for (let a = 0; a < outer; a++) {
    for (const k of keep) {
      const start = (a * dim + k) * inner;
      out.set(values.subarray(start, start + inner), o);
      o += inner;
    }
  }
  const next = [...shape];
  next[axis] = keep.length;
  return { values: out, shape: next };
}

/** Filters to keep (ascending): all but the round(fraction·n) with the smallest L1 norm, at least one. */
export function filtersToKeep(kernel: Float32Array, shape: number[], fraction: number): number[] {
  const filters = shape[shape.length - 1];
  const norms = new Float64Array(filters);
  for (let i = 0; i < kernel.length; i++) norms[i % filters] += Math.abs(kernel[i]);
  const remove = Math.min(Math.round(fraction * filters), filters - 1);
  const order = Array.from({ length: filters }, (_, f) => f).sort((a, b) => norms[a] - norms[b] || a - b);
  const removed = new Set(order.slice(0, remove));
  return Array.from({ length: filters }, (_, f) => f).filter((f) => !removed.has(f));
}

interface Slice {
  weight: string;
  axis: number;
  keep: number[];
}

export function validateFilterFraction(fraction: number): void {
  if (!Number.isFinite(fraction) || fraction < 0 || fraction >= 1)
    throw new Error(`filter fraction must be in [0, 1) (got ${fraction})`);
}

/**
 * Removes `fraction` of the filters of every Conv2D whose channels can be followed to the next
 * channel-mixing layer. Returns a new model; throws (changing nothing) on a graph it cannot follow.
 */
export function pruneFilters(model: CompressibleModel, fraction: number): CompressibleModel {
  validateFilterFraction(fraction);
  const topology = JSON.parse(JSON.stringify(model.topology)) as Record<string, unknown>;
  const graph = buildGraph(topology);
  const byName = new Map(model.weights.map((w) => [w.name, w]));
  const weightOf = (layer: string, role: string) =>
    model.weights.find((w) => w.layer === layer && w.role === role);
  if (!graph.order.some((n) => graph.layers.get(n)!.class_name === 'Conv2D'))
    throw new Error(
      `Model "${model.name}" has no Conv2D layer whose filters structured pruning could remove`,
    );
  const slices: Slice[] = [];
  const shapes = { ...model.outputShapes };

  for (const convName of graph.order) {
    const conv = graph.layers.get(convName)!;
    if (conv.class_name !== 'Conv2D') continue;
    if (conv.config.data_format === 'channels_first')
      throw new Error(
        `structured pruning needs channels_last convolutions ("${convName}" is channels_first)`,
      );
    const kernel = weightOf(convName, 'kernel');
    if (!kernel || kernel.dtype !== 'float32') continue;
    const filters = kernel.shape[kernel.shape.length - 1];
    const keep = filtersToKeep(kernel.values as Float32Array, kernel.shape, fraction);
    const plan: Slice[] = [{ weight: kernel.name, axis: 3, keep }];
    const bias = weightOf(convName, 'bias');
    if (bias) plan.push({ weight: bias.name, axis: 0, keep });
    const reshaped: [string, number][] = [[convName, keep.length]];

    // Follow the channels to the layer that mixes them.
    let kept = keep;
    let total = filters;
    let current = convName;
    let reachesOutput = false;
    for (;;) {
      if (graph.outputs.has(current)) {
        reachesOutput = true;
        break;
      }
      const next = graph.consumers.get(current) ?? [];
      if (next.length !== 1)
        throw new Error(
          next.length === 0
            ? `structured pruning cannot follow layer "${current}": nothing reads its output`
            : `structured pruning cannot follow the graph at layer "${current}": its output feeds ${next.length} layers (${next.join(', ')})`,
        );
      const name = next[0];
      const layer = graph.layers.get(name)!;
      if ((graph.producers.get(name) ?? []).length > 1)
        throw new Error(
          `structured pruning cannot follow the graph at layer "${current}": it feeds "${name}" (${layer.class_name}), which joins several inputs`,
        );
      const cls = layer.class_name;
      if (PASS_THROUGH.has(cls)) {
        reshaped.push([name, kept.length]);
        current = name;
        continue;
      }
      if (cls === 'BatchNormalization') {
        const axis = layer.config.axis;
        if (axis !== -1 && axis !== 3 && !(Array.isArray(axis) && (axis[0] === -1 || axis[0] === 3)))
          throw new Error(`structured pruning cannot follow "${name}": batch norm over axis ${String(axis)}`);
        for (const role of ['gamma', 'beta', 'moving_mean', 'moving_variance']) {
          const w = weightOf(name, role);
          if (w) plan.push({ weight: w.name, axis: 0, keep: kept });
        }
        reshaped.push([name, kept.length]);
        current = name;
        continue;
      }
      if (DEPTHWISE.has(cls)) {
        const dw = weightOf(name, 'depthwise_kernel');
        if (!dw) throw new Error(`structured pruning cannot read the kernel of "${name}"`);
        const m = dw.shape[3];
        plan.push({ weight: dw.name, axis: 2, keep: kept });
        const expanded = kept.flatMap((c) => Array.from({ length: m }, (_, j) => c * m + j));
        const dwBias = weightOf(name, 'bias');
        if (dwBias) plan.push({ weight: dwBias.name, axis: 0, keep: expanded });
        kept = expanded;
        total *= m;
        reshaped.push([name, kept.length]);
        current = name;
        continue;
      }
      if (cls === 'Flatten') {
        const input = shapes[current];
        if (!input || input.length !== 4 || input.slice(1).some((d) => typeof d !== 'number'))
          throw new Error(`structured pruning cannot follow "${name}": unknown input shape`);
        const positions = (input[1] as number) * (input[2] as number);
        const channels = total;
        kept = Array.from({ length: positions }, (_, p) => kept.map((c) => p * channels + c)).flat();
        total = positions * channels;
        reshaped.push([name, kept.length]);
        current = name;
        continue;
      }
      if (cls === 'Conv2D' || cls === 'Dense') {
        const k = weightOf(name, 'kernel');
        if (!k) throw new Error(`structured pruning cannot read the kernel of "${name}"`);
        plan.push({ weight: k.name, axis: cls === 'Dense' ? 0 : 2, keep: kept });
        break;
      }
      throw new Error(
        `structured pruning cannot follow the graph past layer "${current}": "${name}" is a ${cls}`,
      );
    }
    // A conv whose channels are the model's output keeps them all (the output shape must not change).
    if (reachesOutput || keep.length === filters) continue;
    conv.config.filters = keep.length;
    slices.push(...plan);
    for (const [name, channels] of reshaped) {
      const shape = shapes[name];
      if (shape) shapes[name] = [...shape.slice(0, -1), channels];
    }
  }

  const next = new Map<string, { values: Float32Array; shape: number[] }>();
  for (const s of slices) {
    const current = next.get(s.weight) ?? {
      values: byName.get(s.weight)!.values as Float32Array,
      shape: byName.get(s.weight)!.shape,
    };
    next.set(s.weight, sliceAxis(current.values, current.shape, s.axis, s.keep));
  }
  const weights: WeightEntry[] = model.weights.map((w) => {
    const changed = next.get(w.name);
    return changed ? { ...w, values: changed.values, shape: changed.shape } : w;
  });
  return { ...model, topology, weights, outputShapes: shapes };
}
