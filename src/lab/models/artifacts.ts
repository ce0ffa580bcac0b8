import * as tf from '@tensorflow/tfjs';

/** A model in tfjs LayersModel format as files: `model.json` and one weights file. */
export interface ModelFiles {
  'model.json': string;
  'weights.bin': Uint8Array;
}

export const WEIGHTS_FILE = 'weights.bin';

/** Serialises a LayersModel (with metadata such as class names) without touching storage. */
export async function modelToFiles(
  model: tf.LayersModel,
  metadata: Record<string, unknown> = {},
): Promise<ModelFiles> {
  let files: ModelFiles | undefined;
  // tfjs accepts plain JSON only: drop undefined fields.
  model.setUserDefinedMetadata(JSON.parse(JSON.stringify(metadata)));
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      if (!artifacts.weightData || !artifacts.weightSpecs) throw new Error('Model has no weights to save');
      const weights = new Uint8Array(
        tf.io.concatenateArrayBuffers(
          Array.isArray(artifacts.weightData) ? artifacts.weightData : [artifacts.weightData],
        ),
      );
      const modelJson = {
        format: 'layers-model',
        generatedBy: `TensorFlow.js tfjs-layers v${tf.version_layers}`,
        convertedBy: 'Fairness Lab',
        modelTopology: artifacts.modelTopology,
        userDefinedMetadata: artifacts.userDefinedMetadata,
        weightsManifest: [{ paths: [WEIGHTS_FILE], weights: artifacts.weightSpecs }],
      };
      files = { 'model.json': JSON.stringify(modelJson), 'weights.bin': weights };
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
    }),
  );
  return files!;
}

/** Loads a LayersModel back from the files that `modelToFiles` made. */
export async function modelFromFiles(files: ModelFiles): Promise<tf.LayersModel> {
  const json = JSON.parse(files['model.json']) as tf.io.ModelJSON;
  const weights = files['weights.bin'];
  const weightData = weights.buffer.slice(
    weights.byteOffset,
    weights.byteOffset + weights.byteLength,
  ) as ArrayBuffer;
  return tf.loadLayersModel(
    tf.io.fromMemory({
      modelTopology: json.modelTopology,
      weightSpecs: json.weightsManifest.flatMap((group) => group.weights),
      weightData,
      userDefinedMetadata: json.userDefinedMetadata,
    }),
  );
}
