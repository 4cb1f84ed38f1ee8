#!/usr/bin/env bash
# KaTeX for the docs site: npm's package, unpacked once into a cache, copied into the site by tools/build_docs.py.
# The site then renders its math offline (no CDN). Usage: tools/katex.sh DEST (DEST/katex.min.js ... afterwards)
set -euo pipefail
VERSION=0.16.47
cache="${FASTTSC_KATEX_CACHE:-$HOME/.cache/fasttsc/katex-$VERSION}"
if [ ! -f "$cache/katex.min.js" ]; then
  tmp=$(mktemp -d)
  (cd "$tmp" && npm pack "katex@$VERSION" --silent >/dev/null && tar xzf "katex-$VERSION.tgz")
  mkdir -p "$cache"
  cp -r "$tmp/package/dist/katex.min.js" "$tmp/package/dist/katex.min.css" "$tmp/package/dist/fonts" "$cache/"
  cp "$tmp/package/dist/contrib/auto-render.min.js" "$cache/"
  rm -rf "$tmp"
fi
mkdir -p "$1" && cp -r "$cache/." "$1/"
