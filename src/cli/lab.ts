/** `npm run lab -- <command> [flags]`: the engine, headless. Each command lives in ./commands/<name>.ts. */
import { UsageError } from './args';

type CommandModule = { run(argv: string[]): Promise<number> };

const commands: Record<string, { summary: string; load: () => Promise<CommandModule> }> = {
  train: {
    summary: 'generate the synthetic dataset, train, evaluate per group',
    load: () => import('./commands/train'),
  },
  metrics: {
    summary: 'fairness metrics from a predictions, ranks or embeddings CSV',
    load: () => import('./commands/metrics'),
  },
  import: {
    summary: 'import a face dataset folder into the local store',
    load: () => import('./commands/import'),
  },
  audit: {
    summary: 'audit a released tfjs model on a labelled dataset',
    load: () => import('./commands/audit'),
  },
};

function usage(): string {
  const lines = Object.entries(commands).map(([name, c]) => `  ${name.padEnd(8)} ${c.summary}`);
  return `usage: npm run lab -- <command> [flags]\n\ncommands:\n${lines.join('\n')}`;
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === 'help') {
    console.log(usage());
    return name ? 0 : 2;
  }
  const command = commands[name];
  if (!command) {
    console.error(`lab: unknown command "${name}"\n${usage()}`);
    return 2;
  }
  try {
    const module = await command.load();
    return await module.run(rest);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    console.error(`lab ${name}: ${message}`);
    return error instanceof UsageError ? 2 : 1;
  }
}

main(process.argv.slice(2)).then((code) => process.exit(code));
