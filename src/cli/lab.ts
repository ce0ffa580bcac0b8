/** `npm run lab -- <command> [flags]`: the engine, headless. Each command lives in ./commands/<name>.ts. */
import { UsageError } from './args';

/** `usage()`, where a command has it, is built from the same flag list its parser accepts. */
type CommandModule = { run(argv: string[]): Promise<number>; usage?: () => string };

interface Command {
  summary: string;
  /** For commands whose module has no usage(). */
  usage?: string;
  load: () => Promise<CommandModule>;
}

const commands: Record<string, Command> = {
  train: {
    summary: 'generate the synthetic dataset, train, evaluate per group',
    usage:
      'train [--task expression|identity|ATTR] [--arch FAMILY] [--edges 680] [--head cosface] ' +
      '[--optimizer sgd|adam|adamw] [--lr LR] [--schedule cosine] [--epochs E] [--save DIR] --json',
    load: () => import('./commands/train'),
  },
  metrics: {
    summary: 'fairness metrics from a predictions, ranks or embeddings CSV',
    load: () => import('./commands/metrics'),
  },
  postprocess: {
    summary: 'Fairlearn-style per-group thresholds for a scores CSV (ThresholdOptimizer)',
    usage:
      'postprocess --input preds.csv --constraint demographic_parity|equalized_odds|true_positive_rate_parity|' +
      'false_positive_rate_parity|true_negative_rate_parity|false_negative_rate_parity ' +
      '[--objective accuracy_score|balanced_accuracy_score] [--group-col G] [--pos-label L] ' +
      '[--fit-split col=value [--eval-split col=value] | --fit-fraction F] [--seed S] [--grid-size 1000] ' +
      '[--threshold 0.5] [--flip] --json',
    load: () => import('./commands/postprocess'),
  },
  import: {
    summary: 'import a face dataset folder into the local store',
    usage:
      'import --format utkface|celeba|fairface|rafdb|ckplus|folder-label|folder|csv --path DIR|ZIP [--csv FILE] [--size 64] ' +
      '[--name NAME] [--store DIR] [--file-col C --label-cols a,b --sensitive-cols c,d] --json',
    load: () => import('./commands/import'),
  },
  search: {
    summary: 'fairness-aware architecture search (ParEGO/NSGA-II/random, Hyperband), resumable',
    usage: 'search [--space frnas] [--sampler parego] [--trials N] [--workers K] [--storage FILE] --json',
    load: () => import('./commands/search'),
  },
  audit: {
    summary: 'audit a released tfjs model on a labelled dataset',
    load: () => import('./commands/audit'),
  },
  compress: {
    summary: 'sweep pruning, quantisation and clustering over a model, per group',
    usage:
      'compress --model path/model.json --dataset NAME|DIR|synthetic --methods prune:0.5,prune-global:0.8,' +
      'prune-structured:0.3,int8,fp16,cluster:16,prune:0.5+int8 [--repeats R] [--seed S] [--bootstrap B] ' +
      '[--target T] [--group G] [--task classification|identification] [--disparity D] [--export DIR] ' +
      '[--store DIR] [--backend B] [--quiet] --json',
    load: () => import('./commands/compress'),
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
  try {
    const module = await command.load();
    if (rest.includes('--help')) {
      console.log(`usage: npm run lab -- ${module.usage?.() ?? command.usage}\n\n${command.summary}`);
      return 0;
    }
    return await module.run(rest);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    console.error(`lab ${name}: ${message}`);
    return error instanceof UsageError ? 2 : 1;
  }
}

main(process.argv.slice(2)).then((code) => process.exit(code));
