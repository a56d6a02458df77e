/**
 * Lists the declaration files a tslab kernel reads for a cell importing `hepml-course` (what the startup
 * snapshot parses ahead: harness/kernel/snapshot.ts). Run with the folder of an autograde working copy as
 * the current directory; it drives tslab's own converter, so the list follows tslab's compiler options,
 * type roots and module resolution as they are. Env: HEPML_SNAPSHOT_CONVERTER (tslab/dist/converter.js),
 * HEPML_SNAPSHOT_LIST (the JSON list written).
 */
'use strict';
const fs = require('node:fs');
const seen = new Set();
const readFileSync = fs.readFileSync;
fs.readFileSync = function (file, ...rest) {
  const data = readFileSync.call(this, file, ...rest);
  if (typeof file === 'string' && /\.d\.[cm]?ts$/.test(file)) seen.add(file);
  return data;
};
const { createConverter } = require(process.env.HEPML_SNAPSHOT_CONVERTER);
const converter = createConverter({ isJS: false, isBrowser: false });
const out = converter.convert('', "import * as hepml from 'hepml-course';\n");
fs.readFileSync = readFileSync;
converter.close();
if (out.diagnostics && out.diagnostics.length) {
  process.stderr.write(`a cell importing hepml-course does not compile: ${out.diagnostics.map((d) => d.messageText).join('; ')}\n`);
  process.exit(1);
}
fs.writeFileSync(process.env.HEPML_SNAPSHOT_LIST, JSON.stringify([...seen]));
