/** Assignments in nbgrader's format: cell metadata, solution and hidden-test regions, the release. */
export * from './metadata';
export * from './regions';
export * from './assign';
