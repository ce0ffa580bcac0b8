/** Tiny models as files, for the audit's tests. */
import * as tf from '@tensorflow/tfjs';
import { modelToFiles } from '../models/artifacts';

/** A GraphModel model.json: Placeholder [?, size, size, channels] → `op` → output "y". */
export function tinyGraphModelJson(op: string, size = 4, channels = 3): string {
  const dims = [-1, size, size, channels].map((d) => ({ size: String(d) }));
  return JSON.stringify({
    format: 'graph-model',
    generatedBy: 'test',
    convertedBy: 'test',
    modelTopology: {
      node: [
        {
          name: 'x',
          op: 'Placeholder',
          attr: { dtype: { type: 'DT_FLOAT' }, shape: { shape: { dim: dims } } },
        },
        { name: 'y', op, input: ['x'], attr: { T: { type: 'DT_FLOAT' } } },
      ],
      versions: { producer: 1 },
    },
    weightsManifest: [],
  });
}

/** The files of a tiny graph model, as a picker or drag-drop would give them. */
export function tinyGraphModelFiles(op: string, size = 4, channels = 3): Map<string, Uint8Array> {
  return new Map([['model.json', new TextEncoder().encode(tinyGraphModelJson(op, size, channels))]]);
}

/**
 * A small seeded LayersModel [?, size, size, channels] → 2 logits (layer "logits"), saved with
 * the lab's metadata, as its files.
 */
export async function tinyLayersModelFiles(
  size: number,
  channels: 1 | 3,
  classNames: string[],
  target: string,
): Promise<Map<string, Uint8Array>> {
  const model = tf.sequential({
    layers: [
      tf.layers.conv2d({
        inputShape: [size, size, channels],
        filters: 4,
        kernelSize: 3,
        strides: 2,
        activation: 'relu',
        kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }),
      }),
      tf.layers.flatten(),
      tf.layers.dense({
        units: classNames.length,
        name: 'logits',
        kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }),
      }),
    ],
  });
  const files = await modelToFiles(model, { fairnessLab: { classNames, target, runId: 'test' } });
  model.dispose();
  return new Map([
    ['model.json', new TextEncoder().encode(files['model.json'])],
    ['weights.bin', files['weights.bin']],
  ]);
}
