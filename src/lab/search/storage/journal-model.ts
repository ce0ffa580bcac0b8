/**
 * The in-memory state of a storage: studies and their trials, built by applying operations in
 * order (the replay every backend does on open). `check` says whether an operation is valid
 * now, so a storage refuses a bad one before persisting it; `apply` then changes the state.
 */
import { isFinished, type FrozenTrial, type IntermediateValue } from '../frozen-trial';
import type { StorageOp, StudyRecord } from './ops';

interface CheckpointEntry {
  budget: number;
  size: number;
  /** Logical clock of the last put or read (LRU). */
  used: number;
}

export class JournalModel {
  readonly studies = new Map<string, StudyRecord>();
  readonly trials = new Map<string, FrozenTrial[]>();
  readonly checkpoints = new Map<string, CheckpointEntry>();
  /** Per-epoch reports by trial id (kept apart so copying trials stays cheap). */
  readonly intermediate = new Map<string, IntermediateValue[]>();
  private clock = 0;

  trialsOf(study: string): FrozenTrial[] {
    return this.trials.get(study) ?? [];
  }

  trial(study: string, number: number): FrozenTrial | undefined {
    return this.trials.get(study)?.[number];
  }

  /** Why the operation cannot apply now, or undefined when it can. */
  check(op: StorageOp): string | undefined {
    if (op.op === 'create_study')
      return this.studies.has(op.study) ? `study "${op.study}" exists` : undefined;
    if (!this.studies.has(op.study)) return `no study "${op.study}"`;
    if (op.op === 'delete_study') return undefined;
    if (op.op === 'create_trial')
      return op.number === this.trialsOf(op.study).length ? undefined : `trial number ${op.number} is taken`;
    const t = this.trial(op.study, op.number);
    if (!t) return `no trial ${op.number} in "${op.study}"`;
    switch (op.op) {
      case 'claim':
        if (t.state !== 'WAITING') return `trial ${op.number} is ${t.state}`;
        return t.results.some((r) => r.budget === op.budget)
          ? `trial ${op.number} was already evaluated at budget ${op.budget}`
          : undefined;
      case 'intermediate':
        return t.state === 'RUNNING' ? undefined : `trial ${op.number} is not running`;
      case 'result':
        return t.state === 'RUNNING' && t.runningBudget === op.result.budget
          ? undefined
          : `trial ${op.number} is not running at budget ${op.result.budget}`;
      case 'release':
        return t.state === 'RUNNING' ? undefined : `trial ${op.number} is not running`;
      case 'finish':
        return isFinished(op.state) && !isFinished(t.state) && t.state !== 'RUNNING'
          ? undefined
          : `trial ${op.number} cannot go from ${t.state} to ${op.state}`;
      case 'evict':
        return this.checkpoints.has(t.id) ? undefined : `trial ${op.number} has no checkpoint`;
      default:
        return undefined;
    }
  }

  apply(op: StorageOp): void {
    const problem = this.check(op);
    if (problem) throw new Error(problem);
    if (op.op === 'create_study') {
      this.studies.set(op.study, {
        name: op.study,
        objectives: [...op.objectives],
        config: op.config,
        datetimeCreated: op.datetime,
      });
      this.trials.set(op.study, []);
      return;
    }
    if (op.op === 'delete_study') {
      for (const t of this.trialsOf(op.study)) {
        this.checkpoints.delete(t.id);
        this.intermediate.delete(t.id);
      }
      this.studies.delete(op.study);
      this.trials.delete(op.study);
      return;
    }
    if (op.op === 'create_trial') {
      this.trialsOf(op.study).push({
        id: `${op.study}#${op.number}`,
        number: op.number,
        state: 'WAITING',
        params: op.params,
        distributions: op.distributions,
        results: [],
        userAttrs: { ...op.userAttrs },
        systemAttrs: { ...op.systemAttrs },
      });
      return;
    }
    const t = this.trial(op.study, op.number)!;
    switch (op.op) {
      case 'claim':
        t.state = 'RUNNING';
        t.runningBudget = op.budget;
        t.datetimeStart ??= op.datetime;
        break;
      case 'intermediate': {
        const list = this.intermediate.get(t.id) ?? [];
        list.push({ budget: op.budget, epoch: op.epoch, values: op.values });
        this.intermediate.set(t.id, list);
        break;
      }
      case 'result':
        t.results.push(op.result);
        t.results.sort((a, b) => a.budget - b.budget);
        Object.assign(t.userAttrs, op.userAttrs);
        t.state = 'WAITING';
        delete t.runningBudget;
        break;
      case 'release':
        t.state = 'WAITING';
        delete t.runningBudget;
        break;
      case 'finish':
        t.state = op.state;
        t.datetimeComplete = op.datetime;
        break;
      case 'set_user_attr':
        t.userAttrs[op.key] = op.value;
        break;
      case 'set_system_attr':
        t.systemAttrs[op.key] = op.value;
        break;
      case 'checkpoint':
        t.checkpointBudget = op.budget;
        this.checkpoints.set(t.id, { budget: op.budget, size: op.size, used: ++this.clock });
        break;
      case 'evict':
        delete t.checkpointBudget;
        this.checkpoints.delete(t.id);
        break;
    }
  }

  touchCheckpoint(id: string): void {
    const entry = this.checkpoints.get(id);
    if (entry) entry.used = ++this.clock;
  }

  checkpointBytes(): number {
    let total = 0;
    for (const c of this.checkpoints.values()) total += c.size;
    return total;
  }
}
