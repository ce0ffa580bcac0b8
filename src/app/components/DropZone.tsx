import { useState, type ReactNode } from 'react';

/** A drop target that highlights while dragging and hands over what was dropped (unless disabled). */
export function DropZone({
  onDrop,
  disabled,
  testId,
  children,
}: {
  onDrop(data: DataTransfer): void;
  disabled?: boolean;
  testId: string;
  children: ReactNode;
}) {
  const [dragging, setDragging] = useState(false);
  return (
    <div
      className={`drop-zone${dragging ? ' dragging' : ''}`}
      data-testid={testId}
      onDragOver={(e) => {
        e.preventDefault();
        e.dataTransfer.dropEffect = 'copy';
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={(e) => {
        e.preventDefault();
        setDragging(false);
        if (!disabled) onDrop(e.dataTransfer);
      }}
    >
      {children}
    </div>
  );
}
