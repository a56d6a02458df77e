/** Loaded first by test/browser/.mocharc.json: turns the browser test on (it is off under `npm test`). */
process.env.HEPML_BROWSER_TEST = '1';
