/**
 * Sizes and weight statistics of exported files, measured from the bytes themselves:
 *  - sizeBytes: the serialised weights (weights.bin; weights.int8.bin for per-channel int8);
 *  - sizeDeflateBytes: the same bytes DEFLATE-compressed with fflate at zlib's default level 6,
 *    as Python's zipfile (ZIP_DEFLATED) does — the paper's and TFMOT's tutorials' zip size;
 *  - parameters: every weight value (trainable or not), as tfjs's countParams;
 *  - sparsity: the fraction of exact zeros in the prunable kernels (decoded as tfjs decodes them);
 *  - distinctValues: the most distinct values in any prunable kernel (≤ k after clustering).
 */
import { deflateSync } from 'fflate';
import type { CompressibleModel } from './compressible-model';
import { decodeExported, INT8_SIDECAR, type CompressedFiles } from './export';
import { isPrunable } from './prunable';

export interface LayerStats {
  weight: string;
  count: number;
  zeros: number;
  distinct: number;
}

export interface SizeReport {
  sizeBytes: number;
  sizeDeflateBytes: number;
  parameters: number;
  sparsity: number;
  distinctValues: number;
  layers: LayerStats[];
}

export const DEFLATE_LEVEL = 6;

export function deflatedSize(bytes: Uint8Array): number {
  return deflateSync(bytes, { level: DEFLATE_LEVEL }).byteLength;
}

export function measureExport(files: CompressedFiles, model: Pick<CompressibleModel, 'weights'>): SizeReport {
  const weightBytes = files[INT8_SIDECAR] ?? files['weights.bin'];
  const decoded = decodeExported(files);
  const roles = new Map(model.weights.map((w) => [w.name, w]));
  let parameters = 0;
  let zeros = 0;
  let counted = 0;
  let distinctValues = 0;
  const layers: LayerStats[] = [];
  for (const [name, values] of decoded) {
    parameters += values.length;
    const entry = roles.get(name);
    if (!entry || !isPrunable(entry)) continue;
    let z = 0;
    for (let i = 0; i < values.length; i++) if (values[i] === 0) z++;
    const distinct = new Set(values).size;
    layers.push({ weight: name, count: values.length, zeros: z, distinct });
    zeros += z;
    counted += values.length;
    distinctValues = Math.max(distinctValues, distinct);
  }
  return {
    sizeBytes: weightBytes.byteLength,
    sizeDeflateBytes: deflatedSize(weightBytes),
    parameters,
    sparsity: counted > 0 ? zeros / counted : 0,
    distinctValues,
    layers,
  };
}
