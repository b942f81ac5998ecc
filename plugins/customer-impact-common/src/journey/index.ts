// Filled in by the journey facet.
export {};
