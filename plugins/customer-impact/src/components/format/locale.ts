/** The reader's locale, for every number and date the plugin shows. */
export function locale(): string {
  return (typeof navigator !== 'undefined' && navigator.language) || 'en-US';
}
