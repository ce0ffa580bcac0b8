export type OptimizerName = 'adam' | 'sgd' | 'momentum';

export interface OptimizerSpec {
  name: OptimizerName;
  learningRate: number;
}
