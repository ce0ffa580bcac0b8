/**
 * Search efficiency (issue 12): hypervolume of the Pareto front after N trials for random search,
 * ParEGO + Hyperband (SMAC3's way, FR-NAS's settings: 25 → 100 epochs, η = 2) and NSGA-II
 * (Optuna's defaults, population 10), averaged over 5 seeds and printed as a curve, both per
 * trial and per epoch trained (Hyperband's trials are cheaper, so epochs are the fair axis).
 *
 * The problem is a parameter: `MF_ZDT_FRNAS` is the cheap stand-in (ZDT1 over FR-NAS's mixed
 * categorical/conditional space, with biased, noisy low-budget evaluations; see
 * `src/lab/search/testbed/mf-zdt.ts`). Once training lands, the synthetic identity task is one
 * more `SearchBenchProblem` whose `makeRunner` returns the lead's runner.
 */
import type { BenchRow } from '../types';
import { InMemoryStorage } from '../../src/lab/search/storage/memory';
import { Study } from '../../src/lab/search/study';
import { frnasSpace } from '../../src/lab/search/presets/frnas';
import { randomSampler } from '../../src/lab/search/samplers/random';
import { paregoSampler, defaultInitialDesign } from '../../src/lab/search/samplers/parego-sampler';
import { nsga2Sampler } from '../../src/lab/search/samplers/nsga2';
import { fullBudget, hyperband } from '../../src/lab/search/schedulers/hyperband';
import { mfZdtProblem } from '../../src/lab/search/testbed/mf-zdt';
import { hypervolume2d } from '../../src/lab/fairness/pareto';
import type { TrialRunner } from '../../src/lab/search/runner';
import type { Sampler } from '../../src/lab/search/sampler';
import type { Scheduler } from '../../src/lab/search/scheduler';
import type { SearchSpace } from '../../src/lab/search/space';

export interface SearchBenchProblem {
  name: string;
  space: SearchSpace;
  objectives: string[];
  minEpochs: number;
  maxEpochs: number;
  eta: number;
  /** Fixed for every method and seed, so the curves compare. */
  referencePoint: [number, number];
  makeRunner(seed: number): TrialRunner;
}

export const MF_ZDT_FRNAS: SearchBenchProblem = {
  name: 'mf-zdt1 on the FR-NAS space',
  space: frnasSpace,
  objectives: ['f1', 'f2'],
  minEpochs: 25,
  maxEpochs: 100,
  eta: 2,
  referencePoint: [1.1, 11],
  makeRunner: (seed) => mfZdtProblem({ maxBudget: 100, seed }).runner,
};

interface Method {
  name: string;
  make(problem: SearchBenchProblem, trials: number): { sampler: Sampler; scheduler: Scheduler };
}

const METHODS: Method[] = [
  { name: 'random', make: (p) => ({ sampler: randomSampler(), scheduler: fullBudget(p.maxEpochs) }) },
  {
    name: 'parego+hyperband',
    make: (p, n) => ({
      sampler: paregoSampler({ initialDesign: defaultInitialDesign(n) }),
      scheduler: hyperband({ minBudget: p.minEpochs, maxBudget: p.maxEpochs, eta: p.eta }),
    }),
  },
  {
    name: 'nsga2',
    make: (p) => ({ sampler: nsga2Sampler({ populationSize: 10 }), scheduler: fullBudget(p.maxEpochs) }),
  },
];

interface Curve {
  /** Hypervolume after each trial (configuration) created, in trial-number order. */
  byTrial: number[];
  /** (evaluations, epochs trained, hypervolume) after each full-budget completion. */
  steps: { evaluations: number; epochs: number; hv: number }[];
  seconds: number;
}

/** One study with an epoch budget of `trials` × max epochs (what random search spends on `trials`). */
async function runOnce(
  problem: SearchBenchProblem,
  method: Method,
  seed: number,
  trials: number,
): Promise<Curve> {
  const { sampler, scheduler } = method.make(problem, trials);
  const study = await Study.create({
    storage: new InMemoryStorage(),
    name: `${method.name}-${seed}`,
    objectives: problem.objectives,
    space: problem.space,
    sampler,
    scheduler,
    seed,
  });
  const budget = trials * problem.maxEpochs;
  const drain = new AbortController();
  const steps: Curve['steps'] = [];
  const front: number[][] = [];
  let epochs = 0;
  let evaluations = 0;
  const t0 = performance.now();
  await study.optimize({
    runners: [problem.makeRunner(seed)],
    maxTrials: 4 * trials,
    drain: drain.signal,
    onEvent: (e) => {
      if (e.type === 'job-started') epochs += e.budget - (e.resumeFrom ?? 0);
      if (e.type !== 'job-finished') return;
      evaluations++;
      if (epochs >= budget) drain.abort();
      if (e.state === 'COMPLETE' && e.budget === scheduler.maxBudget && e.values) {
        front.push(e.values);
        steps.push({ evaluations, epochs, hv: hypervolume2d(front, problem.referencePoint) });
      }
    },
  });
  const seconds = (performance.now() - t0) / 1000;
  const all = study.trials();
  const byTrial = all.map((_, i) => {
    const points = all
      .slice(0, i + 1)
      .filter((t) => t.state === 'COMPLETE')
      .map((t) => t.results[t.results.length - 1].values!);
    return hypervolume2d(points, problem.referencePoint);
  });
  return { byTrial, steps, seconds };
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const sd = (xs: number[]) => Math.sqrt(mean(xs.map((x) => (x - mean(xs)) ** 2)));
const hvAt = (c: Curve, axis: 'epochs' | 'evaluations', at: number) =>
  c.steps.filter((s) => s[axis] <= at).at(-1)?.hv ?? 0;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export async function runSearchEfficiencyBench(opts: {
  quick: boolean;
  problem?: SearchBenchProblem;
  seeds?: number;
  trials?: number;
}): Promise<BenchRow[]> {
  const problem = opts.problem ?? MF_ZDT_FRNAS;
  const trials = opts.trials ?? (opts.quick ? 60 : 150);
  const seeds = Array.from({ length: opts.seeds ?? 5 }, (_, i) => i + 1);
  const curves = new Map<string, Curve[]>();
  for (const method of METHODS) {
    const runs: Curve[] = [];
    for (const seed of seeds) runs.push(await runOnce(problem, method, seed, trials));
    curves.set(method.name, runs);
  }

  const rows: BenchRow[] = [];
  const row = (model: string, metric: string, value: number, unit?: string) =>
    rows.push({ suite: 'search', model, backend: 'js', env: 'node', metric, value: +value.toFixed(4), unit });
  const table = (label: string, marks: number[], hv: (c: Curve, at: number) => number, metric: string) => {
    console.log(`   ${label.padEnd(18)}${marks.map((n) => String(n).padStart(14)).join('')}`);
    for (const [name, runs] of curves) {
      const cells = marks.map((at) => {
        const values = runs.map((r) => hv(r, at));
        row(name, `hv_after_${at}_${metric}`, mean(values));
        return `${mean(values).toFixed(3)} ± ${sd(values).toFixed(2)}`.padStart(14);
      });
      console.log(`   ${name.padEnd(18)}${cells.join('')}`);
    }
  };

  const budget = trials * problem.maxEpochs;
  console.log(
    `   ${problem.name}: hypervolume vs (${problem.referencePoint.join(', ')}), mean ± sd over ${seeds.length} ` +
      `seeds; every method gets ${budget} epochs (${trials} full-budget trials)`,
  );
  const trialMarks = [5, 10, 20, 30, 40, 60, 80, 100, 150].filter((n) => n <= trials);
  table('trials', trialMarks, (c, n) => c.byTrial[Math.min(n, c.byTrial.length) - 1], 'trials');
  table('evaluations', trialMarks, (c, n) => hvAt(c, 'evaluations', n), 'evaluations');
  const epochMarks = [0.1, 0.25, 1 / 3, 0.5, 0.75, 1].map((f) => Math.round(f * budget));
  table('epochs', epochMarks, (c, e) => hvAt(c, 'epochs', e), 'epochs');

  // The goal: ParEGO + Hyperband reaches random's final hypervolume in ≤ 1/3 of the trials.
  const randomFinal = mean(curves.get('random')!.map((r) => r.byTrial[trials - 1]));
  for (const [name, runs] of curves) {
    const reach = (f: (r: Curve) => number) => runs.map(f).filter(Number.isFinite);
    const byTrials = reach((r) => {
      const i = r.byTrial.findIndex((hv) => hv >= randomFinal);
      return i < 0 ? Infinity : i + 1;
    });
    const byEpochs = reach((r) => r.steps.find((s) => s.hv >= randomFinal)?.epochs ?? Infinity);
    const say = (xs: number[], unit: string, whole: number) =>
      xs.length * 2 > runs.length
        ? `median ${median(xs)} ${unit} (${((100 * median(xs)) / whole).toFixed(0)} %)`
        : `only ${xs.length}/${runs.length} seeds`;
    console.log(
      `   ${name}: reaches random's final ${randomFinal.toFixed(3)}: by trials ${say(byTrials, 'trials', trials)}, ` +
        `by epochs ${say(byEpochs, 'epochs', budget)}; ${mean(runs.map((r) => r.seconds)).toFixed(1)} s per study`,
    );
    row(
      name,
      'median_trials_to_random_final_hv',
      byTrials.length * 2 > runs.length ? median(byTrials) : -1,
      'trials',
    );
    row(
      name,
      'median_epochs_to_random_final_hv',
      byEpochs.length * 2 > runs.length ? median(byEpochs) : -1,
      'epochs',
    );
    row(name, 'seconds_per_study', mean(runs.map((r) => r.seconds)), 's');
  }
  return rows;
}
