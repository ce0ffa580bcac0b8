import { useState } from 'react';
import type { ModelInfo } from '../../../lab/audit/inspect';
import {
  describeInput,
  resizeConvention,
  validateMapping,
  type ResizeConvention,
  type AuditMapping,
  type InputMapping,
  type OutputMapping,
  type Scaling,
} from '../../../lab/audit/mapping';
import type { AuditCheck } from '../../../worker/api/audit';
import { ListInput } from './ListInput';
import { edited, outputLabels, parseList, parseNumbers } from './state';

type ScaleKind = '0-1' | '0-255' | '-1-1' | 'mean/std';
const IMAGENET_CAFFE: Scaling = { mean: [103.939, 116.779, 123.68], std: [1, 1, 1] };

/**
 * How dataset images become model input (size, resize, crop, channels, scaling) and how the
 * model output becomes dataset labels (kind, class names or threshold, label map); also shown
 * and editable as JSON. Saved with the report.
 */
export function MappingCard({
  mapping,
  onChange,
  info,
  suggested,
  targetValues,
  target,
  check,
  disabled,
}: {
  mapping: AuditMapping;
  onChange: (mapping: AuditMapping) => void;
  info: ModelInfo | null;
  suggested: AuditMapping | null;
  targetValues: string[];
  target: string;
  check: AuditCheck | null;
  disabled: boolean;
}) {
  const { input, output } = mapping;
  const setInput = (patch: Partial<InputMapping>) =>
    onChange(edited({ ...mapping, input: { ...input, ...patch } }));
  const setOutput = (next: OutputMapping) => onChange(edited({ ...mapping, output: next }));
  const scaleKind = typeof input.scale === 'string' ? input.scale : 'mean/std';
  const channels = input.channels === 'gray' ? 1 : 3;
  const outputs = info?.outputs.map((o) => o.name) ?? [];
  const labels = outputLabels(output);

  const setKind = (kind: OutputMapping['kind']) => {
    if (kind === output.kind) return;
    const labelMap = output.kind !== 'embedding' ? output.labelMap : undefined;
    if (kind === 'embedding') setOutput({ kind, output: output.output });
    else if (kind === 'sigmoid')
      setOutput({
        kind,
        output: output.output,
        threshold: 0.5,
        positive: targetValues[1] ?? 'positive',
        negative: targetValues[0] ?? 'negative',
        labelMap,
      });
    else
      setOutput({
        kind,
        output: output.output,
        activation: 'softmax',
        classNames: targetValues.length >= 2 ? [...targetValues] : ['class_0', 'class_1'],
        labelMap,
      });
  };
  const setLabelMap = (label: string, value: string) => {
    if (output.kind === 'embedding') return;
    const map = { ...(output.labelMap ?? {}) };
    if (value === '' || value === label) delete map[label];
    else map[label] = value;
    setOutput({ ...output, labelMap: Object.keys(map).length > 0 ? map : undefined });
  };

  return (
    <div className="card" data-testid="mapping-card">
      <h2>2 · Mapping</h2>
      <p className="muted">
        Source: <span data-testid="mapping-source">{mapping.source ?? 'manual'}</span>
        {suggested && (
          <>
            {' '}
            ·{' '}
            <button
              type="button"
              className="link"
              disabled={disabled}
              onClick={() => onChange(suggested)}
              data-testid="mapping-reset"
            >
              reset to {suggested.source}
            </button>
          </>
        )}
      </p>
      <fieldset className="mapping-grid" disabled={disabled}>
        <legend>Input</legend>
        {info && info.inputs.length > 1 && (
          <label>
            image input
            <select
              value={input.input ?? ''}
              onChange={(e) => setInput({ input: e.target.value || undefined })}
            >
              {info.inputs.map((i) => (
                <option key={i.name}>{i.name}</option>
              ))}
            </select>
          </label>
        )}
        <label>
          height
          <input
            type="number"
            min={1}
            value={input.size[0]}
            onChange={(e) => setInput({ size: [Number(e.target.value), input.size[1]] })}
            data-testid="map-height"
          />
        </label>
        <label>
          width
          <input
            type="number"
            min={1}
            value={input.size[1]}
            onChange={(e) => setInput({ size: [input.size[0], Number(e.target.value)] })}
            data-testid="map-width"
          />
        </label>
        <label>
          resize
          <select
            value={input.resize}
            onChange={(e) => setInput({ resize: e.target.value as InputMapping['resize'] })}
            data-testid="map-resize"
          >
            <option value="bilinear">bilinear</option>
            <option value="nearest">nearest</option>
          </select>
        </label>
        <label title="Where the resize samples the source image; use the convention the model was trained with">
          resize sampling
          <select
            value={resizeConvention(input)}
            onChange={(e) => setInput({ resizeConvention: e.target.value as ResizeConvention })}
            data-testid="map-resize-convention"
          >
            <option value="half-pixel">half-pixel centres (PIL, TF2, the lab)</option>
            <option value="legacy">legacy: tfjs resizeBilinear default (human.js)</option>
            <option value="align-corners">align corners</option>
          </select>
        </label>
        <label>
          crop
          <select
            value={input.crop}
            onChange={(e) => setInput({ crop: e.target.value as InputMapping['crop'] })}
            data-testid="map-crop"
          >
            <option value="none">none</option>
            <option value="center">centre square</option>
          </select>
        </label>
        {input.crop === 'center' && (
          <label>
            crop fraction
            <input
              type="number"
              min={0.05}
              max={1}
              step={0.05}
              value={input.cropFraction ?? 1}
              onChange={(e) => setInput({ cropFraction: Number(e.target.value) })}
              data-testid="map-crop-fraction"
            />
          </label>
        )}
        <label>
          channels
          <select
            value={input.channels}
            onChange={(e) => {
              const next = e.target.value as InputMapping['channels'];
              const n = next === 'gray' ? 1 : 3;
              const scale = typeof input.scale === 'string' ? input.scale : fitLength(input.scale, n);
              setInput({ channels: next, scale });
            }}
            data-testid="map-channels"
          >
            <option value="rgb">RGB</option>
            <option value="bgr">BGR</option>
            <option value="gray">gray</option>
          </select>
        </label>
        <label>
          scaling
          <select
            value={scaleKind}
            onChange={(e) => {
              const value = e.target.value as ScaleKind;
              if (value !== 'mean/std') setInput({ scale: value });
              else if (channels === 3) setInput({ scale: IMAGENET_CAFFE });
              else setInput({ scale: { mean: [127.5], std: [127.5] } });
            }}
            data-testid="map-scale"
          >
            <option value="0-1">0–1 (v / 255)</option>
            <option value="0-255">0–255 (as is)</option>
            <option value="-1-1">−1–1 (v / 127.5 − 1)</option>
            <option value="mean/std">(v − mean) / std</option>
          </select>
        </label>
        {typeof input.scale !== 'string' && (
          <>
            <label>
              mean (per channel, 0–255)
              <ListInput
                value={input.scale.mean}
                parse={parseNumbers}
                format={(v) => v.join(', ')}
                onChange={(mean) =>
                  typeof input.scale !== 'string' && setInput({ scale: { ...input.scale, mean } })
                }
                testId="map-mean"
                size={22}
              />
            </label>
            <label>
              std
              <ListInput
                value={input.scale.std}
                parse={parseNumbers}
                format={(v) => v.join(', ')}
                onChange={(std) =>
                  typeof input.scale !== 'string' && setInput({ scale: { ...input.scale, std } })
                }
                testId="map-std"
                size={14}
              />
            </label>
          </>
        )}
      </fieldset>

      <fieldset className="mapping-grid" disabled={disabled}>
        <legend>Output</legend>
        <label>
          output tensor
          {outputs.length > 0 ? (
            <select
              value={output.output}
              onChange={(e) => setOutput({ ...output, output: e.target.value })}
              data-testid="map-output"
            >
              {!outputs.includes(output.output) && (
                <option value={output.output}>{output.output || '—'}</option>
              )}
              {outputs.map((o) => (
                <option key={o}>{o}</option>
              ))}
            </select>
          ) : (
            <input
              type="text"
              value={output.output}
              onChange={(e) => setOutput({ ...output, output: e.target.value })}
              data-testid="map-output"
            />
          )}
        </label>
        <label>
          kind
          <select
            value={output.kind}
            onChange={(e) => setKind(e.target.value as OutputMapping['kind'])}
            data-testid="map-kind"
          >
            <option value="classes">classes (argmax)</option>
            <option value="sigmoid">sigmoid (one probability)</option>
            <option value="embedding">embedding (identification)</option>
          </select>
        </label>
        {output.kind === 'classes' && (
          <>
            <label>
              activation
              <select
                value={output.activation}
                onChange={(e) => setOutput({ ...output, activation: e.target.value as 'softmax' | 'none' })}
                data-testid="map-activation"
              >
                <option value="softmax">softmax (logits)</option>
                <option value="none">none (probabilities)</option>
              </select>
            </label>
            <label className="grow">
              class names, in model order
              <ListInput
                value={output.classNames}
                parse={parseList}
                format={(v) => v.join(', ')}
                onChange={(classNames) => setOutput({ ...output, classNames })}
                testId="map-classes"
                size={40}
              />
            </label>
          </>
        )}
        {output.kind === 'sigmoid' && (
          <>
            <label>
              threshold
              <input
                type="number"
                min={0}
                max={1}
                step={0.05}
                value={output.threshold}
                onChange={(e) => setOutput({ ...output, threshold: Number(e.target.value) })}
                data-testid="map-threshold"
              />
            </label>
            <label>
              score is P(…) (≥ threshold)
              <input
                type="text"
                value={output.positive}
                onChange={(e) => setOutput({ ...output, positive: e.target.value })}
                data-testid="map-positive"
              />
            </label>
            <label>
              otherwise
              <input
                type="text"
                value={output.negative}
                onChange={(e) => setOutput({ ...output, negative: e.target.value })}
                data-testid="map-negative"
              />
            </label>
          </>
        )}
      </fieldset>

      {output.kind !== 'embedding' && labels.length > 0 && (
        <fieldset className="label-map" disabled={disabled} data-testid="label-map">
          <legend>Label map: model label → value of {target || 'the target'}</legend>
          <datalist id="audit-target-values">
            {targetValues.map((v) => (
              <option key={v} value={v} />
            ))}
          </datalist>
          {labels.slice(0, 50).map((label) => {
            const mapped = output.labelMap?.[label] ?? '';
            const final = mapped || label;
            const known = targetValues.length === 0 || targetValues.includes(final);
            return (
              <label key={label} className="label-map-row">
                <span>
                  {label} →{' '}
                  {!known && (
                    <span className="bad" title={`not a value of ${target}`}>
                      (no match)
                    </span>
                  )}
                </span>
                <input
                  type="text"
                  list="audit-target-values"
                  value={mapped}
                  placeholder={label}
                  onChange={(e) => setLabelMap(label, e.target.value.trim())}
                  data-testid={`map-label-${label}`}
                />
              </label>
            );
          })}
          {labels.length > 50 && (
            <span className="muted">…and {labels.length - 50} more (edit the JSON)</span>
          )}
        </fieldset>
      )}

      <p className="muted" data-testid="mapping-summary">
        {describeInput(input)}
      </p>
      {check && check.problems.length > 0 && (
        <ul className="error" role="alert" data-testid="mapping-problems">
          {check.problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      )}
      {check && check.warnings.length > 0 && (
        <ul className="warning" data-testid="mapping-warnings">
          {check.warnings.map((w) => (
            <li key={w}>{w}</li>
          ))}
        </ul>
      )}
      <MappingJson mapping={mapping} onChange={onChange} disabled={disabled} />
    </div>
  );
}

/** Per-channel mean / std resized to the channel count (repeating the last value). */
function fitLength(scale: { mean: number[]; std: number[] }, n: number): { mean: number[]; std: number[] } {
  const fit = (v: number[], fill: number) => Array.from({ length: n }, (_, i) => v[i] ?? v.at(-1) ?? fill);
  return { mean: fit(scale.mean, 0), std: fit(scale.std, 1) };
}

/** The mapping as JSON: what is saved with the report; edit and apply to change the form. */
function MappingJson({
  mapping,
  onChange,
  disabled,
}: {
  mapping: AuditMapping;
  onChange: (mapping: AuditMapping) => void;
  disabled: boolean;
}) {
  const json = JSON.stringify(mapping, null, 2);
  const [draft, setDraft] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const apply = () => {
    if (draft === null) return;
    try {
      const parsed = JSON.parse(draft) as AuditMapping;
      validateMapping(parsed);
      onChange(parsed);
      setDraft(null);
      setError(null);
    } catch (e) {
      setError((e as Error).message);
    }
  };
  return (
    <details className="mapping-json">
      <summary>Mapping as JSON (saved with the report)</summary>
      <textarea
        value={draft ?? json}
        rows={Math.min(24, json.split('\n').length + 1)}
        spellCheck={false}
        disabled={disabled}
        onChange={(e) => setDraft(e.target.value)}
        data-testid="mapping-json"
      />
      <div className="row">
        <button
          type="button"
          disabled={disabled || draft === null}
          onClick={apply}
          data-testid="mapping-json-apply"
        >
          Apply JSON
        </button>
        <button
          type="button"
          disabled={draft === null}
          onClick={() => {
            setDraft(null);
            setError(null);
          }}
        >
          Revert
        </button>
        {error && (
          <span className="error" data-testid="mapping-json-error">
            {error}
          </span>
        )}
      </div>
    </details>
  );
}
