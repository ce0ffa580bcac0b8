import * as tf from '@tensorflow/tfjs';
import { DARTS_OPS, type DartsCellSpec, type DartsOp, type LayerSpec, type ModelConfig } from '../config';
import { batchNormalization } from '../layers/batch-norm';
import { conv2d } from '../layers/conv2d';
import { registerBlock, type BuildContext } from './registry';

/**
 * A DARTS-style cell (Liu et al. 2019's operation set) with 3 edges over 9 ops. It is NOT FR-NAS's
 * search cell: that is the dual-path block (`dual-path-block.ts`).
 *
 *   x ──ReLU-Conv1×1(stride)-BN──▶ p                       (input projection to `channels`)
 *   a = op₀(p)                                            (edge 0)
 *   b = op₁(a) + op₂(p)                                   (edges 1 and 2)
 *   out = concat[ p + b ,  a ]                            (residual sum ‖ dense features)
 *
 * so a cell outputs 2·channels. Every op keeps the spatial size and `channels` (stride is taken
 * by the projection). Conv-type ops are ReLU-Conv-BN; sep = depthwise k×k then pointwise 1×1;
 * dil = the same with dilation 2 (its depthwise kernel is spread with zeros inside the layer,
 * because tfjs gradients reject dilated convolutions).
 */
type T = tf.SymbolicTensor;
const apply = (layer: tf.layers.Layer, x: T | T[]) => layer.apply(x) as T;

function reluConvBn(x: T, channels: number, kernel: number, stride: number, ctx: BuildContext): T {
  const relu = apply(tf.layers.reLU({ name: ctx.name('darts_relu') }), x);
  const conv = apply(
    conv2d({
      name: ctx.name('darts_conv'),
      filters: channels,
      kernelSize: kernel,
      strides: stride,
      padding: 'same',
      useBias: false,
      kernelInitializer: tf.initializers.glorotUniform({ seed: ctx.nextSeed() }),
    }),
    relu,
  );
  return apply(batchNormalization({ name: ctx.name('darts_bn'), momentum: 0.9, epsilon: 1e-5 }), conv);
}

function reluSepConvBn(x: T, channels: number, kernel: number, dilation: number, ctx: BuildContext): T {
  const relu = apply(tf.layers.reLU({ name: ctx.name('darts_relu') }), x);
  const depthwise =
    dilation === 1
      ? apply(
          tf.layers.depthwiseConv2d({
            name: ctx.name('darts_dw'),
            kernelSize: kernel,
            padding: 'same',
            useBias: false,
            depthwiseInitializer: tf.initializers.glorotUniform({ seed: ctx.nextSeed() }),
          }),
          relu,
        )
      : apply(
          new DilatedDepthwiseConv({ name: ctx.name('darts_dildw'), kernel, dilation, seed: ctx.nextSeed() }),
          relu,
        );
  const pointwise = apply(
    conv2d({
      name: ctx.name('darts_pw'),
      filters: channels,
      kernelSize: 1,
      useBias: false,
      kernelInitializer: tf.initializers.glorotUniform({ seed: ctx.nextSeed() }),
    }),
    depthwise,
  );
  return apply(batchNormalization({ name: ctx.name('darts_bn'), momentum: 0.9, epsilon: 1e-5 }), pointwise);
}

/** One edge: a shape-preserving op on `channels` channels. */
export function dartsEdge(op: DartsOp, x: T, channels: number, ctx: BuildContext): T {
  switch (op) {
    case 'skip':
      return x;
    case 'conv1x1':
      return reluConvBn(x, channels, 1, 1, ctx);
    case 'conv3x3':
      return reluConvBn(x, channels, 3, 1, ctx);
    case 'sepconv3x3':
      return reluSepConvBn(x, channels, 3, 1, ctx);
    case 'sepconv5x5':
      return reluSepConvBn(x, channels, 5, 1, ctx);
    case 'dilconv3x3':
      return reluSepConvBn(x, channels, 3, 2, ctx);
    case 'dilconv5x5':
      return reluSepConvBn(x, channels, 5, 2, ctx);
    case 'maxpool3x3':
      return apply(
        tf.layers.maxPooling2d({ name: ctx.name('darts_maxpool'), poolSize: 3, strides: 1, padding: 'same' }),
        x,
      );
    case 'avgpool3x3':
      return apply(
        tf.layers.averagePooling2d({
          name: ctx.name('darts_avgpool'),
          poolSize: 3,
          strides: 1,
          padding: 'same',
        }),
        x,
      );
  }
}

registerBlock<DartsCellSpec>('dartsCell', (x, s, ctx) => {
  for (const op of s.ops)
    if (!DARTS_OPS.includes(op)) throw new Error(`Unknown DARTS op "${op}" (known: ${DARTS_OPS.join(', ')})`);
  const p = reluConvBn(x, s.channels, 1, s.stride ?? 1, ctx);
  const a = dartsEdge(s.ops[0], p, s.channels, ctx);
  const b = apply(tf.layers.add({ name: ctx.name('darts_node') }), [
    dartsEdge(s.ops[1], a, s.channels, ctx),
    dartsEdge(s.ops[2], p, s.channels, ctx),
  ]);
  const residual = apply(tf.layers.add({ name: ctx.name('darts_residual') }), [p, b]);
  return apply(tf.layers.concatenate({ name: ctx.name('darts_dual'), axis: -1 }), [residual, a]);
});

/**
 * Depthwise k×k convolution with dilation d, trainable in tfjs: the k×k kernel is spread onto a
 * ((k−1)·d+1)² grid with zeros between taps (differentiable ops), then convolved at dilation 1.
 */
export class DilatedDepthwiseConv extends tf.layers.Layer {
  static className = 'DilatedDepthwiseConv';
  readonly kernel: number;
  readonly dilation: number;
  private readonly seed: number | undefined;
  private weight?: tf.LayerVariable;

  constructor(args: { name: string; kernel: number; dilation: number; seed?: number }) {
    super({ name: args.name });
    this.kernel = args.kernel;
    this.dilation = args.dilation;
    this.seed = args.seed;
  }

  build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const channels = shape[shape.length - 1] as number;
    this.weight = this.addWeight(
      'depthwise_kernel',
      [this.kernel, this.kernel, channels, 1],
      'float32',
      tf.initializers.glorotUniform({ seed: this.seed }),
    );
    this.built = true;
  }

  call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor4D;
      const spread = spreadKernel(this.weight!.read() as tf.Tensor4D, this.dilation);
      return tf.depthwiseConv2d(x, spread, 1, 'same');
    });
  }

  /** The taps actually multiplied per output value (for FLOP counts). */
  effectiveKernel(): number {
    return (this.kernel - 1) * this.dilation + 1;
  }

  getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), kernel: this.kernel, dilation: this.dilation };
  }
}
tf.serialization.registerClass(DilatedDepthwiseConv);

/** Inserts d−1 zero rows and columns between the taps of a [k, k, C, M] kernel. */
export function spreadKernel(w: tf.Tensor4D, d: number): tf.Tensor4D {
  if (d === 1) return w;
  const [k, , c, m] = w.shape;
  const size = (k - 1) * d + 1;
  const zerosRows = tf.zeros([k, d - 1, k, c, m]);
  const rows = tf
    .concat([tf.expandDims(w, 1), zerosRows], 1)
    .reshape([k * d, k, c, m])
    .slice(0, size);
  const zerosCols = tf.zeros([size, k, d - 1, c, m]);
  const spread = tf.concat([tf.expandDims(rows, 2), zerosCols], 2).reshape([size, k * d, c, m]);
  return tf.slice(spread, [0, 0, 0, 0], [size, size, c, m]) as tf.Tensor4D;
}

/** A mid-size DARTS-cell network: stem conv, three cells (the last two reduce), GAP. */
export function midDartsCandidate(size = 32, channels = 16, numClasses = 10): ModelConfig {
  const layers: LayerSpec[] = [
    { type: 'conv2d', filters: channels, kernel: 3, padding: 'same', useBias: false },
    { type: 'batchNorm' },
    { type: 'dartsCell', channels, ops: ['sepconv3x3', 'skip', 'conv3x3'] },
    { type: 'dartsCell', channels: channels * 2, ops: ['dilconv3x3', 'maxpool3x3', 'sepconv5x5'], stride: 2 },
    { type: 'dartsCell', channels: channels * 4, ops: ['conv1x1', 'avgpool3x3', 'dilconv5x5'], stride: 2 },
    { type: 'relu' },
    { type: 'globalAvgPool' },
  ];
  return { name: 'mid-darts-candidate', input: { size, channels: 3 }, numClasses, layers };
}
