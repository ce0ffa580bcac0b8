import type { SplitName } from '../../lab/data/types';
import type { ModelInfo } from '../../lab/audit/inspect';
import type { AuditMapping } from '../../lab/audit/mapping';
import type { LabModelMetadata } from '../../lab/audit/presets';
import type { AuditReport } from '../../lab/audit/report';
import type { Method } from '../protocol';

/** One model file as picked or dropped: model.json or a weight shard. */
export interface AuditModelFile {
  name: string;
  bytes: Uint8Array;
}

/** The model's files (picker, drop, a lab run's export) or a URL to its model.json. */
export type LoadAuditModelRequest = { files: AuditModelFile[]; name?: string } | { url: string };

export interface LoadedAuditModel {
  /** The Worker keeps the model under this id until the next load. */
  modelId: string;
  info: ModelInfo;
  /** The preset that fits the model (lab metadata, faceres, emotion), or null. */
  suggested: AuditMapping | null;
  /** Set for models trained in this lab. */
  lab: (LabModelMetadata & { datasetId?: string; datasetName?: string }) | null;
  /** Problems met while inspecting (e.g. the dry run failed), shown with the info. */
  warnings: string[];
}

export interface RunAuditRequest {
  modelId: string;
  mapping: AuditMapping;
  datasetId: string;
  split: SplitName | 'all';
  target: string;
  /** [] = no groups: overall and per-class metrics only. */
  groupAttributes: string[];
  /** e.g. ["age>=18", "race!=others"]. */
  filters: string[];
  positive?: string;
  privileged?: string;
  /** Bootstrap replicates for the intervals (0 = none). */
  bootstrap: number;
  seed?: number;
  /** Audit at most this many images. */
  limit?: number;
}

export interface PredictionsCsvRequest {
  text: string;
  /** Shown as the dataset name (the CSV's file name). */
  name: string;
  /** Group columns; default "group" if present, else every non-fixed column; [] = no groups. */
  groupCols?: string[];
  filters: string[];
  positive?: string;
  privileged?: string;
  bootstrap: number;
  seed?: number;
}

/** An audit's report and every download made from it. */
export interface AuditOutcome {
  report: AuditReport;
  reportJson: string;
  reportCsv: string;
  markdown: string;
  predictionsCsv: string;
}

/** A mapping / data check without running the model: what would stop the audit, and warnings. */
export interface AuditCheckRequest {
  modelId: string;
  mapping: AuditMapping;
  datasetId?: string;
  target?: string;
  filters?: string[];
  /** Default: the dataset's sensitive attributes other than the target; [] = no groups. */
  groupAttributes?: string[];
  positive?: string;
  privileged?: string;
}

export interface AuditCheck {
  problems: string[];
  warnings: string[];
}

export interface AuditApi {
  loadAuditModel: Method<LoadAuditModelRequest, LoadedAuditModel>;
  checkAudit: Method<AuditCheckRequest, AuditCheck>;
  runAudit: Method<RunAuditRequest, AuditOutcome>;
  auditPredictionsCsv: Method<PredictionsCsvRequest, AuditOutcome>;
}
