import { postprocessCsv } from '../../lab/mitigation';
import type { Handlers } from '../api';
import type { MitigationApi } from '../api/mitigation';

/** Bias mitigation that needs no model: threshold post-processing of a scores CSV. */
export function mitigationHandlers(): Handlers<MitigationApi> {
  return {
    async postprocess({ text, name, options }, job) {
      job.report({
        phase: 'postprocess',
        done: 0,
        total: 1,
        etaSeconds: null,
        message: `fitting thresholds on ${name}`,
      });
      const result = postprocessCsv(text, options);
      job.report({ phase: 'postprocess', done: 1, total: 1, etaSeconds: 0 });
      return { ...result, name };
    },
  };
}
