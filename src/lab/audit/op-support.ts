/**
 * Which TensorFlow ops of a GraphModel the active tfjs backend can run. tfjs-converter's op
 * mappers say which TF ops the converter executes at all; each computational op then runs
 * one tfjs kernel, looked up with `tf.getKernel(kernel, backend)`.
 */
import * as tf from '@tensorflow/tfjs';
import { json as arithmetic } from '@tensorflow/tfjs-converter/dist/operations/op_list/arithmetic';
import { json as basicMath } from '@tensorflow/tfjs-converter/dist/operations/op_list/basic_math';
import { json as control } from '@tensorflow/tfjs-converter/dist/operations/op_list/control';
import { json as convolution } from '@tensorflow/tfjs-converter/dist/operations/op_list/convolution';
import { json as creation } from '@tensorflow/tfjs-converter/dist/operations/op_list/creation';
import { json as dynamic } from '@tensorflow/tfjs-converter/dist/operations/op_list/dynamic';
import { json as evaluation } from '@tensorflow/tfjs-converter/dist/operations/op_list/evaluation';
import { json as graph } from '@tensorflow/tfjs-converter/dist/operations/op_list/graph';
import { json as hashTable } from '@tensorflow/tfjs-converter/dist/operations/op_list/hash_table';
import { json as image } from '@tensorflow/tfjs-converter/dist/operations/op_list/image';
import { json as logical } from '@tensorflow/tfjs-converter/dist/operations/op_list/logical';
import { json as matrices } from '@tensorflow/tfjs-converter/dist/operations/op_list/matrices';
import { json as normalization } from '@tensorflow/tfjs-converter/dist/operations/op_list/normalization';
import { json as reduction } from '@tensorflow/tfjs-converter/dist/operations/op_list/reduction';
import { json as sliceJoin } from '@tensorflow/tfjs-converter/dist/operations/op_list/slice_join';
import { json as sparse } from '@tensorflow/tfjs-converter/dist/operations/op_list/sparse';
import { json as spectral } from '@tensorflow/tfjs-converter/dist/operations/op_list/spectral';
import { json as string } from '@tensorflow/tfjs-converter/dist/operations/op_list/string';
import { json as transformation } from '@tensorflow/tfjs-converter/dist/operations/op_list/transformation';

/** TF op name → op mapper category, for every op tfjs-converter can execute. */
const CONVERTER_OPS: ReadonlyMap<string, string> = new Map(
  [
    arithmetic,
    basicMath,
    control,
    convolution,
    creation,
    dynamic,
    evaluation,
    graph,
    hashTable,
    image,
    logical,
    matrices,
    normalization,
    reduction,
    sliceJoin,
    sparse,
    spectral,
    string,
    transformation,
  ]
    .flat()
    .map((mapper) => [mapper.tfOpName, mapper.category ?? 'custom']),
);

/** Categories the converter runs itself (graph plumbing, control flow, tables): no kernel. */
const KERNEL_FREE_CATEGORIES = new Set(['graph', 'control', 'hash_table']);

/**
 * TF op names whose tfjs kernel has another name. `null`: the converter composes the op
 * from several kernels, so there is no single kernel to look up.
 */
const KERNEL_ALIASES: Readonly<Record<string, string | null>> = {
  AddV2: 'Add',
  BiasAdd: 'Add',
  Div: 'RealDiv',
  DivNoNan: 'RealDiv',
  Mul: 'Multiply',
  FloorMod: 'Mod',
  _FusedConv2D: 'FusedConv2D',
  Conv1D: 'Conv2D',
  DepthwiseConv2d: 'DepthwiseConv2dNative',
  FusedDepthwiseConv2dNative: 'FusedDepthwiseConv2D',
  Ones: 'Fill',
  Zeros: 'Fill',
  RandomStandardNormal: null,
  RandomUniform: null,
  RandomUniformInt: null,
  TruncatedNormal: null,
  NonMaxSuppressionV2: 'NonMaxSuppressionV3',
  Where: null,
  ListDiff: null,
  LowerBound: 'SearchSorted',
  UpperBound: 'SearchSorted',
  TopKV2: 'TopK',
  UniqueV2: 'Unique',
  ImageProjectiveTransformV3: 'Transform',
  SelectV2: 'Select',
  MatMul: 'BatchMatMul',
  BatchMatMulV2: 'BatchMatMul',
  MatrixBandPart: null,
  EuclideanNorm: null,
  FusedBatchNormV2: 'FusedBatchNorm',
  FusedBatchNormV3: 'FusedBatchNorm',
  LogSoftmax: null,
  ConcatV2: 'Concat',
  Gather: 'GatherV2',
  ReverseV2: 'Reverse',
  Split: 'SplitV',
  RFFT: null,
  IRFFT: null,
  Pad: 'PadV2',
  EnsureShape: 'Reshape',
  Squeeze: 'Reshape',
  BroadcastTo: 'Tile',
};

export interface OpSupport {
  op: string;
  /** The tfjs kernel it runs, or null when the converter handles it without a single kernel. */
  kernel: string | null;
  supported: boolean;
  /** Why it is not supported. */
  reason?: string;
}

/** The tfjs kernel a TF op runs, or null when there is none to check. */
export function kernelForOp(op: string): string | null {
  const category = CONVERTER_OPS.get(op);
  if (category !== undefined && KERNEL_FREE_CATEGORIES.has(category)) return null;
  return op in KERNEL_ALIASES ? KERNEL_ALIASES[op] : op;
}

export function isConverterOp(op: string): boolean {
  return CONVERTER_OPS.has(op);
}

/** Checks each op against the converter and the backend's kernel registry. */
export function checkOps(ops: Iterable<string>, backend: string = tf.getBackend()): OpSupport[] {
  return [...new Set(ops)].sort().map((op) => {
    if (!isConverterOp(op)) {
      return {
        op,
        kernel: null,
        supported: false,
        reason: 'tfjs-converter has no mapping for this TensorFlow op',
      };
    }
    const kernel = kernelForOp(op);
    if (kernel === null || tf.getKernel(kernel, backend) !== undefined)
      return { op, kernel, supported: true };
    return { op, kernel, supported: false, reason: `the ${backend} backend has no "${kernel}" kernel` };
  });
}

/** Every op of a GraphDef, including those inside its function library (control flow). */
export function graphOps(topology: Record<string, unknown>): string[] {
  const nodes = (topology.node ?? []) as { op: string }[];
  const library = topology.library as { function?: { nodeDef?: { op: string }[] }[] } | undefined;
  const inFunctions = (library?.function ?? []).flatMap((fn) => fn.nodeDef ?? []);
  return [...nodes, ...inFunctions].map((node) => node.op);
}
