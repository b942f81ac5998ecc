export * from './types';
export * from './tasks';
export * from './summary';
