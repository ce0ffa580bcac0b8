import type { StudySummary } from '../../../worker/api/search';

interface Props {
  studies: StudySummary[];
  open: string | null;
  running: string | null;
  onOpen(name: string): void;
  onDelete(name: string): void;
  onExport(format: 'json' | 'csv' | 'optuna'): void;
  onImportJournal(file: File): void;
  onLoadPublished(file: File): void;
  publishedName: string | null;
  onClearPublished(): void;
}

const STATUS: Record<StudySummary['status'], string> = {
  running: 'running',
  paused: 'paused',
  interrupted: 'interrupted (resumes when opened)',
  done: 'done',
};

/** The studies kept in this browser, their exports, an Optuna journal to import, and a published overlay. */
export function StudiesCard(props: Props) {
  const { studies, open, running } = props;
  return (
    <div className="card studies-card" data-testid="studies-card">
      <h3>Studies in this browser</h3>
      {studies.length === 0 ? (
        <p className="muted" data-testid="no-studies">
          None yet.
        </p>
      ) : (
        <ul className="study-list" data-testid="study-list">
          {studies.map((s) => (
            <li key={s.name} className={s.name === open ? 'active' : ''} data-testid="study-item">
              <button
                type="button"
                className="link-button"
                // While a study runs, its progress owns the scatter: pause it to open another.
                disabled={running !== null && s.name !== running}
                onClick={() => props.onOpen(s.name)}
              >
                {s.name}
              </button>{' '}
              <span className="muted">
                · {STATUS[s.status]} · {s.complete} of {s.trials} trials complete
              </span>{' '}
              <button
                type="button"
                className="link-button"
                disabled={s.name === running}
                onClick={() => props.onDelete(s.name)}
                data-testid="study-delete"
              >
                delete
              </button>
            </li>
          ))}
        </ul>
      )}
      <div className="actions">
        <span>Export the open study:</span>
        <button
          type="button"
          disabled={!open}
          onClick={() => props.onExport('optuna')}
          data-testid="export-optuna"
        >
          Optuna journal
        </button>
        <button
          type="button"
          disabled={!open}
          onClick={() => props.onExport('json')}
          data-testid="export-json"
        >
          JSON
        </button>
        <button type="button" disabled={!open} onClick={() => props.onExport('csv')} data-testid="export-csv">
          CSV
        </button>
      </div>
      <div className="actions">
        <FileButton
          label="Import an Optuna journal (JournalFileStorage)…"
          accept=".log,.jsonl,.json,.txt"
          onFile={props.onImportJournal}
          testId="import-journal"
        />
        <FileButton
          label="Overlay FR-NAS’s published results (*_phase2.csv)…"
          accept=".csv"
          onFile={props.onLoadPublished}
          testId="load-published"
        />
        {props.publishedName && (
          <span data-testid="published-name">
            overlay: {props.publishedName}{' '}
            <button type="button" className="link-button" onClick={props.onClearPublished}>
              remove
            </button>
          </span>
        )}
      </div>
    </div>
  );
}

function FileButton(props: { label: string; accept: string; onFile(file: File): void; testId: string }) {
  return (
    <label className="file-button">
      {props.label}
      <input
        type="file"
        accept={props.accept}
        onChange={(e) => {
          const file = e.target.files?.[0];
          e.target.value = '';
          if (file) props.onFile(file);
        }}
        data-testid={props.testId}
      />
    </label>
  );
}
