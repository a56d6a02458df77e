/** Autograding notebooks through the kernel, sharding and merging, and the students' validate. */
export * from './autograde';
export * from './submission';
export * from './restore';
export * from './report';
export * from './merge';
export * from './validate';
export * from './write-set';
export { feedbackHtml } from './feedback-html';
