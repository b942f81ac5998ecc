// Filled in by the slo facet.
export {};
