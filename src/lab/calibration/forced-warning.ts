import type { BackendChoice, BackendName } from '../backend/types';
import { describeAdapter } from '../backend/webgpu-adapter';
import { formatRates, type CalibrationResult } from './calibration';

/** A forced backend counts as slow when a calibrated one trains at least this many times faster. */
export const SLOW_FACTOR = 2;

/** WebGPU on an adapter that emulates the GPU in software (SwiftShader, llvmpipe, lavapipe). */
export function isSoftwareFallback(choice: BackendChoice): boolean {
  return choice.name === 'webgpu' && Boolean(choice.adapter?.isFallbackAdapter);
}

/**
 * Why a backend the user forced is likely slow, with the calibrated speeds beside it; undefined
 * when it was not forced or nothing says it is slow. Speeds are training images/s of the
 * calibration net (see calibration.ts), so they compare backends, not models.
 */
export function forcedBackendWarning(
  choice: BackendChoice,
  calibration?: Pick<CalibrationResult, 'imagesPerSecond'>,
): string | undefined {
  if (!choice.forced) return undefined;
  const rates = calibration?.imagesPerSecond ?? {};
  const measured = (Object.keys(rates) as BackendName[]).filter((n) => (rates[n] ?? 0) > 0);
  const fastest = measured.sort((a, b) => (rates[b] ?? 0) - (rates[a] ?? 0))[0];
  const speeds = measured.length ? ` Calibrated: ${formatRates(rates, measured)}.` : '';
  const instead =
    fastest && fastest !== choice.name ? ` Remove ?backend=${choice.name} to train on ${fastest}.` : '';
  if (isSoftwareFallback(choice))
    return `webgpu is forced on a software adapter (${describeAdapter(choice.adapter!)}): it emulates a GPU on the CPU, so training is much slower.${speeds}${instead}`;
  if (choice.name === 'cpu')
    return `cpu is forced: tfjs's plain-JavaScript backend, the slowest.${speeds}${instead}`;
  const own = rates[choice.name];
  if (fastest && own && (rates[fastest] ?? 0) >= SLOW_FACTOR * own && fastest !== choice.name)
    return `${choice.name} is forced, though ${fastest} trained ${Math.round((rates[fastest] ?? 0) / own)}× faster here.${speeds}${instead}`;
  return undefined;
}
