/** Policy facts: the one place guard, diff, what-if and CLI learn what a Conditional Access policy does. */
export * from "./applicability";
export * from "./applications";
export * from "./capability";
export * from "./deviceFilter";
export * from "./deviceFilterChange";
export * from "./grant";
export * from "./graphShape";
export * from "./locations";
export * from "./namedLocationChanges";
export * from "./normalise";
export * from "./policyFacts";
export * from "./signIn";
export * from "./vocabulary";
export * from "./securityDefaults";
