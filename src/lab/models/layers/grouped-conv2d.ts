import * as tf from '@tensorflow/tfjs';
import { groupedConv2d } from '../ops/grouped-conv2d';

export interface GroupedConv2DArgs {
  name: string;
  filters: number;
  kernelSize: number;
  strides: number;
  padding: 'same' | 'valid';
  groups: number;
  useBias: boolean;
  seed?: number;
}

/**
 * A grouped Conv2D layer for training (see ops/grouped-conv2d.ts). Stock tfjs cannot load it, so an
 * exported model carries it as the equivalent Conv2D with a block-diagonal kernel (`export.ts`).
 */
export class GroupedConv2D extends tf.layers.Layer {
  static className = 'GroupedConv2D';
  readonly filters: number;
  readonly kernelSize: number;
  readonly strides: number;
  readonly padding: 'same' | 'valid';
  readonly groups: number;
  readonly useBias: boolean;
  private readonly seed: number | undefined;
  private kernel?: tf.LayerVariable;
  private bias?: tf.LayerVariable;

  constructor(args: GroupedConv2DArgs) {
    super({ name: args.name });
    this.filters = args.filters;
    this.kernelSize = args.kernelSize;
    this.strides = args.strides;
    this.padding = args.padding;
    this.groups = args.groups;
    this.useBias = args.useBias;
    this.seed = args.seed;
  }

  build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const cin = shape[shape.length - 1] as number;
    if (cin % this.groups !== 0 || this.filters % this.groups !== 0) {
      throw new Error(
        `Layer ${this.name}: groups ${this.groups} must divide its input channels (${cin}) and filters (${this.filters})`,
      );
    }
    const k = this.kernelSize;
    this.kernel = this.addWeight(
      'kernel',
      [k, k, cin / this.groups, this.filters],
      'float32',
      tf.initializers.glorotUniform({ seed: this.seed }),
    );
    if (this.useBias) this.bias = this.addWeight('bias', [this.filters], 'float32', tf.initializers.zeros());
    this.built = true;
  }

  computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const [b, h, w] = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const out = (n: number | null) =>
      n === null
        ? null
        : this.padding === 'same'
          ? Math.ceil(n / this.strides)
          : Math.floor((n - this.kernelSize) / this.strides) + 1;
    return [b, out(h), out(w), this.filters];
  }

  call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor4D;
      const y = groupedConv2d(x, this.kernel!.read() as tf.Tensor4D, this.groups, this.strides, this.padding);
      return this.bias ? tf.add(y, this.bias.read()) : y;
    });
  }

  getConfig(): tf.serialization.ConfigDict {
    return {
      ...super.getConfig(),
      filters: this.filters,
      kernelSize: this.kernelSize,
      strides: this.strides,
      padding: this.padding,
      groups: this.groups,
      useBias: this.useBias,
    };
  }
}
tf.serialization.registerClass(GroupedConv2D);
