#!/usr/bin/env bash
# Re-vendor the site's browser scripts from the npm registry (see README.md in this folder).
#   bash book/_widgets/refresh.sh            # the versions below
#   HTML_MANAGER=1.0.16 bash book/_widgets/refresh.sh
# Then: rm -rf _build/html && make book && make test-site, and look at the screenshots.
set -euo pipefail

HTML_MANAGER="${HTML_MANAGER:-1.0.15}"   # @jupyter-widgets/html-manager 1.x <-> ipywidgets 8.1.x
REQUIREJS="${REQUIREJS:-2.3.8}"
MATHJAX="${MATHJAX:-3.2.2}"

here="$(cd "$(dirname "$0")" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

cd "$work"
npm init -y >/dev/null
npm install --no-audit --no-fund --ignore-scripts \
  "@jupyter-widgets/html-manager@${HTML_MANAGER}" "requirejs@${REQUIREJS}" "mathjax@${MATHJAX}" \
  >/dev/null
nm="$work/node_modules"

# ipywidgets HTML manager: the self-contained AMD bundle and the Font Awesome fonts it loads
# next to itself. setup.js, LICENSE and LICENSE-font-awesome.txt are kept.
find "$here/html-manager" -maxdepth 1 -type f \
  \( -name '*.woff2' -o -name '*.woff' -o -name '*.ttf' -o -name '*.eot' -o -name '*.svg' \
     -o -name 'embed-amd.js' \) -delete
cp "$nm/@jupyter-widgets/html-manager/dist/embed-amd.js" "$here/html-manager/"
cp "$nm"/@jupyter-widgets/html-manager/dist/*.{woff2,woff,ttf,eot,svg} "$here/html-manager/"
cp "$nm/@jupyter-widgets/html-manager/dist/embed.js.LICENSE.txt" \
  "$here/html-manager/THIRD-PARTY-LICENSES.txt"
cp "$nm/@fortawesome/fontawesome-free/LICENSE.txt" "$here/html-manager/LICENSE-font-awesome.txt"

# require.js (its MIT licence is in the file header and in requirejs/LICENSE)
cp "$nm/requirejs/require.js" "$here/requirejs/require.js"

# MathJax 3: the tex-chtml component, the fonts and the pieces it loads on demand
# (TeX extensions via autoload, the context menu, assistive MathML). Not the speech engine.
rm -rf "$here/mathjax"
mkdir -p "$here/mathjax/input/tex" "$here/mathjax/output/chtml/fonts"
es5="$nm/mathjax/es5"
cp "$es5/tex-chtml.js" "$nm/mathjax/LICENSE" "$here/mathjax/"
cp -r "$es5/input/tex/extensions" "$here/mathjax/input/tex/"
cp -r "$es5/output/chtml/fonts/woff-v2" "$here/mathjax/output/chtml/fonts/"
cp -r "$es5/ui" "$es5/a11y" "$here/mathjax/"

echo "Vendored html-manager ${HTML_MANAGER}, requirejs ${REQUIREJS}, mathjax ${MATHJAX} into $here"
echo "Update the versions in $here/README.md."
