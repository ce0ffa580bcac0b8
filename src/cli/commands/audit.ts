/**
 * `lab audit`: audits a released tfjs model (LayersModel or GraphModel) on a labelled face
 * dataset, or re-reports a predictions CSV. Every flag, with its help, is in ./audit-flags.ts.
 *
 *   --model path/model.json --data DIR|ZIP|CSV --format utkface|celeba|fairface|rafdb|ckplus|folder|csv
 *   --data preds.csv --format predictions           (file,y_true,y_pred,score,<group columns>)
 *
 * The mapping is a preset (--preset, or the one that fits the model) or --mapping FILE.json,
 * overridden by the mapping flags. The model, the mapping and then (from the labels alone) the
 * target, groups, filters, positive and privileged labels are checked before any image is decoded.
 */
import { readFile, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import { numberFlag, parseArgs, rejectUnknown, requiredFlag, UsageError, type ParsedArgs } from '../args';
import { consoleJob } from '../console-job';
import { startNodeBackend } from '../node-backend';
import type { FileSource } from '../../lab/data/import/file-source';
import { IMPORT_FORMATS, isImportFormat, type PlanOptions } from '../../lab/data/import/formats';
import { NodeDirectorySource } from '../../lab/data/import/node-file-source';
import { ZipFileSource } from '../../lab/data/import/zip-file-source';
import { SPLIT_NAMES, type SplitName } from '../../lab/data/types';
import { MemoryDatasetStore } from '../../lab/store/memory-store';
import {
  assertRunnable,
  auditPredictionsCsv,
  checkMappingAgainstModel,
  inspectModel,
  loadModelFromFiles,
  presetByName,
  PRESET_NAMES,
  predictionsCsv,
  reportCsv,
  reportJson,
  reportMarkdown,
  runAudit,
  suggestPreset,
  validateMapping,
  type AuditMapping,
  type AuditPredictions,
  type AuditReport,
  type PresetName,
  type Scaling,
} from '../../lab/audit';
import { checkAuditSelection, defaultGroupAttributes } from '../../lab/audit/audit-checks';
import { parseFilter } from '../../lab/audit/filters';
import { importPlanned, planForAudit } from '../../lab/audit/import-for-audit';
import { RESIZE_CONVENTIONS, type ResizeConvention } from '../../lab/audit/mapping';
import { readModelFiles } from '../../lab/audit/node-model-files';
import { flagNames, switchNames } from '../flag-help';
import { AUDIT_FLAGS, auditUsage } from './audit-flags';

/** Named scalings besides the plain ranges. */
const CAFFE: Scaling = { mean: [103.939, 116.779, 123.68], std: [1, 1, 1] };

export const usage = auditUsage;

export async function run(argv: string[]): Promise<number> {
  const { filters, rest } = takeRepeated(argv, 'filter');
  const args = parseArgs(rest, switchNames(AUDIT_FLAGS));
  rejectUnknown(args, flagNames(AUDIT_FLAGS));
  const format = requiredFlag(args, 'format');
  const dataPath = resolve(requiredFlag(args, 'data'));
  const json = args.switches.has('json');
  const log = (line: string) => (json ? process.stderr.write(`${line}\n`) : console.log(line));
  const common = {
    groupCols: groupColsFlag(args),
    privileged: args.flags.get('privileged'),
    bootstrap: args.flags.has('bootstrap') ? numberFlag(args, 'bootstrap', 0) : undefined,
    seed: numberFlag(args, 'seed', 0),
  };

  let report: AuditReport;
  let predictions: AuditPredictions;
  if (format === 'predictions') {
    const text = await readFile(dataPath, 'utf8').catch(() => {
      throw new UsageError(`cannot read --data ${dataPath}`);
    });
    ({ report, predictions } = auditPredictionsCsv(text, {
      name: basename(dataPath),
      groupCols: common.groupCols,
      filters,
      positive: args.flags.get('positive'),
      privileged: common.privileged,
      bootstrap: common.bootstrap,
      seed: common.seed,
    }));
  } else {
    if (!isImportFormat(format)) {
      throw new UsageError(
        `--format must be one of ${[...IMPORT_FORMATS, 'predictions'].join(', ')} (got "${format}")`,
      );
    }
    const backend = await startNodeBackend(args.flags.get('backend'), 'infer');
    const fellBack =
      backend.rejected.length > 0
        ? ` (${backend.rejected.map((r) => `${r.name}: ${r.why}`).join('; ')})`
        : '';
    log(`backend: ${backend.name} — ${backend.reason}${fellBack}`);

    const modelPath = resolve(requiredFlag(args, 'model'));
    const modelName =
      basename(modelPath) === 'model.json' ? basename(dirname(modelPath)) : basename(modelPath, '.json');
    const model = await loadModelFromFiles(await readModelFiles(modelPath), modelName);
    const info = await inspectModel(model, { dryRun: false });
    assertRunnable(info);
    const shapes = await inspectModel(model, { dryRun: true });
    const mapping = validateMapping(await buildMapping(args, model, shapes));
    checkMappingAgainstModel(mapping, shapes); // Before any image is read.
    const saveMapping = args.flags.get('save-mapping');
    if (saveMapping) await writeFile(saveMapping, JSON.stringify(mapping, null, 2));

    const { source, plan } = await openDataset(format, dataPath, args);
    const importOptions = {
      ...plan,
      filters,
      limit: args.flags.has('limit') ? numberFlag(args, 'limit', 0) : undefined,
      seed: common.seed,
      modelSize: Math.max(...mapping.input.size),
      size: args.flags.has('import-size') ? numberFlag(args, 'import-size', 0) : undefined,
    };
    // Everything the labels alone can tell is checked before any image is decoded.
    const planned = await planForAudit(format, source, importOptions);
    const target = args.flags.get('target') ?? defaultTarget(mapping, planned.schema.categorical);
    const groupAttributes = common.groupCols ?? defaultGroupAttributes(planned.schema, target);
    const positive =
      args.flags.get('positive') !== undefined && mapping.output.kind !== 'sigmoid'
        ? args.flags.get('positive')
        : undefined;
    checkAuditSelection(mapping, planned.schema, {
      target,
      groupAttributes,
      filters: filters.map(parseFilter),
      positive,
      privileged: common.privileged,
    });
    const split = splitFlag(args);

    const store = new MemoryDatasetStore();
    const job = consoleJob(args.switches.has('quiet'));
    const imported = await importPlanned(planned, source, store, importOptions, job);
    ({ report, predictions } = await runAudit(
      {
        model,
        mapping,
        store,
        datasetId: imported.manifest.id,
        split,
        target,
        groupAttributes,
        filters,
        positive,
        privileged: common.privileged,
        bootstrap: common.bootstrap,
        seed: common.seed,
        batchSize: numberFlag(args, 'batch-size', 32),
        priorSkips: imported.skipped,
        priorFiltered: imported.filtered,
      },
      job,
    ));
  }

  await writeOptional(args.flags.get('predictions'), () => predictionsCsv(predictions));
  await writeOptional(args.flags.get('table'), () => reportCsv(report));
  await writeOptional(args.flags.get('markdown'), () => reportMarkdown(report));
  console.log(json ? reportJson(report) : reportMarkdown(report));
  return 0;
}

/** The preset (named, or the one fitting the model) or --mapping file, overridden by flags. */
async function buildMapping(
  args: ParsedArgs,
  model: Parameters<typeof presetByName>[1],
  info: Parameters<typeof presetByName>[2],
): Promise<AuditMapping> {
  let base: AuditMapping | null;
  const mappingFile = args.flags.get('mapping');
  const preset = args.flags.get('preset');
  if (mappingFile) {
    base = JSON.parse(await readFile(mappingFile, 'utf8')) as AuditMapping;
  } else if (preset) {
    if (!(PRESET_NAMES as readonly string[]).includes(preset)) {
      throw new UsageError(`--preset must be one of ${PRESET_NAMES.join(', ')} (got "${preset}")`);
    }
    base = presetByName(preset as PresetName, model, info);
  } else {
    base = suggestPreset(model, info);
  }
  const input = { ...(base?.input ?? { resize: 'bilinear', crop: 'none' }) } as Partial<
    AuditMapping['input']
  >;
  const size = args.flags.get('input-size');
  if (size !== undefined) input.size = parseSize(size);
  if (!input.size) {
    const shape = info.inputs[0]?.shape;
    if (shape?.[1] && shape[2]) input.size = [shape[1], shape[2]];
  }
  const channels = args.flags.get('channels');
  if (channels !== undefined) input.channels = channels as AuditMapping['input']['channels'];
  const scale = args.flags.get('scale');
  if (scale !== undefined) input.scale = parseScale(scale);
  const resize = args.flags.get('resize');
  if (resize !== undefined) Object.assign(input, parseResize(resize));
  const crop = args.flags.get('crop');
  if (crop !== undefined) {
    const [kind, fraction] = crop.split(':');
    input.crop = kind as AuditMapping['input']['crop'];
    input.cropFraction = fraction === undefined ? undefined : Number(fraction);
  }
  for (const key of ['size', 'channels', 'scale'] as const) {
    if (input[key] === undefined)
      throw new UsageError(`no preset fits this model: give --input-size, --channels and --scale`);
  }
  const output = outputMapping(args, base);
  const flagged = [
    'input-size',
    'channels',
    'scale',
    'resize',
    'crop',
    'output',
    'classes',
    'positive',
    'threshold',
    'label-map',
  ];
  const edited = flagged.some((f) => args.flags.has(f)) || args.switches.has('softmax');
  return {
    input: input as AuditMapping['input'],
    output,
    source:
      [mappingFile ? `file:${basename(mappingFile)}` : base?.source, edited ? 'cli flags' : null]
        .filter(Boolean)
        .join(' + ') || 'cli flags',
    notes: base?.notes,
  };
}

function outputMapping(args: ParsedArgs, base: AuditMapping | null): AuditMapping['output'] {
  const name = args.flags.get('output') ?? base?.output.output;
  if (!name) throw new UsageError('no preset fits this model: give --output NAME');
  const labelMap = args.flags.has('label-map') ? parseLabelMap(args.flags.get('label-map')!) : undefined;
  const classes = listFlag(args.flags.get('classes'));
  const positive = args.flags.get('positive');
  const baseOut = base?.output.output === name ? base.output : null;
  if (classes.length > 0 || (baseOut?.kind === 'classes' && !args.flags.has('threshold'))) {
    const from = baseOut?.kind === 'classes' ? baseOut : null;
    return {
      kind: 'classes',
      output: name,
      activation: args.switches.has('softmax') ? 'softmax' : (from?.activation ?? 'none'),
      classNames: classes.length > 0 ? classes : from!.classNames,
      labelMap: labelMap ?? from?.labelMap,
    };
  }
  if (baseOut?.kind === 'embedding') return baseOut;
  const from = baseOut?.kind === 'sigmoid' ? baseOut : null;
  const pos = positive ?? from?.positive;
  if (!pos)
    throw new UsageError(
      `give --positive LABEL (the label --output ${name} is the probability of) or --classes`,
    );
  const negative =
    args.flags.get('negative') ?? (from && from.positive === pos ? from.negative : from?.positive);
  return {
    kind: 'sigmoid',
    output: name,
    threshold: numberFlag(args, 'threshold', from?.threshold ?? 0.5),
    positive: pos,
    negative: negative ?? `not ${pos}`,
    labelMap: labelMap ?? from?.labelMap,
  };
}

/** The categorical attribute holding the mapping's labels (e.g. gender for male/female). */
function defaultTarget(
  mapping: AuditMapping,
  attributes: readonly { name: string; values: readonly string[] }[],
): string {
  const out = mapping.output;
  if (out.kind === 'embedding') {
    const identity = attributes.find((a) => a.name === 'identity');
    if (identity) return identity.name;
  } else {
    const labels = (out.kind === 'sigmoid' ? [out.positive, out.negative] : out.classNames).map(
      (l) => out.labelMap?.[l] ?? l,
    );
    const best = attributes
      .map((a) => ({ a, hits: labels.filter((l) => a.values.includes(l)).length }))
      .sort((x, y) => y.hits - x.hits)[0];
    if (best && best.hits > 0) return best.a.name;
  }
  throw new UsageError(`give --target (the dataset has: ${attributes.map((a) => a.name).join(', ')})`);
}

async function openDataset(
  format: string,
  path: string,
  args: ParsedArgs,
): Promise<{ source: FileSource; plan: PlanOptions }> {
  const info = await stat(path).catch(() => undefined);
  if (!info) throw new UsageError(`--data ${path} does not exist`);
  const plan: PlanOptions = {};
  let source: FileSource;
  if (info.isDirectory()) source = new NodeDirectorySource(path);
  else if (/\.zip$/i.test(path))
    source = new ZipFileSource(new Uint8Array(await readFile(path)), basename(path));
  else if (/\.csv$/i.test(path)) {
    source = new NodeDirectorySource(dirname(path));
    plan.csvPath = basename(path);
  } else throw new UsageError(`--data must be a folder, a .zip or a .csv (got ${path})`);
  if (args.flags.has('csv')) plan.csvPath = args.flags.get('csv');
  if (format === 'csv') {
    if (!plan.csvPath) throw new UsageError('--format csv needs --data FILE.csv or --csv FILE');
    plan.mapping = {
      fileColumn: args.flags.get('file-col') ?? 'file',
      labelColumns: listFlag(args.flags.get('label-cols')),
      sensitiveColumns: listFlag(args.flags.get('sensitive-cols')),
      numericColumns: listFlag(args.flags.get('numeric-cols')),
    };
  }
  return { source, plan };
}

/** "legacy", "nearest" or both ("nearest,legacy"): the resize convention and / or method. */
function parseResize(text: string): Pick<AuditMapping['input'], 'resize' | 'resizeConvention'> {
  const out: Pick<AuditMapping['input'], 'resize' | 'resizeConvention'> = {} as never;
  for (const token of listFlag(text)) {
    if ((RESIZE_CONVENTIONS as readonly string[]).includes(token))
      out.resizeConvention = token as ResizeConvention;
    else if (token === 'bilinear' || token === 'nearest') out.resize = token;
    else
      throw new UsageError(
        `--resize takes ${RESIZE_CONVENTIONS.join(', ')} and / or bilinear, nearest (got "${token}")`,
      );
  }
  return out;
}

/** --group-cols a,b; --no-groups = none; undefined = the default (the sensitive attributes). */
function groupColsFlag(args: ParsedArgs): string[] | undefined {
  if (args.switches.has('no-groups')) {
    if (args.flags.has('group-cols')) throw new UsageError('give --group-cols or --no-groups, not both');
    return [];
  }
  return args.flags.has('group-cols') ? listFlag(args.flags.get('group-cols')) : undefined;
}

function splitFlag(args: ParsedArgs): SplitName | 'all' {
  const split = args.flags.get('split') ?? 'all';
  if (split !== 'all' && !(SPLIT_NAMES as readonly string[]).includes(split)) {
    throw new UsageError(`--split must be all, ${SPLIT_NAMES.join(', ')} (got "${split}")`);
  }
  return split as SplitName | 'all';
}

function parseSize(text: string): [number, number] {
  const parts = text.toLowerCase().split('x').map(Number);
  if (parts.length > 2 || parts.some((p) => !Number.isInteger(p) || p <= 0)) {
    throw new UsageError(`--input-size must be N or HxW (got "${text}")`);
  }
  return [parts[0], parts[1] ?? parts[0]];
}

/** 0-1 | 0-255 | -1-1 | caffe | m1,m2,m3/s1,s2,s3 (per channel, on 0–255 values). */
function parseScale(text: string): Scaling {
  if (text === '0-1' || text === '0-255' || text === '-1-1') return text;
  if (text === 'caffe') return CAFFE;
  const [mean, std] = text.split('/').map((part) => part.split(',').map(Number));
  if (!mean || !std || [...mean, ...std].some((v) => !Number.isFinite(v))) {
    throw new UsageError(`--scale must be 0-1, 0-255, -1-1, caffe or MEAN,../STD,.. (got "${text}")`);
  }
  return { mean, std };
}

function parseLabelMap(text: string): Record<string, string> {
  const entries = listFlag(text).map((pair) => pair.split('='));
  if (entries.some((e) => e.length !== 2 || !e[0] || !e[1])) {
    throw new UsageError(
      `--label-map must be model=dataset pairs, e.g. man=male,woman=female (got "${text}")`,
    );
  }
  return Object.fromEntries(entries);
}

/** Pulls every `--name value` / `--name=value` out of argv (parseArgs keeps only the last). */
function takeRepeated(argv: string[], name: string): { filters: string[]; rest: string[] } {
  const values: string[] = [];
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === `--${name}`) {
      const value = argv[i + 1];
      if (value === undefined) throw new UsageError(`--${name} needs a value`);
      values.push(value);
      i++;
    } else if (arg.startsWith(`--${name}=`)) values.push(arg.slice(name.length + 3));
    else rest.push(arg);
  }
  return { filters: values, rest };
}

function listFlag(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

async function writeOptional(path: string | undefined, content: () => string): Promise<void> {
  if (path) await writeFile(path, content());
}
