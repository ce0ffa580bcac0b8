import type { EvaluationTask } from '../../lab/compress/evaluate';
import type { CompressedFiles } from '../../lab/compress/export';
import type { SweepOptions, SweepRecord } from '../../lab/compress/sweep-types';
import type { Method } from '../protocol';
import type { AuditModelFile } from './audit';
import type { SampleImages } from './datasets';

/** The model a sweep compresses: a run trained in the lab, or picked files (model.json + shards). */
export type CompressModelSource =
  { kind: 'run'; runId: string } | { kind: 'files'; name: string; files: AuditModelFile[] };

export interface CompressModelInfo {
  name: string;
  runId?: string;
  inputShape: (number | null)[];
  outputShape: (number | null)[];
  parameters: number;
  sizeBytes: number;
  sizeDeflateBytes: number;
  /** The kernels pruning, clustering and int8 touch (TFMOT's prunable weights). */
  prunable: { weight: string; layerClass: string; count: number }[];
  /** From the lab's metadata, when the model has it. */
  target?: string;
  task?: EvaluationTask;
  datasetId?: string;
  datasetName?: string;
  /** Why structured pruning cannot run on this model, or null when it can. */
  structuredProblem: string | null;
}

export interface SweepRequest {
  source: CompressModelSource;
  datasetId: string;
  options: SweepOptions;
}

export interface SweepCheck {
  problems: string[];
  /** Models to evaluate (baseline + settings × repeats) when the sweep can run. */
  evaluations: number;
}

export interface CieImagesRequest {
  sweepId: string;
  settingKey: string;
  group: string;
  count: number;
}

export interface CompressApi {
  inspectCompressModel: Method<CompressModelSource, CompressModelInfo>;
  checkSweep: Method<SweepRequest, SweepCheck>;
  runSweep: Method<SweepRequest, SweepRecord>;
  listSweeps: Method<void, SweepRecord[]>;
  deleteSweep: Method<{ id: string }, void>;
  exportCompressedModel: Method<{ sweepId: string; settingKey: string }, CompressedFiles>;
  /** The CIE images of one group at one setting, captioned with their labels. */
  cieImages: Method<CieImagesRequest, SampleImages>;
}
