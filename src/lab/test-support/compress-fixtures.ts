/** Small lab models as CompressibleModels, for the compression tests. */
import type * as tf from '@tensorflow/tfjs';
import { modelToFiles } from '../models/artifacts';
import { buildModel } from '../models/build';
import type { ModelConfig } from '../models/config';
import { quickCnn, referenceCnn } from '../models/families/classic';
import { readCompressibleModel, runFilesToMap, type CompressibleModel } from '../compress/compressible-model';

export async function compressibleFrom(model: tf.LayersModel, name = 'test'): Promise<CompressibleModel> {
  const files = await modelToFiles(model, {
    fairnessLab: { target: 'expression', classNames: ['a', 'b', 'c'] },
  });
  return readCompressibleModel(runFilesToMap(files), name);
}

export async function compressibleConfig(config: ModelConfig): Promise<CompressibleModel> {
  const model = buildModel(config);
  try {
    return await compressibleFrom(model, config.name);
  } finally {
    model.dispose();
  }
}

/** quick-cnn (conv-relu-conv-relu-flatten-dense-logits) at 16 px gray, 3 classes. */
export const quickFixture = () => compressibleConfig({ ...quickCnn(16, 1, 3), seed: 7 });

/** reference-cnn (conv-bn-relu-pool ×2, conv-bn-relu-gap, logits) at 16 px gray, 3 classes. */
export const referenceFixture = () => compressibleConfig({ ...referenceCnn(16, 1, 3), seed: 7 });
