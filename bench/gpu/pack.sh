#!/usr/bin/env bash
# Builds what the device run carries (bench/gpu/README.md): .gpu-carry/runtime.tar.xz (this
# machine's Node, stripped; the WebGPU bench bundled into one file; Dawn's addon) and .gl/ (Vulkan
# and GL loader debs, as /work/.library/device/README.md says). Both are ignored via .git/info/exclude.
set -euo pipefail
cd "$(dirname "$0")/../.."
CARRY=.gpu-carry
WEBGPU=node_modules/webgpu
STAGE=$(mktemp -d)
trap 'rm -rf "$STAGE"' EXIT
for p in /.gpu-carry/ /.gl/; do
  grep -qxF "$p" .git/info/exclude 2>/dev/null || echo "$p" >>.git/info/exclude
done

NODE=$(command -v node)
strip -o "$STAGE/node" "$NODE"
node_modules/.bin/esbuild bench/gpu/measure-webgpu.ts --bundle --minify --platform=node --format=esm \
  --target=node20 --external:webgpu --outfile="$STAGE/bench.mjs" --log-level=warning \
  --banner:js="import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);"
mkdir -p "$STAGE/$WEBGPU/dist/linux-x64"
cp "$WEBGPU/package.json" "$WEBGPU/index.js" "$STAGE/$WEBGPU/"
cp "$WEBGPU/dist/linux-x64/dawn.node" "$STAGE/$WEBGPU/dist/linux-x64/"

rm -rf "$CARRY" && mkdir -p "$CARRY"
tar -C "$STAGE" -cf - node bench.mjs node_modules | xz -9 -T0 >"$CARRY/runtime.tar.xz"
{
  echo "packed $(date -u +%FT%TZ) from $(git rev-parse --short HEAD) (working tree may differ)"
  echo "node $("$NODE" --version) ($NODE), webgpu $(node -p "require('./$WEBGPU/package.json').version")"
  (cd "$CARRY" && sha256sum runtime.tar.xz)
} >"$CARRY/manifest.txt"

if ! ls .gl/*.deb >/dev/null 2>&1; then
  mkdir -p .gl /tmp/amd64/partial
  o='-oAPT::Architecture=amd64 -oAPT::Architectures=amd64 -oDir::State::Lists=/tmp/amd64'
  # shellcheck disable=SC2086
  apt-get $o update -qq
  # shellcheck disable=SC2086
  (cd .gl && apt-get $o download libvulkan1 libegl1 libglvnd0 libopengl0 libgl1 libglx0 libgles2)
fi

mib() { awk "BEGIN { printf \"%.1f MiB\", $1 / 1048576 }"; }
echo "stage (uncompressed):"
(cd "$STAGE" && du -b node bench.mjs "$WEBGPU/dist/linux-x64/dawn.node" | sed 's/^/  /')
tree=$({
  git ls-files -z
  git ls-files -z -o --exclude-standard
} | xargs -0 -r du -cb 2>/dev/null | awk '$2 == "total" { s += $1 } END { print s + 0 }')
carry=$(du -cb "$CARRY" .gl | tail -1 | cut -f1)
echo "carried: $CARRY $(mib "$(du -sb "$CARRY" | cut -f1)"), .gl $(mib "$(du -sb .gl | cut -f1)")"
echo "working tree (tracked + untracked-not-ignored): $(mib "$tree")"
echo "total that travels: $(mib $((tree + carry))) of 64 MiB"
