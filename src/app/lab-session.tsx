import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import type { SessionInfo } from '../worker/api/session';
import type { BackendName } from '../lab/backend/types';
import type { Progress } from '../lab/jobs/job';
import { createLabClient, type LabClient } from './lab-client';

/** While starting, `progress` is the calibration's (null until, and unless, it measures). */
export type SessionState =
  | { status: 'starting'; progress: Progress | null }
  | { status: 'ready'; info: SessionInfo }
  | { status: 'failed'; error: string };

interface LabSession {
  client: LabClient;
  session: SessionState;
}

const LabSessionContext = createContext<LabSession | null>(null);

/** Starts the Worker once, chooses the backend, and shares both with every page. */
export function LabSessionProvider({ backend, children }: { backend?: BackendName; children: ReactNode }) {
  const [client] = useState(createLabClient);
  const [session, setSession] = useState<SessionState>({ status: 'starting', progress: null });
  useEffect(() => {
    client
      .call('init', { backend }, (progress) => setSession({ status: 'starting', progress }))
      .promise.then((info) => setSession({ status: 'ready', info }))
      .catch((error: Error) => setSession({ status: 'failed', error: error.message }));
  }, [client, backend]);
  return <LabSessionContext.Provider value={{ client, session }}>{children}</LabSessionContext.Provider>;
}

export function useLab(): LabSession {
  const value = useContext(LabSessionContext);
  if (!value) throw new Error('useLab outside LabSessionProvider');
  return value;
}
