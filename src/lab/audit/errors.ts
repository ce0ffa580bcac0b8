/** The audit's errors: each names what is wrong and what was expected, so the UI can show it as is. */

export type AuditErrorKind =
  | 'model-files'
  | 'unsupported-op'
  | 'input-shape'
  | 'output'
  | 'mapping'
  | 'filter'
  | 'predictions-csv'
  | 'dataset';

export class AuditError extends Error {
  constructor(
    readonly kind: AuditErrorKind,
    message: string,
  ) {
    super(message);
    this.name = 'AuditError';
  }
}

/** The model uses ops the active backend (or tfjs itself) cannot run. */
export class UnsupportedOpError extends AuditError {
  constructor(
    readonly ops: string[],
    readonly backend: string,
  ) {
    super(
      'unsupported-op',
      `The model uses op${ops.length > 1 ? 's' : ''} ${ops.map((o) => `"${o}"`).join(', ')} ` +
        `that the ${backend} backend of tfjs cannot run; try another backend or re-export the model without ${ops.length > 1 ? 'them' : 'it'}`,
    );
    this.name = 'UnsupportedOpError';
  }
}

/** The preprocessing mapping produces tensors of a shape the model does not accept. */
export class InputShapeError extends AuditError {
  constructor(
    readonly expected: (number | null)[],
    readonly got: number[],
    readonly input: string,
  ) {
    super(
      'input-shape',
      `Input "${input}" expects shape [${expected.map((d) => d ?? '?').join(', ')}] but the mapping produces ` +
        `[${got.map((d, i) => (i === 0 ? '?' : d)).join(', ')}]; set the input size and channels to match`,
    );
    this.name = 'InputShapeError';
  }
}

export function isAuditError(error: unknown): error is AuditError {
  return error instanceof AuditError;
}
