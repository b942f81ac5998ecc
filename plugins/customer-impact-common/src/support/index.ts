// Filled in by the support facet.
export {};
