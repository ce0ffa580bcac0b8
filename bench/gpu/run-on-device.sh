#!/usr/bin/env bash
# The device command (bench/gpu/README.md): unpacks .gpu-carry's Node, sets up the Vulkan loaders
# from .gl/, runs the Node WebGPU bench (Dawn) and then the PyTorch anchor on CUDA on the same
# networks, and writes webgpu.json, summary.json, summary.txt and run.log into $OUT.
# Env: OUT (required), EXPECT_GPU=1 (fail on a fallback/software adapter), QUICK=1, STEPS,
# NODE_CAP / TORCH_CAP (seconds, default 240 / 150), GL_ROOT (where .gl/ unpacks, default /).
set -uo pipefail
cd "$(dirname "$0")/../.."
: "${OUT:?set OUT to the folder for results}"
mkdir -p "$OUT"
exec > >(tee -a "$OUT/run.log") 2>&1
started=$(date +%s)
echo "== bench/gpu $(date -u +%FT%TZ) on $(uname -m), $(nproc) cores; EXPECT_GPU=${EXPECT_GPU:-0} QUICK=${QUICK:-0}"
command -v nvidia-smi >/dev/null && nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader

# Vulkan/GL loaders (the device README's recipe); a GL_ROOT other than / is found via LD_LIBRARY_PATH.
GL_ROOT=${GL_ROOT:-/}
if ls .gl/*.deb >/dev/null 2>&1; then
  for f in .gl/*.deb; do dpkg -x "$f" "$GL_ROOT"; done
  if [ "$GL_ROOT" = / ]; then ldconfig; else
    export LD_LIBRARY_PATH="$GL_ROOT/usr/lib/x86_64-linux-gnu${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
  fi
else
  echo "note: no .gl/*.deb carried; relying on the machine's own libvulkan"
fi
NV=/usr/local/nvidia/share
if [ -z "${VK_ICD_FILENAMES:-}${VK_DRIVER_FILES:-}" ] && [ -f $NV/vulkan/icd.d/nvidia_icd.json ]; then
  export VK_DRIVER_FILES=$NV/vulkan/icd.d/nvidia_icd.json
  export __EGL_VENDOR_LIBRARY_FILENAMES=$NV/glvnd/egl_vendor.d/10_nvidia.json
fi
echo "vulkan: VK_DRIVER_FILES=${VK_DRIVER_FILES:-} VK_ICD_FILENAMES=${VK_ICD_FILENAMES:-}"

# Node, the bundled bench and Dawn's addon.
RT=$(mktemp -d /tmp/gpu-runtime.XXXX)
python3 - .gpu-carry/runtime.tar.xz "$RT" <<'EOF' || { echo "!!! cannot unpack .gpu-carry (run bench/gpu/pack.sh, carry .gpu-carry)"; exit 2; }
import sys, tarfile
with tarfile.open(sys.argv[1], 'r:xz') as t:
    t.extractall(sys.argv[2], **({'filter': 'data'} if hasattr(tarfile, 'data_filter') else {}))
EOF
echo "node $("$RT/node" --version) unpacked in $(($(date +%s) - started)) s"

timeout -k 5 "${NODE_CAP:-240}" "$RT/node" "$RT/bench.mjs"
node_rc=$?
[ $node_rc -eq 124 ] && echo "!!! Node WebGPU bench stopped at NODE_CAP=${NODE_CAP:-240} s (partial results kept)"
NODE_RC=$node_rc PYTHONUNBUFFERED=1 python3 bench/gpu/compare.py
cmp_rc=$?
echo "== done in $(($(date +%s) - started)) s (node rc $node_rc, compare rc $cmp_rc)"
if [ $node_rc -ne 0 ] || [ $cmp_rc -ne 0 ]; then
  echo "!!! bench/gpu FAILED: see the lines marked !!! above and $OUT/summary.txt"
  exit 1
fi
