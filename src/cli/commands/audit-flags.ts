/** Every flag `lab audit` accepts, with its help: the parser and `--help` both read this list. */
import { IMPORT_FORMATS } from '../../lab/data/import/formats';
import { PRESET_NAMES } from '../../lab/audit/presets';
import { formatHelp, type FlagGroup } from '../flag-help';

export const AUDIT_FLAGS: readonly FlagGroup[] = [
  {
    title: 'model and data',
    flags: [
      {
        name: 'model',
        value: 'FILE',
        help: 'model.json of a tfjs LayersModel or GraphModel (shards beside it)',
      },
      {
        name: 'data',
        value: 'DIR|ZIP|CSV',
        help: 'the labelled dataset (folder, .zip or label CSV), or a predictions CSV',
      },
      {
        name: 'format',
        value: [...IMPORT_FORMATS, 'predictions'].join('|'),
        help: 'dataset format; "predictions" reads file,y_true,y_pred,score,<group columns> instead of a model',
      },
      { name: 'csv', value: 'FILE', help: 'label CSV inside --data (csv and celeba formats)' },
      {
        name: 'file-col',
        value: 'COL',
        help: '--format csv: column holding the image path (default "file")',
      },
      { name: 'label-cols', value: 'a,b', help: '--format csv: categorical label columns' },
      { name: 'sensitive-cols', value: 'a,b', help: '--format csv: columns that define demographic groups' },
      { name: 'numeric-cols', value: 'a,b', help: '--format csv: numeric columns (for filters)' },
      {
        name: 'import-size',
        value: 'N',
        help: 'stored image side (default: the images own, capped by the model input)',
      },
    ],
  },
  {
    title: 'mapping (a preset, or --mapping, then these override it)',
    flags: [
      {
        name: 'preset',
        value: PRESET_NAMES.join('|'),
        help: 'start from this preset (default: the one that fits the model)',
      },
      { name: 'mapping', value: 'FILE.json', help: 'start from a saved mapping (see --save-mapping)' },
      { name: 'input-size', value: 'N[xM]', help: 'model input height x width' },
      { name: 'channels', value: 'rgb|bgr|gray', help: 'channel order the model takes' },
      {
        name: 'scale',
        value: '0-1|0-255|-1-1|caffe|MEAN/STD',
        help: 'pixel scaling; MEAN/STD as m1,m2,m3/s1,s2,s3 on 0-255 values',
      },
      {
        name: 'resize',
        value: 'half-pixel|legacy|align-corners|bilinear|nearest',
        help: 'resize convention and/or method, comma-separated (e.g. nearest,legacy); legacy = tfjs resizeBilinear defaults',
      },
      {
        name: 'crop',
        value: 'none|center[:F]',
        help: 'centre square crop, F = fraction of the shorter side kept',
      },
      { name: 'output', value: 'NAME', help: 'model output tensor to read' },
      { name: 'classes', value: 'a,b,c', help: 'the output is one score per class, in this order (argmax)' },
      { name: 'softmax', help: 'apply softmax to --classes scores (the output is logits)' },
      {
        name: 'positive',
        value: 'LABEL',
        help: 'sigmoid output: the label it is the probability of; else the positive label',
      },
      { name: 'negative', value: 'LABEL', help: 'sigmoid output: the label below the threshold' },
      { name: 'threshold', value: 'T', help: 'sigmoid threshold (default 0.5)' },
      {
        name: 'label-map',
        value: 'model=dataset,...',
        help: 'model labels to dataset labels, e.g. man=male,woman=female',
      },
      { name: 'save-mapping', value: 'FILE.json', help: 'write the mapping used' },
    ],
  },
  {
    title: 'audit',
    flags: [
      {
        name: 'target',
        value: 'ATTR',
        help: 'attribute holding the true label (default: the one the labels fit)',
      },
      { name: 'group-cols', value: 'a,b', help: 'group attributes (default: the sensitive attributes)' },
      { name: 'no-groups', help: 'no group attributes: overall and per-class metrics only' },
      {
        name: 'filter',
        value: 'EXPR',
        repeatable: true,
        help: 'keep rows matching e.g. "age>=18" or "race!=others"',
      },
      {
        name: 'privileged',
        value: 'GROUP',
        help: 'privileged group for the AIF360 view ("white", or "white|male")',
      },
      { name: 'bootstrap', value: 'B', help: 'bootstrap replicates for the intervals' },
      { name: 'seed', value: 'S', help: 'seed of the bootstrap and of --limit sampling (default 0)' },
      {
        name: 'split',
        value: 'all|train|val|test',
        help: 'which split of the imported dataset (default all)',
      },
      { name: 'limit', value: 'N', help: 'audit a seeded random sample of at most N images' },
      { name: 'batch-size', value: 'N', help: 'images per model call (default 32)' },
      { name: 'backend', value: 'cpu|wasm|webgl|webgpu', help: 'tfjs backend (default wasm)' },
    ],
  },
  {
    title: 'output',
    flags: [
      { name: 'json', help: 'print the report as JSON (progress goes to stderr)' },
      { name: 'quiet', help: 'no progress lines' },
      { name: 'predictions', value: 'FILE.csv', help: 'write the per-image predictions' },
      { name: 'table', value: 'FILE.csv', help: 'write the per-group table' },
      { name: 'markdown', value: 'FILE.md', help: 'write the model-card section' },
    ],
  },
];

export function auditUsage(): string {
  return formatHelp(
    [
      'audit --model path/model.json --data DIR|ZIP|CSV --format FORMAT [mapping flags] [audit flags] --json',
      '       audit --data preds.csv --format predictions [--group-cols a,b] [--positive L] --json',
    ],
    AUDIT_FLAGS,
  );
}
