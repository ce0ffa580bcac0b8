import { op, type FunctionDef } from './assembler';
import { at, channelLoop } from './loop-parts';

/** ReLU and its gradient over `bytes` bytes (a multiple of 16, at least 16) of float32s. */

const { get, set } = op;

/** relu(x, out, bytes): out = max(x, 0) (NaN stays NaN). */
export const relu: FunctionDef = (() => {
  const [x, out, bytes, j] = [0, 1, 2, 3];
  return {
    name: 'relu',
    params: 3,
    i32Locals: 1,
    body: channelLoop(j, bytes, [at(out, j), at(x, j), op.load(), op.f32x4(0), op.fmax, op.store()]),
  };
})();

/** reluGrad(dy, x, dx, bytes): dx = dy where x > 0, else +0. */
export const reluGrad: FunctionDef = (() => {
  const [dy, x, dx, bytes, j] = [0, 1, 2, 3, 4];
  const mask = 5;
  return {
    name: 'reluGrad',
    params: 4,
    i32Locals: 1,
    v128Locals: 1,
    body: channelLoop(j, bytes, [
      at(x, j), op.load(), op.f32x4(0), op.gt, set(mask),
      at(dx, j), at(dy, j), op.load(), get(mask), op.and, op.store(),
    ]), // prettier-ignore
  };
})();
