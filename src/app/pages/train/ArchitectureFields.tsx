import {
  DEFAULT_CONV_FAMILY,
  DEFAULT_EXPRESSION_CNN,
  DEFAULT_FRNAS_DPN,
  FAMILIES,
  isFamilyName,
  type ArchitectureSpec,
} from '../../../lab/models/families';
import { FRNAS_EDGES, FRNAS_OPS } from '../../../lab/models/families/frnas-ops';
import type { ExperimentState } from '../../url-state';

interface Props {
  experiment: ExperimentState;
  onExperiment(update: (e: ExperimentState) => ExperimentState): void;
}

type Params = Record<string, string | number | boolean>;

/** The architecture family and its settings; for FR-NAS's DPN, the three edges by op. */
export function ArchitectureFields({ experiment, onExperiment }: Props) {
  const arch = experiment.architecture;
  const params: Params = 'params' in arch ? { ...(arch.params as Params) } : {};
  const setParams = (patch: Params) =>
    onExperiment((e) => ({
      ...e,
      architecture: { ...e.architecture, params: { ...params, ...patch } } as ArchitectureSpec,
    }));
  return (
    <>
      <div className="row">
        <label>
          Architecture
          <select
            value={arch.family}
            onChange={(e) => {
              const family = e.target.value;
              if (isFamilyName(family))
                onExperiment((x) => ({ ...x, architecture: { family } as ArchitectureSpec }));
            }}
            data-testid="architecture"
          >
            {FAMILIES.map((f) => (
              <option key={f.name} value={f.name}>
                {f.label}
              </option>
            ))}
          </select>
        </label>
      </div>
      {arch.family === 'frnas-dpn' && (
        <FrnasFields params={{ ...DEFAULT_FRNAS_DPN, ...params }} onChange={setParams} />
      )}
      {arch.family === 'expression-cnn' && (
        <div className="row">
          <NumberField
            label="Width ×"
            value={{ ...DEFAULT_EXPRESSION_CNN, ...params }.width as number}
            step={0.25}
            onChange={(width) => setParams({ width })}
          />
          <NumberField
            label="Dropout"
            value={{ ...DEFAULT_EXPRESSION_CNN, ...params }.dropout as number}
            step={0.05}
            onChange={(dropout) => setParams({ dropout })}
          />
        </div>
      )}
      {arch.family === 'conv' && (
        <ConvFields params={{ ...DEFAULT_CONV_FAMILY, ...params }} onChange={setParams} />
      )}
    </>
  );
}

function FrnasFields({ params, onChange }: { params: Params; onChange(patch: Params): void }) {
  const edges = String(params.edges).split('');
  return (
    <div className="row" data-testid="frnas-edges">
      {FRNAS_EDGES.map((edge, i) => (
        <label key={edge.name} title={edge.role}>
          Edge {i + 1} ({edge.module})
          <select
            value={edges[i]}
            onChange={(e) => {
              const next = [...edges];
              next[i] = e.target.value;
              onChange({ edges: next.join('') });
            }}
            data-testid={`edge-${i + 1}`}
          >
            {FRNAS_OPS.map((op) => (
              <option key={op.index} value={String(op.index)}>
                {op.index}: {op.label}
              </option>
            ))}
          </select>
        </label>
      ))}
      <NumberField
        label="Width ×"
        value={params.width as number}
        step={0.02}
        onChange={(width) => onChange({ width })}
        testId="frnas-width"
      />
      <NumberField
        label="Embedding"
        value={params.embedding as number}
        step={16}
        onChange={(embedding) => onChange({ embedding })}
      />
    </div>
  );
}

function ConvFields({ params, onChange }: { params: Params; onChange(patch: Params): void }) {
  const select = (key: string, options: string[]) => (
    <label>
      {key[0].toUpperCase() + key.slice(1)}
      <select value={String(params[key])} onChange={(e) => onChange({ [key]: e.target.value })}>
        {options.map((o) => (
          <option key={o} value={o}>
            {o}
          </option>
        ))}
      </select>
    </label>
  );
  return (
    <div className="row">
      <NumberField
        label="Depth"
        value={params.depth as number}
        step={1}
        onChange={(depth) => onChange({ depth })}
      />
      <NumberField
        label="Width"
        value={params.width as number}
        step={4}
        onChange={(width) => onChange({ width })}
      />
      {select('kernel', ['3', '5'])}
      {select('norm', ['batch', 'layer', 'none'])}
      {select('activation', ['relu', 'gelu', 'silu', 'prelu'])}
      <label>
        <input
          type="checkbox"
          checked={params.residual === true}
          onChange={(e) => onChange({ residual: e.target.checked })}
        />
        residual
      </label>
    </div>
  );
}

export function NumberField({
  label,
  value,
  step,
  onChange,
  testId,
  min,
}: {
  label: string;
  value: number | undefined;
  step: number;
  onChange(value: number): void;
  testId?: string;
  min?: number;
}) {
  return (
    <label>
      {label}
      <input
        type="number"
        step={step}
        min={min}
        value={value ?? ''}
        onChange={(e) => {
          const n = Number(e.target.value);
          if (e.target.value !== '' && Number.isFinite(n)) onChange(n);
        }}
        data-testid={testId}
      />
    </label>
  );
}
