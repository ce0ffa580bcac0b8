/**
 * The surrogate of the lab's ParEGO: a small random forest, as SMAC3's HPO and multi-fidelity
 * facades use (10 trees, bootstrapped, all features considered at each split, split while a
 * node holds ≥ 2 points, leaves ≥ 1 point, depth ≤ 20). A forest rather than a GP because the
 * space is mostly categorical (edge ops, head, optimiser) with conditional parameters, where
 * axis-aligned splits need no kernel design, and because it is what FR-NAS's SMAC ran.
 * Written here (no forest library is installed; pyrfr is C++): variance-reduction splits at
 * midpoints for numbers; for a categorical feature (as pyrfr splits SMAC's categoricals) the
 * categories ordered by mean target and split at the best prefix (Breiman's trick, exact for
 * regression); prediction mean and variance by the law of total variance over the trees.
 */
import type { Rng } from '../../util/rng';

export interface ForestOptions {
  trees?: number;
  maxDepth?: number;
  minSamplesSplit?: number;
  minSamplesLeaf?: number;
  /** Share of features tried at each split (SMAC's `ratio_features`). */
  ratioFeatures?: number;
  bootstrap?: boolean;
}

type Node =
  | { leaf: true; mean: number; variance: number }
  | { leaf: false; feature: number; threshold: number; left: Node; right: Node }
  | { leaf: false; feature: number; leftCategories: Set<number>; left: Node; right: Node };

function goesLeft(node: Node & { leaf: false }, value: number): boolean {
  return 'threshold' in node ? value <= node.threshold : node.leftCategories.has(value);
}

export interface Prediction {
  mean: number;
  variance: number;
}

export class RandomForest {
  private readonly trees: Node[] = [];
  private readonly o: Required<ForestOptions>;
  private categories: readonly number[] = [];

  constructor(options: ForestOptions = {}) {
    this.o = {
      trees: options.trees ?? 10,
      maxDepth: options.maxDepth ?? 20,
      minSamplesSplit: options.minSamplesSplit ?? 2,
      minSamplesLeaf: options.minSamplesLeaf ?? 1,
      ratioFeatures: options.ratioFeatures ?? 1,
      bootstrap: options.bootstrap ?? true,
    };
  }

  /** `categories[f]` > 0 marks feature f as categorical with that many categories (values 0…n−1). */
  fit(
    x: readonly (readonly number[])[],
    y: readonly number[],
    rng: Rng,
    categories: readonly number[] = [],
  ): this {
    if (x.length === 0 || x.length !== y.length) throw new Error('a forest needs as many targets as rows');
    this.trees.length = 0;
    this.categories = categories;
    const n = x.length;
    for (let t = 0; t < this.o.trees; t++) {
      const rows = this.o.bootstrap
        ? Array.from({ length: n }, () => rng.int(n))
        : Array.from({ length: n }, (_, i) => i);
      this.trees.push(this.grow(x, y, rows, 0, rng));
    }
    return this;
  }

  predict(row: readonly number[]): Prediction {
    let sumMean = 0;
    let sumSecond = 0;
    for (const tree of this.trees) {
      let node = tree;
      while (!node.leaf) node = goesLeft(node, row[node.feature]) ? node.left : node.right;
      sumMean += node.mean;
      sumSecond += node.variance + node.mean * node.mean;
    }
    const mean = sumMean / this.trees.length;
    const variance = Math.max(sumSecond / this.trees.length - mean * mean, 1e-10);
    return { mean, variance };
  }

  private grow(
    x: readonly (readonly number[])[],
    y: readonly number[],
    rows: number[],
    depth: number,
    rng: Rng,
  ): Node {
    const n = rows.length;
    let sum = 0;
    let sumSq = 0;
    for (const r of rows) {
      sum += y[r];
      sumSq += y[r] * y[r];
    }
    const mean = sum / n;
    const leaf: Node = { leaf: true, mean, variance: Math.max(sumSq / n - mean * mean, 0) };
    if (n < this.o.minSamplesSplit || depth >= this.o.maxDepth || leaf.variance <= 1e-15) return leaf;

    const d = x[0].length;
    const features = Array.from({ length: d }, (_, i) => i);
    for (let i = d - 1; i > 0; i--) {
      const j = rng.int(i + 1);
      [features[i], features[j]] = [features[j], features[i]];
    }
    const tried = features.slice(0, Math.max(1, Math.round(this.o.ratioFeatures * d)));

    let best: { sse: number; feature: number; threshold?: number; left?: Set<number> } = {
      sse: Infinity,
      feature: -1,
    };
    for (const f of tried) {
      if ((this.categories[f] ?? 0) > 0) {
        const split = this.categoricalSplit(x, y, rows, f, sum, sumSq);
        if (split && split.sse < best.sse) best = { sse: split.sse, feature: f, left: split.left };
        continue;
      }
      const sorted = [...rows].sort((a, b) => x[a][f] - x[b][f]);
      let leftSum = 0;
      let leftSq = 0;
      for (let i = 0; i < n - 1; i++) {
        const v = y[sorted[i]];
        leftSum += v;
        leftSq += v * v;
        const nl = i + 1;
        const nr = n - nl;
        if (nl < this.o.minSamplesLeaf || nr < this.o.minSamplesLeaf) continue;
        const a = x[sorted[i]][f];
        const b = x[sorted[i + 1]][f];
        if (a === b) continue;
        const rightSum = sum - leftSum;
        const sse = leftSq - (leftSum * leftSum) / nl + (sumSq - leftSq) - (rightSum * rightSum) / nr;
        if (sse < best.sse) best = { sse, feature: f, threshold: (a + b) / 2 };
      }
    }
    if (best.feature < 0) return leaf;
    const f = best.feature;
    const toLeft = (r: number) => (best.left ? best.left.has(x[r][f]) : x[r][f] <= best.threshold!);
    const left = rows.filter(toLeft);
    const right = rows.filter((r) => !toLeft(r));
    const children = {
      left: this.grow(x, y, left, depth + 1, rng),
      right: this.grow(x, y, right, depth + 1, rng),
    };
    return best.left
      ? { leaf: false, feature: f, leftCategories: best.left, ...children }
      : { leaf: false, feature: f, threshold: best.threshold!, ...children };
  }

  /** The best split of a categorical feature: categories by mean target, cut at the best prefix. */
  private categoricalSplit(
    x: readonly (readonly number[])[],
    y: readonly number[],
    rows: number[],
    f: number,
    sum: number,
    sumSq: number,
  ): { sse: number; left: Set<number> } | undefined {
    const stats = new Map<number, { n: number; sum: number; sq: number }>();
    for (const r of rows) {
      const s = stats.get(x[r][f]) ?? { n: 0, sum: 0, sq: 0 };
      s.n++;
      s.sum += y[r];
      s.sq += y[r] * y[r];
      stats.set(x[r][f], s);
    }
    if (stats.size < 2) return undefined;
    const order = [...stats.entries()].sort((a, b) => a[1].sum / a[1].n - b[1].sum / b[1].n || a[0] - b[0]);
    const n = rows.length;
    let best: { sse: number; cut: number } | undefined;
    let nl = 0;
    let ls = 0;
    let lq = 0;
    for (let i = 0; i < order.length - 1; i++) {
      const s = order[i][1];
      nl += s.n;
      ls += s.sum;
      lq += s.sq;
      const nr = n - nl;
      if (nl < this.o.minSamplesLeaf || nr < this.o.minSamplesLeaf) continue;
      const rs = sum - ls;
      const sse = lq - (ls * ls) / nl + (sumSq - lq) - (rs * rs) / nr;
      if (!best || sse < best.sse) best = { sse, cut: i };
    }
    return best && { sse: best.sse, left: new Set(order.slice(0, best.cut + 1).map(([c]) => c)) };
  }
}
