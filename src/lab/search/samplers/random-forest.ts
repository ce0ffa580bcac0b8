/**
 * The surrogate of the lab's ParEGO: a small random forest, as SMAC3's HPO and multi-fidelity
 * facades use (10 trees, bootstrapped, all features considered at each split, split while a
 * node holds ≥ 2 points, leaves ≥ 1 point, depth ≤ 20). A forest rather than a GP because the
 * space is mostly categorical (edge ops, head, optimiser) with conditional parameters, where
 * axis-aligned splits need no kernel design, and because it is what FR-NAS's SMAC ran.
 * Written here (no forest library is installed; pyrfr is C++): variance-reduction splits at
 * midpoints, prediction mean and variance by the law of total variance over the trees.
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
  | { leaf: false; feature: number; threshold: number; left: Node; right: Node };

export interface Prediction {
  mean: number;
  variance: number;
}

export class RandomForest {
  private readonly trees: Node[] = [];
  private readonly o: Required<ForestOptions>;

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

  fit(x: readonly (readonly number[])[], y: readonly number[], rng: Rng): this {
    if (x.length === 0 || x.length !== y.length) throw new Error('a forest needs as many targets as rows');
    this.trees.length = 0;
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
      while (!node.leaf) node = row[node.feature] <= node.threshold ? node.left : node.right;
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

    let best = { sse: Infinity, feature: -1, threshold: 0 };
    for (const f of tried) {
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
    const left = rows.filter((r) => x[r][best.feature] <= best.threshold);
    const right = rows.filter((r) => x[r][best.feature] > best.threshold);
    return {
      leaf: false,
      feature: best.feature,
      threshold: best.threshold,
      left: this.grow(x, y, left, depth + 1, rng),
      right: this.grow(x, y, right, depth + 1, rng),
    };
  }
}
