import { useState } from 'react';

/**
 * A text box for a comma-separated list that keeps what the user typed (trailing commas,
 * spaces) while handing the parsed list up on every change.
 */
export function ListInput<T>({
  value,
  parse,
  format,
  onChange,
  testId,
  placeholder,
  size,
}: {
  value: T[];
  parse: (text: string) => T[];
  format: (value: T[]) => string;
  onChange: (value: T[]) => void;
  testId?: string;
  placeholder?: string;
  size?: number;
}) {
  const [text, setText] = useState(format(value));
  // Shown text follows the value when it changed from outside (preset, JSON, reload).
  const shown = format(parse(text)) === format(value) ? text : format(value);
  return (
    <input
      type="text"
      value={shown}
      size={size}
      placeholder={placeholder}
      data-testid={testId}
      onChange={(e) => {
        setText(e.target.value);
        onChange(parse(e.target.value));
      }}
    />
  );
}
