export * from './envelope';
export * from './contribution';
