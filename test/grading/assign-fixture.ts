/** The tiny assignment notebook the grading tests share (made from its percent source homework.ts). */
import * as path from 'node:path';
import { PROJECT_ROOT } from '../../harness/kernel/kernelspec';

export const HOMEWORK = path.join(PROJECT_ROOT, 'test', 'fixtures', 'assign', 'homework.ipynb');
