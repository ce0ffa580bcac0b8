import * as tf from '@tensorflow/tfjs';
import { activate, selectBackend } from '../../lab/backend/select';
import type { BackendName } from '../../lab/backend/types';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { configureWasm, wasmThreading } from '../../lab/backend/wasm';
import { browserCoreCount, browserWasmThreadsHost } from '../../lab/backend/wasm-threads-browser';
import { startLoopThreads } from '../../lab/backend/wasm-training/wasm-heap';
import { calibration, type Calibrated, type CalibrationProgress } from '../../lab/calibration/calibration';
import { forcedBackendWarning, isSoftwareFallback } from '../../lab/calibration/forced-warning';
import { etaTracker, type JobContext } from '../../lab/jobs/job';
import {
  describeWasmTrainingKernels,
  registerWasmTrainingKernels,
} from '../../lab/backend/wasm-training/register';
import type { Handlers } from '../api';
import type { SessionApi } from '../api/session';
import type { LabContext } from './context';

const FALLBACK_ORDER: BackendName[] = ['webgl', 'wasm', 'cpu'];

/** Calibration progress as a job's progress: backends measured, the one running now, an ETA. */
function calibrationReporter(job: JobContext): (progress: CalibrationProgress) => void {
  const eta = etaTracker();
  return ({ done, total, backend }) =>
    job.report({
      phase: 'calibrate',
      done,
      total,
      etaSeconds: eta(done, total),
      message: backend ?? 'done',
    });
}

export function sessionHandlers(ctx: LabContext): Handlers<SessionApi> {
  return {
    async init({ backend }, job) {
      // Every core where the page is cross-origin isolated; else the single-threaded build.
      const threads = ctx.wasmThreadsGlue ? browserCoreCount() : 1;
      const host =
        threads > 1 && ctx.wasmThreadsGlue ? browserWasmThreadsHost(ctx.wasmThreadsGlue) : undefined;
      configureWasm(ctx.wasmPaths, { threads, host });
      registerWasmTrainingKernels();
      const sweptIncomplete = await ctx.datasets.sweepIncomplete();
      const onProgress = calibrationReporter(job);
      let measured: Calibrated | undefined;
      // Without a real GPU, a short calibration (cached in IndexedDB) picks the fastest trainer.
      const choice = await selectBackend({
        forced: backend,
        fallbackOrder: FALLBACK_ORDER,
        pickFastest: async (working) => (measured = await calibration.pick(working, onProgress)),
      });
      if (choice.forced) {
        // A forced software GPU is measured against the fallbacks once; any other forced backend
        // is compared with a calibration already cached.
        measured = isSoftwareFallback(choice)
          ? await calibration.pick(FALLBACK_ORDER, onProgress)
          : await calibration.cached(FALLBACK_ORDER);
        await activate(choice.name);
      }
      if (choice.name === 'wasm') await startLoopThreads(tf.backend() as BackendWasm);
      const kernels = choice.name === 'wasm' ? describeWasmTrainingKernels() : undefined;
      ctx.backend = kernels ? { ...choice, reason: `${choice.reason}; ${kernels}` } : choice;
      const warning = forcedBackendWarning(choice, measured);
      return {
        backend: ctx.backend,
        threads: wasmThreading(),
        tfjsVersion: tf.version.tfjs,
        sweptIncomplete,
        ...(measured && {
          calibration: {
            imagesPerSecond: measured.imagesPerSecond,
            cached: measured.cached,
            measuredAt: measured.measuredAt,
          },
        }),
        ...(warning && { warning }),
        ...(kernels && { kernels }),
      };
    },
  };
}
