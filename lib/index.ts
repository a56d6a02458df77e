/**
 * hepml-course: the shared library behind the course notebooks.
 *
 * Notebooks import it as `import * as hep from "hepml-course"` (or named imports).
 */
export * from './errors';
export * from './display';
export * from './data';
