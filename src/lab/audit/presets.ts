/**
 * Ready-made mappings: the lab's own trained models (from their metadata) and two
 * @vladmandic/human models. Each preset says in `notes` what it was derived from.
 */
import type { ModelInfo } from './inspect';
import type { AuditMapping } from './mapping';
import type { LoadedModel } from './model-files';

/**
 * human's faceres (HSE-FaceRes), read from @vladmandic/human 3.3 src/face/faceres.ts:
 * the face crop arrives as RGB in 0..1, is resized with `tf.image.resizeBilinear(t, [224, 224], false)`
 * (tfjs's legacy sampling: alignCorners and halfPixelCenters both false; no crop by default:
 * `config.face.description.crop` is unset) and multiplied by 255, so the model takes RGB 0–255.
 * Output `gender_pred/Sigmoid` is the probability of "male": human labels `gender[0] <= 0.5`
 * as female, otherwise male.
 */
export function faceresGenderPreset(): AuditMapping {
  return {
    source: 'preset:faceres-gender',
    input: {
      size: [224, 224],
      resize: 'bilinear',
      resizeConvention: 'legacy',
      crop: 'none',
      channels: 'rgb',
      scale: '0-255',
    },
    output: {
      kind: 'sigmoid',
      output: 'gender_pred/Sigmoid',
      threshold: 0.5,
      positive: 'male',
      negative: 'female',
    },
    notes: [
      '@vladmandic/human faceres: RGB resized bilinearly to 224×224 with tfjs resizeBilinear defaults (legacy sampling) and scaled to 0–255 (src/face/faceres.ts enhance()).',
      'gender_pred/Sigmoid is P(male): human predicts female when the score is ≤ 0.5.',
    ],
  };
}

/** faceres' 1024-d descriptor (`global_pooling/Mean`), same preprocessing as the gender preset. */
export function faceresEmbeddingPreset(): AuditMapping {
  return {
    ...faceresGenderPreset(),
    source: 'preset:faceres-embedding',
    output: { kind: 'embedding', output: 'global_pooling/Mean' },
  };
}

/**
 * human's emotion model (oarriaga face_classification), from src/gear/emotion.ts: bilinear resize
 * to 64×64 with `tf.image.resizeBilinear(image, [64, 64], false)` (legacy sampling), gray = 0.2989 R + 0.587 G + 0.114 B, then (gray − 0.5) × 2 on 0..1 values, i.e. −1..1.
 * The output is already a softmax over the seven expressions, in this order.
 */
export function emotionPreset(): AuditMapping {
  return {
    source: 'preset:human-emotion',
    input: {
      size: [64, 64],
      resize: 'bilinear',
      resizeConvention: 'legacy',
      crop: 'none',
      channels: 'gray',
      scale: '-1-1',
    },
    output: {
      kind: 'classes',
      output: 'Identity',
      activation: 'none',
      classNames: ['angry', 'disgust', 'fear', 'happy', 'sad', 'surprise', 'neutral'],
    },
    notes: [
      '@vladmandic/human emotion: grayscale 64×64 (tfjs resizeBilinear defaults, legacy sampling) scaled to −1..1 (src/gear/emotion.ts); output already softmax.',
      'human weighs gray as 0.2989/0.587/0.114; the lab uses BT.601 0.299/0.587/0.114 (difference < 0.1 gray level).',
    ],
  };
}

/** Metadata the lab writes into its saved models (see models/artifacts.ts and run-experiment.ts). */
export interface LabModelMetadata {
  classNames: string[];
  target: string;
  runId?: string;
}

export function labMetadata(loaded: LoadedModel): LabModelMetadata | null {
  const meta = loaded.json.userDefinedMetadata?.fairnessLab as Partial<LabModelMetadata> | undefined;
  if (!meta || !Array.isArray(meta.classNames) || typeof meta.target !== 'string') return null;
  return { classNames: meta.classNames, target: meta.target, runId: meta.runId };
}

/**
 * The lab's own models were trained on stored images (already square and at the model's size)
 * scaled to 0..1 (streamBatches normalize 'unit'); their output is class logits. The lab's importer
 * resizes with pixel centres aligned (data/image-ops/resize.ts), hence 'half-pixel'.
 */
export function labModelPreset(info: ModelInfo, meta: LabModelMetadata): AuditMapping {
  const shape = info.inputs[0]?.shape ?? [];
  const [height, width, channels] = [shape[1], shape[2], shape[3]];
  const output = info.outputs.find((o) => o.name === 'logits') ?? info.outputs[0];
  return {
    source: 'preset:fairness-lab',
    input: {
      size: [height ?? 64, width ?? height ?? 64],
      resize: 'bilinear',
      resizeConvention: 'half-pixel',
      crop: 'none',
      channels: channels === 1 ? 'gray' : 'rgb',
      scale: '0-1',
    },
    output: { kind: 'classes', output: output.name, activation: 'softmax', classNames: meta.classNames },
    notes: [
      `Fairness Lab model trained to predict "${meta.target}"${meta.runId ? ` (run ${meta.runId})` : ''}.`,
    ],
  };
}

export const PRESET_NAMES = ['fairness-lab', 'faceres-gender', 'faceres-embedding', 'human-emotion'] as const;
export type PresetName = (typeof PRESET_NAMES)[number];

/** The preset that fits a model, recognised by its metadata or its outputs; null when none does. */
export function suggestPreset(loaded: LoadedModel, info: ModelInfo): AuditMapping | null {
  const meta = labMetadata(loaded);
  if (meta) return labModelPreset(info, meta);
  const outputs = info.outputs.map((o) => o.name);
  if (outputs.includes('gender_pred/Sigmoid')) return faceresGenderPreset();
  const input = info.inputs[0]?.shape;
  const looksLikeEmotion =
    input?.[1] === 64 && input?.[2] === 64 && input?.[3] === 1 && info.outputs.length === 1;
  if (looksLikeEmotion && info.outputs[0].shape?.[1] === 7) return emotionPreset();
  return null;
}

/** A preset by name; 'fairness-lab' needs the model's metadata. */
export function presetByName(name: PresetName, loaded: LoadedModel, info: ModelInfo): AuditMapping {
  switch (name) {
    case 'faceres-gender':
      return faceresGenderPreset();
    case 'faceres-embedding':
      return faceresEmbeddingPreset();
    case 'human-emotion':
      return emotionPreset();
    case 'fairness-lab': {
      const meta = labMetadata(loaded);
      if (!meta)
        throw new Error(
          `Model "${loaded.name}" has no Fairness Lab metadata (userDefinedMetadata.fairnessLab)`,
        );
      return labModelPreset(info, meta);
    }
  }
}
