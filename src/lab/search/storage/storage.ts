/**
 * Storage, as Optuna's `BaseStorage`: it keeps studies and trials, and it hands out work, so
 * two runners never hold the same trial (`claim` is the only way to RUNNING and it checks and
 * changes the state in one step). Every backend replays its operations into a `JournalModel`
 * on open and persists each new operation before the call resolves.
 *
 * Checkpoints (one per trial: the latest) are capped in bytes; over the cap, the least
 * recently used checkpoints of finished trials that are not on the Pareto front are evicted.
 */
import type { Distribution, ParamValue } from '../distributions';
import {
  isFinished,
  type BudgetResult,
  type FrozenTrial,
  type IntermediateValue,
  type TrialState,
} from '../frozen-trial';
import { paretoTrials } from '../results/front';
import type { Checkpoint } from '../runner';
import { JournalModel } from './journal-model';
import type { StorageOp, StudyRecord } from './ops';

export interface TrialInit {
  params: Record<string, ParamValue>;
  distributions: Record<string, Distribution>;
  userAttrs?: Record<string, unknown>;
  systemAttrs?: Record<string, unknown>;
}

export interface Storage {
  /** Creates the study, or returns the stored one (`created: false`) to resume it. */
  createStudy(
    name: string,
    objectives: string[],
    config: Record<string, unknown>,
  ): Promise<{ study: StudyRecord; created: boolean }>;
  getStudy(name: string): StudyRecord | undefined;
  studyNames(): string[];
  /** Removes the study, its trials and their checkpoints (a running study must be stopped first). */
  deleteStudy(name: string): Promise<void>;
  /** Copies of the study's trials, by number. */
  getTrials(study: string): FrozenTrial[];
  getTrial(study: string, number: number): FrozenTrial | undefined;
  createTrial(study: string, init: TrialInit): Promise<FrozenTrial>;
  /** WAITING → RUNNING at `budget` for `worker`; false when another worker got there first. */
  claim(study: string, number: number, budget: number, worker: string): Promise<boolean>;
  report(study: string, number: number, budget: number, epoch: number, values: number[]): Promise<void>;
  /** The values a trial reported per epoch, in order. */
  getIntermediate(study: string, number: number): IntermediateValue[];
  recordResult(
    study: string,
    number: number,
    result: BudgetResult,
    userAttrs?: Record<string, unknown>,
  ): Promise<void>;
  finish(study: string, number: number, state: TrialState): Promise<void>;
  /** RUNNING → WAITING without a result: the run was interrupted and will be run again. */
  release(study: string, number: number, reason: string): Promise<void>;
  setUserAttr(study: string, number: number, key: string, value: unknown): Promise<void>;
  setSystemAttr(study: string, number: number, key: string, value: unknown): Promise<void>;
  putCheckpoint(study: string, number: number, budget: number, checkpoint: Checkpoint): Promise<void>;
  /** The trial's checkpoint at `budget` (any budget when omitted), if still kept. */
  getCheckpoint(study: string, number: number, budget?: number): Promise<Checkpoint | undefined>;
  checkpointBytes(): number;
  close(): Promise<void>;
}

export const DEFAULT_CHECKPOINT_CAP = 256 * 2 ** 20;

const now = () => new Date().toISOString();
const clone = <T>(x: T): T => structuredClone(x);

/** The shared part of every backend: validate, persist, then apply each operation. */
export abstract class OpStorage implements Storage {
  protected readonly model = new JournalModel();

  constructor(readonly checkpointCap = DEFAULT_CHECKPOINT_CAP) {}

  /**
   * Persists one operation, with the checkpoint bytes of a `checkpoint` operation (an `evict`
   * deletes them). The model has already applied it, so a claim is decided in one step.
   */
  protected abstract persist(op: StorageOp, checkpoint?: Checkpoint): Promise<void> | void;
  protected abstract readCheckpoint(id: string): Promise<Checkpoint | undefined>;

  /** Replays stored operations on open; one that does not apply is reported, not fatal. */
  protected replay(ops: Iterable<StorageOp>, onSkip?: (op: StorageOp, why: string) => void): void {
    for (const op of ops) {
      const problem = this.model.check(op);
      if (problem) onSkip?.(op, problem);
      else this.model.apply(op);
    }
  }

  private async write(op: StorageOp, checkpoint?: Checkpoint): Promise<void> {
    const problem = this.model.check(op);
    if (problem) throw new Error(problem);
    this.model.apply(op);
    await this.persist(op, checkpoint);
  }

  async createStudy(name: string, objectives: string[], config: Record<string, unknown>) {
    const existing = this.model.studies.get(name);
    if (existing) return { study: clone(existing), created: false };
    await this.write({ op: 'create_study', study: name, objectives, config, datetime: now() });
    return { study: clone(this.model.studies.get(name)!), created: true };
  }

  getStudy(name: string): StudyRecord | undefined {
    const s = this.model.studies.get(name);
    return s && clone(s);
  }

  studyNames(): string[] {
    return [...this.model.studies.keys()];
  }

  async deleteStudy(name: string): Promise<void> {
    const checkpoints = this.model
      .trialsOf(name)
      .map((t) => t.id)
      .filter((id) => this.model.checkpoints.has(id));
    await this.write({ op: 'delete_study', study: name, checkpoints, datetime: now() });
  }

  getTrials(study: string): FrozenTrial[] {
    return clone(this.model.trialsOf(study));
  }

  getTrial(study: string, number: number): FrozenTrial | undefined {
    const t = this.model.trial(study, number);
    return t && clone(t);
  }

  async createTrial(study: string, init: TrialInit): Promise<FrozenTrial> {
    const number = this.model.trialsOf(study).length;
    await this.write({
      op: 'create_trial',
      study,
      number,
      params: init.params,
      distributions: init.distributions,
      userAttrs: init.userAttrs ?? {},
      systemAttrs: init.systemAttrs ?? {},
      datetime: now(),
    });
    return this.getTrial(study, number)!;
  }

  async claim(study: string, number: number, budget: number, worker: string): Promise<boolean> {
    const op: StorageOp = { op: 'claim', study, number, budget, worker, datetime: now() };
    if (this.model.check(op)) return false;
    await this.write(op);
    return true;
  }

  report(study: string, number: number, budget: number, epoch: number, values: number[]): Promise<void> {
    return this.write({ op: 'intermediate', study, number, budget, epoch, values });
  }

  getIntermediate(study: string, number: number): IntermediateValue[] {
    return clone(this.model.intermediate.get(`${study}#${number}`) ?? []);
  }

  recordResult(study: string, number: number, result: BudgetResult, userAttrs?: Record<string, unknown>) {
    return this.write({ op: 'result', study, number, result, userAttrs });
  }

  async finish(study: string, number: number, state: TrialState): Promise<void> {
    if (!isFinished(state)) throw new Error(`finish needs a finished state, not ${state}`);
    await this.write({ op: 'finish', study, number, state, datetime: now() });
    await this.evictOverCap(study);
  }

  release(study: string, number: number, reason: string): Promise<void> {
    return this.write({ op: 'release', study, number, reason });
  }

  setUserAttr(study: string, number: number, key: string, value: unknown): Promise<void> {
    return this.write({ op: 'set_user_attr', study, number, key, value });
  }

  setSystemAttr(study: string, number: number, key: string, value: unknown): Promise<void> {
    return this.write({ op: 'set_system_attr', study, number, key, value });
  }

  async putCheckpoint(study: string, number: number, budget: number, checkpoint: Checkpoint): Promise<void> {
    await this.write({ op: 'checkpoint', study, number, budget, size: checkpoint.byteLength }, checkpoint);
    await this.evictOverCap(study);
  }

  async getCheckpoint(study: string, number: number, budget?: number): Promise<Checkpoint | undefined> {
    const t = this.model.trial(study, number);
    if (!t || t.checkpointBudget === undefined) return undefined;
    if (budget !== undefined && t.checkpointBudget !== budget) return undefined;
    this.model.touchCheckpoint(t.id);
    return this.readCheckpoint(t.id);
  }

  checkpointBytes(): number {
    return this.model.checkpointBytes();
  }

  async close(): Promise<void> {}

  /** LRU eviction among finished trials off the front, until the total fits the cap. */
  private async evictOverCap(study: string): Promise<void> {
    if (this.model.checkpointBytes() <= this.checkpointCap) return;
    const trials = this.model.trialsOf(study);
    const front = new Set(paretoTrials(trials).map((t) => t.number));
    const evictable = trials
      .filter((t) => t.checkpointBudget !== undefined && isFinished(t.state) && !front.has(t.number))
      .sort((a, b) => this.model.checkpoints.get(a.id)!.used - this.model.checkpoints.get(b.id)!.used);
    for (const t of evictable) {
      if (this.model.checkpointBytes() <= this.checkpointCap) break;
      await this.write({ op: 'evict', study, number: t.number });
    }
  }
}
