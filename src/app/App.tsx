import { useMemo } from 'react';
import { BackendBadge } from './components/BackendBadge';
import { BackendWarning } from './components/BackendWarning';
import { LabSessionProvider } from './lab-session';
import { ROUTES, useRoute } from './routes';
import { readExperiment } from './url-state';
import { TrainPage } from './pages/TrainPage';
import { DataPage } from './pages/DataPage';
import { CompressPage } from './pages/CompressPage';
import { AuditPage } from './pages/AuditPage';
import { SearchPage } from './pages/SearchPage';

export function App() {
  const route = useRoute();
  const { state, problems } = useMemo(() => readExperiment(window.location.search), []);
  return (
    <LabSessionProvider backend={state.backend}>
      <header className="app-header">
        <h1>Fairness Lab</h1>
        <nav>
          {ROUTES.map((r) => (
            <a
              key={r.path}
              href={`#/${r.path}`}
              className={route === r.path ? 'active' : ''}
              data-testid={`nav-${r.path}`}
            >
              {r.label}
            </a>
          ))}
        </nav>
        <BackendBadge />
      </header>
      <BackendWarning />
      {problems.length > 0 && (
        <div className="error" role="alert" data-testid="url-problems">
          {problems.map((p) => (
            <div key={p}>{p}</div>
          ))}
        </div>
      )}
      <main>
        {route === 'train' && <TrainPage initial={state} />}
        {route === 'search' && <SearchPage />}
        {route === 'data' && <DataPage />}
        {route === 'compress' && <CompressPage />}
        {route === 'audit' && <AuditPage />}
      </main>
    </LabSessionProvider>
  );
}
