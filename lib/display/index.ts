export { show, markdown, html, toMimeBundle, type Displayable } from './show';
export { progress, renderBar, type Progress, type ProgressOptions } from './progress';
export { inKernel, type MimeBundle } from './kernel';
