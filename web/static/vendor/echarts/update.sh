#!/usr/bin/env bash
# Replaces the vendored echarts with another version from the npm registry.
# Run by hand when upgrading only; the build and CI never download anything.
set -euo pipefail
version=${1:?usage: update.sh VERSION   (for example 6.1.0)}
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack "echarts@$version" >/dev/null && tar xzf "echarts-$version.tgz")
cp "$tmp/package/dist/echarts.min.js" "$tmp/package/LICENSE" "$tmp/package/NOTICE" "$here/"
mkdir -p "$here/licenses" && cp "$tmp/package/licenses/LICENSE-d3" "$here/licenses/"
printf 'echarts %s\nsha256 %s  echarts.min.js\n' "$version" "$(sha256sum "$here/echarts.min.js" | cut -d' ' -f1)" > "$here/VERSION"
cat "$here/VERSION"
