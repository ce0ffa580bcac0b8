import type { JobContext } from '../../lab/jobs/job';
import type { AuditApi } from './audit';
import type { CompressApi } from './compress';
import type { DatasetsApi } from './datasets';
import type { ImportsApi } from './imports';
import type { MitigationApi } from './mitigation';
import type { SearchApi } from './search';
import type { SessionApi } from './session';
import type { TrainingApi } from './training';

/** Every method the Worker serves. New domains add their API here. */
export type LabApi = SessionApi &
  DatasetsApi &
  TrainingApi &
  ImportsApi &
  AuditApi &
  MitigationApi &
  CompressApi &
  SearchApi;
export type LabMethod = keyof LabApi;
export type ParamsOf<M extends LabMethod> = LabApi[M]['params'];
export type ResultOf<M extends LabMethod> = LabApi[M]['result'];

export type Handlers<A> = {
  [M in keyof A]: A[M] extends { params: infer P; result: infer R }
    ? (params: P, job: JobContext) => Promise<R>
    : never;
};
