/**
 * How dataset images become model input and model outputs become dataset labels. Saved with
 * every audit: preprocessing changes results, so the report records exactly what was used.
 */
import { AuditError } from './errors';

export type ChannelOrder = 'rgb' | 'bgr' | 'gray';

/**
 * Where a resize samples the source, in ONNX Resize's terms (coordinate_transformation_mode):
 * 'half-pixel' = half_pixel (PIL, TF2's tf.image.resize, tfjs with halfPixelCenters);
 * 'legacy' = asymmetric, tfjs's resizeBilinear / resizeNearestNeighbor defaults (alignCorners
 * false, halfPixelCenters false), as TF1 and @vladmandic/human use them;
 * 'align-corners' = align_corners (tfjs alignCorners true): corner pixels map onto corner pixels.
 */
export type ResizeConvention = 'half-pixel' | 'legacy' | 'align-corners';
export const RESIZE_CONVENTIONS: readonly ResizeConvention[] = ['half-pixel', 'legacy', 'align-corners'];

/**
 * Pixel scaling, applied after the channel order is set:
 * '0-1' = v/255, '0-255' = v, '-1-1' = v/127.5 − 1, or (v − mean[c]) / std[c] per channel,
 * on 0–255 values in the model's channel order (ImageNet "caffe": mean [103.939, 116.779, 123.68]
 * BGR, std [1, 1, 1]).
 */
export type Scaling = '0-1' | '0-255' | '-1-1' | { mean: number[]; std: number[] };

export interface InputMapping {
  /** Model input name; default the first (the audit feeds one image input). */
  input?: string;
  /** Target [height, width]. */
  size: [number, number];
  resize: 'bilinear' | 'nearest';
  /** Sampling convention of the resize; default 'half-pixel' (mappings saved before it existed). */
  resizeConvention?: ResizeConvention;
  /** 'center': the central square (× cropFraction of the shorter side) before resizing. */
  crop: 'none' | 'center';
  /** Fraction of the shorter side kept by a centre crop (default 1 = the largest square). */
  cropFraction?: number;
  channels: ChannelOrder;
  scale: Scaling;
}

/** Model label → dataset label (e.g. { man: 'male' }); labels not listed pass unchanged. */
export type LabelMap = Record<string, string>;

export type OutputMapping =
  | {
      /** One score per class; argmax picks the label. */
      kind: 'classes';
      output: string;
      /** 'softmax' for logits; 'none' when the output already is probabilities. */
      activation: 'softmax' | 'none';
      classNames: string[];
      labelMap?: LabelMap;
    }
  | {
      /** One probability per image; ≥ threshold predicts `positive`, else `negative`. */
      kind: 'sigmoid';
      output: string;
      threshold: number;
      /** Model label the score is the probability of. */
      positive: string;
      negative: string;
      labelMap?: LabelMap;
    }
  | {
      /** A feature vector per image, for identification metrics. */
      kind: 'embedding';
      output: string;
    };

export interface AuditMapping {
  input: InputMapping;
  output: OutputMapping;
  /** Where the mapping came from, e.g. a preset name, "cli" or "manual". */
  source?: string;
  /** Free-text notes kept in the report (e.g. what a preset was derived from). */
  notes?: string[];
}

export function channelCount(order: ChannelOrder): 1 | 3 {
  return order === 'gray' ? 1 : 3;
}

/** Checks a mapping (e.g. parsed from JSON or a form) and returns it; throws naming the bad field. */
export function validateMapping(mapping: AuditMapping): AuditMapping {
  const fail = (message: string): never => {
    throw new AuditError('mapping', `Mapping: ${message}`);
  };
  const { input, output } = mapping;
  if (!input || !output) fail('needs both "input" and "output"');
  const [h, w] = input.size ?? [];
  if (!isPositiveInt(h) || !isPositiveInt(w))
    fail(`input size must be two positive integers (got ${JSON.stringify(input.size)})`);
  if (!['bilinear', 'nearest'].includes(input.resize))
    fail(`resize must be bilinear or nearest (got "${input.resize}")`);
  if (input.resizeConvention !== undefined && !RESIZE_CONVENTIONS.includes(input.resizeConvention))
    fail(
      `resizeConvention must be ${RESIZE_CONVENTIONS.join(', ')} (got "${input.resizeConvention as string}")`,
    );
  if (!['none', 'center'].includes(input.crop)) fail(`crop must be none or center (got "${input.crop}")`);
  const fraction = input.cropFraction ?? 1;
  if (!(fraction > 0 && fraction <= 1)) fail(`cropFraction must be in (0, 1] (got ${fraction})`);
  if (!['rgb', 'bgr', 'gray'].includes(input.channels))
    fail(`channels must be rgb, bgr or gray (got "${input.channels}")`);
  validateScaling(input.scale, channelCount(input.channels), fail);
  if (!output.output) fail('output needs the name of the model output tensor');
  if (output.kind === 'classes') {
    if (!Array.isArray(output.classNames) || output.classNames.length < 2)
      fail('classes output needs at least two class names');
    if (new Set(output.classNames).size !== output.classNames.length) fail('class names must be distinct');
    if (!['softmax', 'none'].includes(output.activation))
      fail(`activation must be softmax or none (got "${output.activation}")`);
  } else if (output.kind === 'sigmoid') {
    if (!(output.threshold >= 0 && output.threshold <= 1))
      fail(`threshold must be in [0, 1] (got ${output.threshold})`);
    if (!output.positive || !output.negative) fail('sigmoid output needs a positive and a negative label');
    if (output.positive === output.negative)
      fail(`positive and negative labels are both "${output.positive}"`);
  } else if (output.kind !== 'embedding') {
    fail(`output kind must be classes, sigmoid or embedding (got "${(output as { kind: string }).kind}")`);
  }
  return mapping;
}

/** The dataset label a model label stands for. */
export function toDatasetLabel(label: string, map: LabelMap | undefined): string {
  return map?.[label] ?? label;
}

/** Model labels an output mapping can predict, in model order. */
export function modelLabels(output: OutputMapping): string[] {
  if (output.kind === 'classes') return output.classNames;
  if (output.kind === 'sigmoid') return [output.negative, output.positive];
  return [];
}

export function resizeConvention(input: InputMapping): ResizeConvention {
  return input.resizeConvention ?? 'half-pixel';
}

/** One line per step, for reports: "no crop, bilinear resize (legacy) to 224×224; channels rgb; scale 0-255". */
export function describeInput(input: InputMapping): string {
  const crop =
    input.crop === 'center'
      ? `centre crop ${Math.round((input.cropFraction ?? 1) * 100)}% of the shorter side`
      : 'no crop';
  const scale =
    typeof input.scale === 'string'
      ? `scale ${input.scale}`
      : `(v − mean) / std with mean [${input.scale.mean.join(', ')}], std [${input.scale.std.join(', ')}] on 0–255 values`;
  const resize = `${input.resize} resize (${resizeConvention(input)})`;
  return `${crop}, ${resize} to ${input.size[0]}×${input.size[1]}; channels ${input.channels}; ${scale}`;
}

function validateScaling(scale: Scaling, channels: number, fail: (m: string) => never): void {
  if (typeof scale === 'string') {
    if (!['0-1', '0-255', '-1-1'].includes(scale))
      fail(`scale must be 0-1, 0-255, -1-1 or {mean, std} (got "${scale}")`);
    return;
  }
  const { mean, std } = scale ?? {};
  const ok = (a: unknown) =>
    Array.isArray(a) && (a.length === channels || a.length === 1) && a.every(Number.isFinite);
  if (!ok(mean) || !ok(std)) fail(`mean and std need 1 or ${channels} numbers each`);
  if (std.some((s) => s === 0)) fail('std must not contain 0');
}

function isPositiveInt(v: unknown): v is number {
  return Number.isInteger(v) && (v as number) > 0;
}
