export * from './matrix';
export * from './dataset';
