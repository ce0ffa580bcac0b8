/** A whitespace-separated label file (CelebA, RAF-DB): non-blank lines with their 1-based numbers. */
export interface LabelLine {
  line: number;
  fields: string[];
}

export function labelLines(text: string): LabelLine[] {
  const out: LabelLine[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const trimmed = raw.trim();
    if (trimmed) out.push({ line: i + 1, fields: trimmed.split(/\s+/) });
  });
  return out;
}
