/** Minimal `--flag value` / `--switch` parser shared by every `lab` command. */
export interface ParsedArgs {
  flags: Map<string, string>;
  switches: Set<string>;
  positional: string[];
}

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** `switchNames` are flags that take no value (e.g. `json`). */
export function parseArgs(argv: string[], switchNames: readonly string[] = ['json']): ParsedArgs {
  const flags = new Map<string, string>();
  const switches = new Set<string>();
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq > 0 ? arg.slice(2, eq) : arg.slice(2);
    if (switchNames.includes(name)) {
      switches.add(name);
    } else if (eq > 0) {
      flags.set(name, arg.slice(eq + 1));
    } else {
      const value = argv[i + 1];
      if (value === undefined || value.startsWith('--')) throw new UsageError(`--${name} needs a value`);
      flags.set(name, value);
      i++;
    }
  }
  return { flags, switches, positional };
}

export function numberFlag(args: ParsedArgs, name: string, fallback: number): number {
  const raw = args.flags.get(name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value)) throw new UsageError(`--${name} must be a number (got "${raw}")`);
  return value;
}

export function requiredFlag(args: ParsedArgs, name: string): string {
  const value = args.flags.get(name);
  if (value === undefined) throw new UsageError(`--${name} is required`);
  return value;
}

/** Rejects flags a command does not know, so typos fail loudly. */
export function rejectUnknown(args: ParsedArgs, known: readonly string[]): void {
  for (const name of [...args.flags.keys(), ...args.switches]) {
    if (!known.includes(name)) throw new UsageError(`unknown flag --${name}`);
  }
}
