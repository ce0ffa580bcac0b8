import { useLab } from '../lab-session';

/** A visible warning under the header when a forced backend is likely slow (see forcedBackendWarning). */
export function BackendWarning() {
  const { session } = useLab();
  if (session.status !== 'ready' || !session.info.warning) return null;
  return (
    <p className="warning page-warning" role="status" data-testid="backend-warning">
      {session.info.warning}
    </p>
  );
}
