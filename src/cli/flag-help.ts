/**
 * A command's flags as one list that both the parser (known names, switches) and `--help`
 * read, so the help can never leave out a flag the command accepts.
 */

export interface FlagSpec {
  name: string;
  /** Placeholder of the value, e.g. "FILE"; absent for a switch (a flag without a value). */
  value?: string;
  help: string;
  /** May be given several times. */
  repeatable?: boolean;
}

export interface FlagGroup {
  title: string;
  flags: FlagSpec[];
}

export function flagNames(groups: readonly FlagGroup[]): string[] {
  return groups.flatMap((g) => g.flags.map((f) => f.name));
}

export function switchNames(groups: readonly FlagGroup[]): string[] {
  return groups.flatMap((g) => g.flags.filter((f) => f.value === undefined).map((f) => f.name));
}

/** Flags longer than this put their help on the next line. */
const LABEL_WIDTH = 30;

/** The synopsis lines, then every flag by group: "  --input-size N[xM]   model input size". */
export function formatHelp(synopsis: readonly string[], groups: readonly FlagGroup[]): string {
  const label = (f: FlagSpec) =>
    `--${f.name}${f.value ? ` ${f.value}` : ''}${f.repeatable ? ' (repeatable)' : ''}`;
  const lines = [...synopsis];
  for (const group of groups) {
    lines.push('', `${group.title}:`);
    for (const flag of group.flags) {
      const text = label(flag);
      if (text.length <= LABEL_WIDTH) lines.push(`  ${text.padEnd(LABEL_WIDTH)}  ${flag.help}`);
      else lines.push(`  ${text}`, `  ${' '.repeat(LABEL_WIDTH)}  ${flag.help}`);
    }
  }
  return lines.join('\n');
}
