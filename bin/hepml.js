#!/usr/bin/env node
'use strict';
// The `hepml` command. The CLI is TypeScript run through tsx, so it needs no build step.
require('tsx/cjs');
require('../harness/cli/main.ts')
  .main(process.argv.slice(2))
  .then((code) => { process.exitCode = code; })
  .catch((err) => {
    process.stderr.write(`hepml: ${err && err.message ? err.message : String(err)}\n`);
    process.exitCode = 1;
  });
