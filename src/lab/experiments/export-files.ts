import { attribute, type DatasetManifest } from '../data/types';
import { modelToFiles, type ModelFiles } from '../models/artifacts';
import { toStockModel } from '../models/export';
import { taskOf } from '../train/config';
import type { TrainingSession } from '../train/session';

/**
 * A trained session's model as stock tfjs LayersModel files, with the lab's metadata: the classes
 * (classification) or the identity attribute (identification), and where the data came from.
 */
export async function exportFiles(
  session: TrainingSession,
  manifest: DatasetManifest,
  runId: string,
): Promise<ModelFiles> {
  const task = taskOf(session.config);
  const { model, copied } = await toStockModel(session.exportModel());
  try {
    return await modelToFiles(model, {
      fairnessLab: {
        runId,
        task,
        target: session.config.target,
        classNames: task === 'classification' ? attribute(manifest, session.config.target).values : undefined,
        output: task === 'identification' ? 'embedding' : 'logits',
        groupAttribute: session.groupAttribute,
        modelConfig: session.modelConfig,
      },
      dataset: { id: manifest.id, name: manifest.name, image: manifest.image, source: manifest.source },
    });
  } finally {
    if (copied) model.dispose();
  }
}
