/** `npm run lab -- <command> [flags]`: the engine, headless. Each command lives in ./commands/<name>.ts. */
import { UsageError } from './args';

type CommandModule = { run(argv: string[]): Promise<number> };

interface Command {
  summary: string;
  usage: string;
  load: () => Promise<CommandModule>;
}

const commands: Record<string, Command> = {
  train: {
    summary: 'generate the synthetic dataset, train, evaluate per group',
    usage:
      'train [--seed S] [--epochs E] [--batch B] [--lr LR] [--steps N] [--save DIR] [--preset quick|large] ' +
      '[--model quick-cnn|reference-cnn] [--neutral] [--backend B] [--quiet] --json',
    load: () => import('./commands/train'),
  },
  metrics: {
    summary: 'fairness metrics from a predictions, ranks or embeddings CSV',
    usage:
      'metrics --input preds.csv [--pos-label L] [--privileged G] [--threshold T] [--group-cols a,b] ' +
      '[--bootstrap B] [--seed S] --json\n       metrics --ranks ranks.csv | --embeddings emb.csv [--backend B] --json',
    load: () => import('./commands/metrics'),
  },
  import: {
    summary: 'import a face dataset folder into the local store',
    usage:
      'import --format utkface|celeba|fairface|rafdb|ckplus|folder-label|folder|csv --path DIR|ZIP [--csv FILE] [--size 64] ' +
      '[--name NAME] [--store DIR] [--file-col C --label-cols a,b --sensitive-cols c,d] --json',
    load: () => import('./commands/import'),
  },
  audit: {
    summary: 'audit a released tfjs model on a labelled dataset',
    usage:
      'audit --model path/model.json --data DIR|CSV --format utkface|celeba|fairface|folder|csv|predictions ' +
      '--input-size 224 --channels rgb|bgr|gray --scale 0-1|0-255|-1-1|caffe --output NAME --positive LABEL ' +
      '[--threshold 0.5] [--filter "age>=18"] [--group-cols race] [--bootstrap B] [--backend B] --json',
    load: () => import('./commands/audit'),
  },
};

function usage(): string {
  const lines = Object.entries(commands).map(([name, c]) => `  ${name.padEnd(8)} ${c.summary}`);
  return `usage: npm run lab -- <command> [flags]   (npm run lab -- <command> --help)\n\ncommands:\n${lines.join('\n')}`;
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
  if (rest.includes('--help')) {
    console.log(`usage: npm run lab -- ${command.usage}\n\n${command.summary}`);
    return 0;
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
