export * from './types';
export * from './tasks';
export * from './summary';
export * from './SummaryScope';
