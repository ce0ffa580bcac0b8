import { useCallback, useRef, useState } from 'react';
import type { Progress } from '../../lab/jobs/job';
import type { JobHandle } from '../lab-client';

export type JobState<R> =
  | { status: 'idle' }
  | { status: 'running'; progress: Progress | null }
  | { status: 'done'; result: R }
  | { status: 'cancelled' }
  | { status: 'failed'; error: string };

/** Runs one long Worker job at a time, tracking its progress, and lets the user cancel it. */
export function useJob<R>() {
  const [state, setState] = useState<JobState<R>>({ status: 'idle' });
  const handle = useRef<JobHandle<R> | null>(null);

  const start = useCallback(
    async (begin: (onProgress: (p: Progress) => void) => JobHandle<R>): Promise<R | undefined> => {
      setState({ status: 'running', progress: null });
      const job = begin((progress) => setState({ status: 'running', progress }));
      handle.current = job;
      try {
        const result = await job.promise;
        setState({ status: 'done', result });
        return result;
      } catch (error) {
        const e = error as Error;
        setState(
          e.name === 'CancelledError' ? { status: 'cancelled' } : { status: 'failed', error: e.message },
        );
        return undefined;
      } finally {
        handle.current = null;
      }
    },
    [],
  );

  const cancel = useCallback(() => handle.current?.cancel(), []);
  return { state, start, cancel };
}
