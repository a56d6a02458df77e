/**
 * hepml-course: the shared library behind the course notebooks.
 *
 * Notebooks import it as `import * as hep from "hepml-course"` (or named imports).
 * Folder index files re-export their modules; exported names are unique across folders.
 */
export * from './errors';
export * from './display';
export * from './data';
export * from './physics';
export * from './preprocess';
export * from './metrics';
export * from './stats';
export * from './trees';
export * from './backend';
export * from './models';
export * from './plots';
export * from './record';
export * from './submission';
