export * from './envelope';
export * from './contribution';
export * from './push';
