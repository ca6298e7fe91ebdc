#!/usr/bin/env bash
# Builds the vendored echarts: a bundle of only what plantrack draws (line,
# bar, scatter and heatmap series; grid, legend, tooltip, title, markLine and
# the piecewise visualMap of the district matrix; the SVG and canvas
# renderers) from the npm packages echarts and zrender, minified with
# esbuild. 658 KB (227 KB gzipped) instead of the full
# build's 1.1 MB (368 KB): a first visit loads less, and every printed
# report starts faster. Run by hand when upgrading only; the build and CI
# never download anything.
#   update.sh VERSION   (for example 6.1.0)
set -euo pipefail
version=${1:?usage: update.sh VERSION   (for example 6.1.0)}
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
npm init -y >/dev/null
npm install --silent --no-audit --no-fund "echarts@$version" esbuild@0.25
cat >entry.js <<'JS'
import * as echarts from 'echarts/core';
import { LineChart, BarChart, ScatterChart, HeatmapChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent, MarkLineComponent, TitleComponent, VisualMapPiecewiseComponent } from 'echarts/components';
import { SVGRenderer, CanvasRenderer } from 'echarts/renderers';
echarts.use([LineChart, BarChart, ScatterChart, HeatmapChart, VisualMapPiecewiseComponent, GridComponent, LegendComponent, TooltipComponent,
  MarkLineComponent, TitleComponent, SVGRenderer, CanvasRenderer]);
window.echarts = echarts;
JS
# --minify also makes process.env.NODE_ENV "production": no development checks
./node_modules/.bin/esbuild entry.js --bundle --minify --format=iife --target=es2018 \
  --legal-comments=none --outfile="$here/echarts.min.js"
cp node_modules/echarts/LICENSE node_modules/echarts/NOTICE "$here/"
mkdir -p "$here/licenses"
cp node_modules/zrender/LICENSE "$here/licenses/LICENSE-zrender"
cp node_modules/tslib/LICENSE.txt "$here/licenses/LICENSE-tslib"
cp node_modules/echarts/licenses/LICENSE-d3 "$here/licenses/" # util/number embeds d3 code
zr=$(node -p "require('./node_modules/zrender/package.json').version")
tl=$(node -p "require('./node_modules/tslib/package.json').version")
es=$(node -p "require('./node_modules/esbuild/package.json').version")
printf 'echarts %s (custom bundle: line, bar, scatter, heatmap; grid, legend, tooltip, title, markLine, piecewise visualMap; SVG and canvas renderers)\nzrender %s, tslib %s, bundled with esbuild %s\nsha256 %s  echarts.min.js\n' \
  "$version" "$zr" "$tl" "$es" "$(sha256sum "$here/echarts.min.js" | cut -d' ' -f1)" >"$here/VERSION"
cat "$here/VERSION"
