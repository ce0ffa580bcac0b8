import { useState } from 'react';

/**
 * An editable name: saved on Enter or when the field loses focus, Escape restores it; a refused
 * name (empty, taken) stays in the field with the one-line reason beside it. Give it `key={value}`
 * so a name changed elsewhere replaces the draft.
 */
export function NameField({
  value,
  label,
  onRename,
  testId,
  className = 'name-field',
}: {
  value: string;
  label: string;
  onRename(name: string): Promise<void>;
  testId: string;
  className?: string;
}) {
  const [draft, setDraft] = useState(value);
  const [error, setError] = useState<string | null>(null);
  const save = async () => {
    if (draft.trim() === value) return setDraft(value);
    try {
      await onRename(draft);
      setError(null);
    } catch (e) {
      setError((e as Error).message);
    }
  };
  return (
    <span className="name-field-wrap">
      <input
        className={className}
        value={draft}
        aria-label={label}
        title={`${label}: type to rename, Enter to save`}
        size={Math.min(Math.max(draft.length + 2, 16), 72)}
        onChange={(event) => setDraft(event.target.value)}
        onBlur={save}
        onKeyDown={(event) => {
          if (event.key === 'Enter') (event.target as HTMLInputElement).blur();
          if (event.key === 'Escape') {
            setDraft(value);
            setError(null);
          }
        }}
        data-testid={testId}
      />
      {error && (
        <span className="error inline-error" role="alert" data-testid={`${testId}-error`}>
          {error}
        </span>
      )}
    </span>
  );
}
