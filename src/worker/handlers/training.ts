import { runExperiment } from '../../lab/experiments/run-experiment';
import type { Handlers } from '../api';
import type { TrainingApi } from '../api/training';
import { requireBackend, type LabContext } from './context';

export function trainingHandlers(ctx: LabContext): Handlers<TrainingApi> {
  return {
    async train(spec, job) {
      const backend = requireBackend(ctx);
      const { record, files } = await runExperiment(ctx.datasets, spec, backend.name, job);
      if (files) await ctx.runs.put(record, files);
      return record;
    },
    listRuns: () => ctx.runs.list(),
    renameRun: ({ id, label }) => ctx.runs.rename(id, label),
    deleteRun: ({ id }) => ctx.runs.delete(id),
    async exportModel({ id }) {
      const files = await ctx.runs.modelFiles(id);
      if (!files) throw new Error(`No saved model for run "${id}"`);
      return files;
    },
  };
}
