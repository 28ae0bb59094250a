#!/usr/bin/env bash
# Fetches the npm package the shipped face-detector weights come from and checks that the files in the toolkit's jar
# are byte-identical to the package's (npm is the only network access; nothing else is downloaded).
#   scripts/face-api-weights.sh            # check
#   scripts/face-api-weights.sh --install  # copy the package's files over the shipped ones (then rebuild)
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
dest="$here/toolkit/src/main/resources/org/rmfer4j/facedetect/face-api"
pkg="@vladmandic/face-api@1.7.15"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
command -v npm >/dev/null || { echo "npm is needed (Debian: apt-get install npm)" >&2; exit 2; }
(cd "$tmp" && npm pack --silent "$pkg" >/dev/null && tar xzf ./*.tgz)
status=0
for f in ssd_mobilenetv1_model-weights_manifest.json ssd_mobilenetv1_model.bin \
         tiny_face_detector_model-weights_manifest.json tiny_face_detector_model.bin; do
  if [[ "${1:-}" == "--install" ]]; then
    cp "$tmp/package/model/$f" "$dest/$f"
  elif cmp -s "$tmp/package/model/$f" "$dest/$f"; then
    echo "same as $pkg: $f ($(sha256sum "$dest/$f" | cut -c1-16)…)"
  else
    echo "DIFFERS from $pkg: $f" >&2
    status=1
  fi
done
[[ "${1:-}" == "--install" ]] && cp "$tmp/package/LICENSE" "$dest/LICENSE" && echo "installed into $dest"
exit $status
