/**
 * Applies one setting (e.g. prune:0.5+cluster:16+int8) to a model: structured pruning, then
 * magnitude pruning, then clustering (sparsity-preserving after pruning, as TFMOT's
 * `preserve_sparsity`), then quantisation. Pure: the input model is never changed, and every
 * check runs before any weight is touched. The result carries the masks and clusters that
 * fine-tuning would hold fixed (see constraints.ts), and the files to evaluate and export.
 */
import { deriveSeed } from '../util/rng';
import { clusterWeights, validateClusterCount, type ClusteredWeights } from './clustering';
import type { CompressibleModel, WeightEntry } from './compressible-model';
import { affineEncoding, exportCompressed, type CompressedFiles, type WeightEncoding } from './export';
import { encodeFloat16 } from './float16';
import { quantizeInt8 } from './int8';
import { applyMask, globalMagnitudeMasks, magnitudeMask } from './magnitude-pruning';
import { isPrunable, prunableWeights } from './prunable';
import { prunesWeights, type Setting } from './settings';
import { pruneFilters } from './structured-pruning';

export interface CompressedModel {
  setting: Setting;
  /** Weights as exported and evaluated (dequantised where quantised). */
  model: CompressibleModel;
  encodings: Map<string, WeightEncoding>;
  /** Pruning masks by weight name (1 = kept). */
  masks: Map<string, Uint8Array>;
  clusters: Map<string, ClusteredWeights>;
  files: CompressedFiles;
  /** How the export stores the weights, in words. */
  format: string;
}

const where = (w: WeightEntry) => `layer "${w.layer}" (${w.role})`;

/** Throws the first problem of a setting for this model, before anything runs. */
export function checkSetting(model: CompressibleModel, setting: Setting): void {
  const needsPrunable = setting.steps.some((s) => s.kind !== 'fp16' && s.kind !== 'prune-structured');
  const kernels = needsPrunable ? prunableWeights(model) : [];
  for (const step of setting.steps) {
    if (step.kind === 'cluster')
      for (const w of kernels) validateClusterCount(step.k, w.values.length, where(w));
    if (step.kind === 'prune-structured') pruneFilters(model, step.fraction);
  }
}

function replace(model: CompressibleModel, values: Map<string, Float32Array>): CompressibleModel {
  return {
    ...model,
    weights: model.weights.map((w) => (values.has(w.name) ? { ...w, values: values.get(w.name)! } : w)),
  };
}

export function applySetting(
  base: CompressibleModel,
  setting: Setting,
  options: { seed: number; metadata?: Record<string, unknown> },
): CompressedModel {
  checkSetting(base, setting);
  let model = base;
  const encodings = new Map<string, WeightEncoding>();
  const masks = new Map<string, Uint8Array>();
  const clusters = new Map<string, ClusteredWeights>();
  const formats: string[] = [];
  const kernels = () => model.weights.filter(isPrunable);
  for (const step of setting.steps) {
    const next = new Map<string, Float32Array>();
    switch (step.kind) {
      case 'prune-structured':
        model = pruneFilters(model, step.fraction);
        continue;
      case 'prune':
        for (const w of kernels()) {
          const mask = magnitudeMask(w.values, step.sparsity);
          masks.set(w.name, mask);
          next.set(w.name, applyMask(w.values as Float32Array, mask));
        }
        break;
      case 'prune-global': {
        const list = kernels();
        globalMagnitudeMasks(
          list.map((w) => w.values),
          step.sparsity,
        ).forEach((mask, i) => {
          masks.set(list[i].name, mask);
          next.set(list[i].name, applyMask(list[i].values as Float32Array, mask));
        });
        break;
      }
      case 'cluster':
        for (const w of kernels()) validateClusterCount(step.k, w.values.length, where(w));
        for (const w of kernels()) {
          const clustered = clusterWeights(w.values as Float32Array, step.k, {
            init: step.init,
            preserveSparsity: prunesWeights(setting),
            seed: deriveSeed(options.seed, w.name),
          });
          clusters.set(w.name, clustered);
          next.set(w.name, clustered.values);
        }
        break;
      case 'int8':
        for (const w of kernels()) {
          const q = quantizeInt8(w.values as Float32Array, w, step.granularity);
          encodings.set(
            w.name,
            step.granularity === 'tensor'
              ? affineEncoding(q.codes, q.scales[0])
              : { kind: 'int8-channel', codes: q.codes, scales: q.scales },
          );
          next.set(w.name, q.dequantised);
        }
        formats.push(
          step.granularity === 'tensor'
            ? 'int8 kernels as tfjs uint8 affine entries (per tensor)'
            : 'int8 kernels per channel: weights.bin holds their dequantised float32 values (tfjs has no per-channel scales), weights.int8.bin the int8 codes and scales',
        );
        break;
      case 'fp16':
        for (const w of model.weights) {
          if (w.dtype !== 'float32') continue;
          const { bits, dequantised } = encodeFloat16(w.values as Float32Array);
          encodings.set(w.name, { kind: 'float16', bits });
          next.set(w.name, dequantised);
        }
        formats.push('every float32 weight as a tfjs float16 entry');
        break;
    }
    model = replace(model, next);
  }
  const format = formats.length > 0 ? formats.join('; ') : 'float32 (tfjs default)';
  const files = exportCompressed(model, encodings, {
    ...options.metadata,
    compression: {
      setting: setting.key,
      method: setting.method,
      param: setting.param,
      seed: options.seed,
      format,
    },
  });
  return { setting, model, encodings, masks, clusters, files, format };
}
