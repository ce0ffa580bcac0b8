"""PyTorch anchor on the same plans as $OUT/webgpu.json, then the summary (bench/gpu/README.md).

    OUT=DIR python3 bench/gpu/compare.py

Runs bench/torch/anchor.py per plan on CUDA (on the CPU, with a note, where CUDA is absent), within
TORCH_CAP seconds in all (default 150), and writes $OUT/summary.json and $OUT/summary.txt.
Exits 1 unless WebGPU measured every plan (status 'ok').
"""
import datetime
import json
import os
import subprocess
import sys
import time

OUT = os.environ['OUT']
ANCHOR = os.path.join(os.path.dirname(__file__), '..', 'torch', 'anchor.py')
QUICK = os.environ.get('QUICK') == '1'
deadline = time.monotonic() + float(os.environ.get('TORCH_CAP', '150'))
notes = []


def load_webgpu():
    try:
        with open(os.path.join(OUT, 'webgpu.json')) as f:
            return json.load(f)
    except (OSError, ValueError) as e:
        notes.append(f'no webgpu.json ({e})')
        return {'plans': [], 'rows': [], 'adapter': None, 'error': 'Node WebGPU bench did not run'}


def torch_device():
    probe = 'import torch; print(torch.__version__, torch.cuda.is_available())'
    try:
        done = subprocess.run([sys.executable, '-c', probe], capture_output=True, text=True, timeout=60)
        version, cuda = done.stdout.split()
    except (subprocess.SubprocessError, ValueError):
        notes.append('torch does not import: PyTorch side skipped')
        return None
    if cuda == 'True':
        return 'cuda'
    notes.append(f'torch {version} sees no CUDA: the anchor ran on the CPU (1 thread), not comparable to a GPU')
    return 'cpu'


def anchor(plan, device):
    t = plan['torch']
    args = [sys.executable, ANCHOR, '--model', t['model'], '--size', str(plan['size']),
            '--channels', str(t['channels']), '--classes', str(t['classes']), '--batch', str(plan['batch']),
            '--threads', '1', '--device', device]
    args += ['--steps', '3', '--warmup', '1'] if QUICK else ['--steps', '20', '--warmup', '5']
    left = deadline - time.monotonic()
    if left < 5:
        notes.append(f"torch {t['model']}@{plan['size']}: skipped, TORCH_CAP reached")
        return None
    try:
        done = subprocess.run(args, capture_output=True, text=True, timeout=left)
    except subprocess.TimeoutExpired:
        notes.append(f"torch {t['model']}@{plan['size']}: stopped at TORCH_CAP")
        return None
    try:
        return json.loads(done.stdout.strip().splitlines()[-1])
    except (ValueError, IndexError):
        notes.append(f"torch {t['model']}@{plan['size']}: failed (exit {done.returncode}): {done.stderr.strip()[-300:]}")
        return None


def main():
    webgpu = load_webgpu()
    device = torch_device()
    value = {(r['model'], r['metric']): r['value'] for r in webgpu['rows']}
    results, torch_info = [], None
    for plan in webgpu['plans']:
        key = f"{plan['model']}@{plan['size']}px/b{plan['batch']}"
        t = anchor(plan, device) if device else None
        if t:
            torch_info = torch_info or {'device': t['device'], 'torch': t['torch'], 'gpu': t['gpu']}
            print(f"[torch] {key}: train {t['train_images_per_s']} img/s on {t['device']} ({t['gpu']})", flush=True)
        w_train = value.get((key, 'train_images_per_s'))
        t_train = t['train_images_per_s'] if t else None
        results.append({
            'model': key,
            'webgpu_train_images_per_s': w_train,
            'webgpu_infer_images_per_s': value.get((key, 'infer_images_per_s')),
            'webgpu_timed_steps': value.get((key, 'timed_steps')),
            'torch_train_images_per_s': t_train,
            'torch_infer_images_per_s': t['infer_images_per_s'] if t else None,
            'ratio_webgpu_vs_torch': round(w_train / t_train, 4) if w_train and t_train else None,
        })
    if os.environ.get('NODE_RC') == '124':
        notes.append('the Node WebGPU bench stopped at NODE_CAP; plans after the last measured one are missing')
    measured = sum(1 for r in results if r['webgpu_train_images_per_s'])
    if webgpu.get('error') or not measured:
        status = f"FAILED: {webgpu.get('error') or 'WebGPU measured nothing'}"
    else:
        status = 'ok' if measured == len(results) else f'PARTIAL: WebGPU measured {measured} of {len(results)} plans'
    summary = {
        'date': datetime.datetime.now(datetime.timezone.utc).isoformat(timespec='seconds'),
        'status': status,
        'quick': QUICK, 'node': webgpu.get('node'), 'adapter': webgpu.get('adapter'), 'torch': torch_info,
        'results': results, 'webgpu_rows': webgpu['rows'], 'notes': notes,
    }
    with open(os.path.join(OUT, 'summary.json'), 'w') as f:
        json.dump(summary, f, indent=2)
    lines = [f"{summary['date']}  status: {summary['status']}",
             f"adapter: {json.dumps(summary['adapter'])}", f'torch: {json.dumps(torch_info)}', '',
             f"{'model':28} {'webgpu train':>12} {'infer':>9} {'torch train':>12} {'infer':>9} {'ratio':>7}"]
    fmt = lambda v, w: f'{v:>{w}}' if v is not None else f"{'-':>{w}}"
    for r in results:
        lines.append(f"{r['model']:28} {fmt(r['webgpu_train_images_per_s'], 12)} {fmt(r['webgpu_infer_images_per_s'], 9)} "
                     f"{fmt(r['torch_train_images_per_s'], 12)} {fmt(r['torch_infer_images_per_s'], 9)} "
                     f"{fmt(r['ratio_webgpu_vs_torch'], 7)}")
    lines += [f'note: {n}' for n in notes]
    text = '\n'.join(lines) + '\n'
    with open(os.path.join(OUT, 'summary.txt'), 'w') as f:
        f.write(text)
    print('\n' + text)
    return 0 if status == 'ok' else 1


if __name__ == '__main__':
    sys.exit(main())
