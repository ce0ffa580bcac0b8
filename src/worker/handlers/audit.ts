import { auditSelectionProblems, defaultGroupAttributes } from '../../lab/audit/audit-checks';
import { checkMappingAgainstModel } from '../../lab/audit/check-mapping';
import { auditPredictionsCsv } from '../../lab/audit/csv-audit';
import { parseFilter, type Filter } from '../../lab/audit/filters';
import { assertRunnable, inspectModel, type ModelInfo } from '../../lab/audit/inspect';
import { validateMapping } from '../../lab/audit/mapping';
import { loadModelFromFiles, loadModelFromUrl, type LoadedModel } from '../../lab/audit/model-files';
import { predictionsCsv, type AuditPredictions } from '../../lab/audit/predictions';
import { labMetadata, suggestPreset } from '../../lab/audit/presets';
import { reportJson, type AuditReport } from '../../lab/audit/report';
import { reportCsv } from '../../lab/audit/report-csv';
import { reportMarkdown } from '../../lab/audit/report-markdown';
import { runAudit } from '../../lab/audit/run-audit';
import type { Handlers } from '../api';
import type { AuditApi, AuditOutcome, LoadedAuditModel } from '../api/audit';
import { requireBackend, type LabContext } from './context';

interface HeldModel {
  id: string;
  loaded: LoadedModel;
  info: ModelInfo;
}

/** Default bootstrap seed, so the same audit gives the same intervals. */
const SEED = 0;

export function auditHandlers(ctx: LabContext): Handlers<AuditApi> {
  /** One model at a time: loading another disposes this one. */
  let held: HeldModel | null = null;
  let counter = 0;

  const heldModel = (modelId: string): HeldModel => {
    if (!held || held.id !== modelId)
      throw new Error('The model is no longer loaded in the lab (reloaded or replaced): load it again.');
    return held;
  };

  return {
    async loadAuditModel(request) {
      requireBackend(ctx);
      const loaded =
        'url' in request
          ? await loadModelFromUrl(new URL(request.url, self.location.href).href, fetch, {
              crossOriginIsolated: self.crossOriginIsolated,
            })
          : await loadModelFromFiles(new Map(request.files.map((f) => [f.name, f.bytes])), request.name);
      const warnings: string[] = [];
      let info: ModelInfo;
      try {
        info = await inspectModel(loaded, { dryRun: true });
      } catch (error) {
        // The dry run (one zero image) failed: report the interface as declared.
        info = await inspectModel(loaded);
        warnings.push(`A test run on a blank image failed: ${(error as Error).message}`);
      }
      if (held) held.loaded.model.dispose();
      held = { id: `model-${++counter}`, loaded, info };
      const meta = labMetadata(loaded);
      const dataset = loaded.json.userDefinedMetadata?.dataset as { id?: string; name?: string } | undefined;
      let suggested = null;
      try {
        suggested = info.unsupported.length === 0 ? suggestPreset(loaded, info) : null;
      } catch (error) {
        warnings.push(`No preset: ${(error as Error).message}`);
      }
      const result: LoadedAuditModel = {
        modelId: held.id,
        info,
        suggested,
        lab: meta ? { ...meta, datasetId: dataset?.id, datasetName: dataset?.name } : null,
        warnings,
      };
      return result;
    },

    async checkAudit({
      modelId,
      mapping,
      datasetId,
      target,
      filters,
      groupAttributes,
      positive,
      privileged,
    }) {
      const problems: string[] = [];
      const warnings: string[] = [];
      const attempt = (check: () => void) => {
        try {
          check();
        } catch (error) {
          problems.push((error as Error).message);
        }
      };
      const { info } = heldModel(modelId);
      attempt(() => assertRunnable(info));
      let valid = false;
      attempt(() => {
        validateMapping(mapping);
        valid = true;
      });
      if (valid) attempt(() => checkMappingAgainstModel(mapping, info));
      const manifest = datasetId ? await ctx.datasets.manifest(datasetId) : undefined;
      if (manifest && target && valid) {
        let parsed: Filter[] = [];
        attempt(() => (parsed = (filters ?? []).map(parseFilter)));
        const selection = auditSelectionProblems(mapping, manifest, {
          target,
          groupAttributes: groupAttributes ?? defaultGroupAttributes(manifest, target),
          filters: parsed,
          positive,
          privileged,
        });
        problems.push(...selection.problems.map((e) => e.message));
        warnings.push(...selection.warnings);
      }
      return { problems, warnings };
    },

    async runAudit(request, job) {
      requireBackend(ctx);
      const { loaded } = heldModel(request.modelId);
      const { report, predictions } = await runAudit(
        {
          model: loaded,
          mapping: request.mapping,
          store: ctx.datasets,
          datasetId: request.datasetId,
          split: request.split,
          target: request.target,
          groupAttributes: request.groupAttributes,
          filters: request.filters,
          positive: request.positive,
          privileged: request.privileged,
          bootstrap: request.bootstrap > 0 ? request.bootstrap : undefined,
          seed: request.seed ?? SEED,
          limit: request.limit,
        },
        job,
      );
      return outcome(report, predictions);
    },

    async auditPredictionsCsv(request) {
      const { report, predictions } = auditPredictionsCsv(request.text, {
        name: request.name,
        groupCols: request.groupCols,
        filters: request.filters,
        positive: request.positive,
        privileged: request.privileged,
        bootstrap: request.bootstrap > 0 ? request.bootstrap : undefined,
        seed: request.seed ?? SEED,
      });
      return outcome(report, predictions);
    },
  };
}

function outcome(report: AuditReport, predictions: AuditPredictions): AuditOutcome {
  return {
    report,
    reportJson: reportJson(report),
    reportCsv: reportCsv(report),
    markdown: reportMarkdown(report),
    predictionsCsv: predictionsCsv(predictions),
  };
}
