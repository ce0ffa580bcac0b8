import * as tf from '@tensorflow/tfjs';
import { DilatedDepthwiseConv, spreadKernel } from './blocks/darts-cell';
import { blockDiagonalKernel } from './ops/grouped-conv2d';
import { GroupedConv2D } from './layers/grouped-conv2d';

/**
 * The lab's own layer classes, rewritten as stock tfjs layers that compute the same function, so an
 * exported model loads in any tfjs app with no custom layer registered:
 * - GroupedConv2D → Conv2D with the block-diagonal kernel (groups× the kernel's bytes: zeros across groups);
 * - DilatedDepthwiseConv → DepthwiseConv2D with its kernel spread to ((k − 1)·d + 1)² taps.
 */
type LayerJson = { class_name: string; config: Record<string, unknown> };

function stockLayerJson(layer: tf.layers.Layer): LayerJson | null {
  const common = { name: layer.name, trainable: layer.trainable, data_format: 'channels_last' };
  if (layer instanceof GroupedConv2D) {
    return {
      class_name: 'Conv2D',
      config: {
        ...common,
        filters: layer.filters,
        kernel_size: [layer.kernelSize, layer.kernelSize],
        strides: [layer.strides, layer.strides],
        padding: layer.padding,
        dilation_rate: [1, 1],
        activation: 'linear',
        use_bias: layer.useBias,
      },
    };
  }
  if (layer instanceof DilatedDepthwiseConv) {
    const k = layer.effectiveKernel();
    return {
      class_name: 'DepthwiseConv2D',
      config: {
        ...common,
        kernel_size: [k, k],
        strides: [1, 1],
        padding: 'same',
        depth_multiplier: 1,
        dilation_rate: [1, 1],
        activation: 'linear',
        use_bias: false,
      },
    };
  }
  return null;
}

/** The stock layer's weights; the converted kernel is a new tensor (the rest are the layer's own). */
function stockWeights(layer: tf.layers.Layer): { weights: tf.Tensor[]; created?: tf.Tensor } {
  const weights = layer.getWeights();
  if (layer instanceof GroupedConv2D) {
    const [kernel, ...rest] = weights;
    const created = blockDiagonalKernel(kernel as tf.Tensor4D, layer.groups);
    return { weights: [created, ...rest], created };
  }
  if (layer instanceof DilatedDepthwiseConv) {
    const created = tf.tidy(() => spreadKernel(weights[0] as tf.Tensor4D, layer.dilation));
    return { weights: [created], created };
  }
  return { weights };
}

/** Whether the model has layers that stock tfjs cannot load. */
export function hasLabLayers(model: tf.LayersModel): boolean {
  return model.layers.some((l) => l instanceof GroupedConv2D || l instanceof DilatedDepthwiseConv);
}

/**
 * A stock-tfjs copy of `model` (or `model` itself when it has no lab layers: check `copied`
 * before disposing). Same layer names, same outputs to float tolerance.
 */
export async function toStockModel(
  model: tf.LayersModel,
): Promise<{ model: tf.LayersModel; copied: boolean }> {
  if (!hasLabLayers(model)) return { model, copied: false };
  const topology = model.toJSON(null, false) as { config: { layers: LayerJson[] } };
  topology.config.layers = topology.config.layers.map((json) => {
    const layer = model.getLayer(String(json.config.name));
    const stock = stockLayerJson(layer);
    return stock ? { ...json, class_name: stock.class_name, config: stock.config } : json;
  });
  const stock = await tf.models.modelFromJSON({ modelTopology: topology } as unknown as tf.io.ModelJSON);
  for (const layer of stock.layers) {
    const { weights, created } = stockWeights(model.getLayer(layer.name));
    if (weights.length > 0) layer.setWeights(weights);
    created?.dispose();
  }
  return { model: stock, copied: true };
}
