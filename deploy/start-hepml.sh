#!/usr/bin/env bash
# Runs before the single-user server starts: give each student their own copy of the course notebooks,
# next to a node_modules link so `import ... from "hepml-course"` resolves from their folder.
set -eu
dest="${HOME}/hepml-course"
if [ ! -d "$dest" ]; then
  mkdir -p "$dest"
  cp -r "${HEPML_COURSE}/notebooks" "$dest/notebooks"
  ln -s "${HEPML_COURSE}/node_modules" "$dest/node_modules"
fi
