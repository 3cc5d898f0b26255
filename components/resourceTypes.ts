/**
 * The Pulumi type tokens of what the component declares, for the readers of plans and previews.
 * Plain constants (no Pulumi import), so the diff can use them without loading Pulumi.
 */

/** The azuread provider's Conditional Access policy. */
export const CONDITIONAL_ACCESS_POLICY_TYPE = "azuread:index/conditionalAccessPolicy:ConditionalAccessPolicy";
/** This project's Security Defaults dynamic resource (module `entra-baseline`, type `SecurityDefaults`). */
export const SECURITY_DEFAULTS_TYPE = "pulumi-nodejs:dynamic/entra-baseline:SecurityDefaults";
/** This project's authentication methods policy dynamic resource. */
export const AUTHENTICATION_METHODS_TYPE = "pulumi-nodejs:dynamic/entra-baseline:AuthenticationMethods";
/** The azuread provider's named location. */
export const NAMED_LOCATION_TYPE = "azuread:index/namedLocation:NamedLocation";
/** This project's Graph-backed Conditional Access policy (the policies the azuread provider cannot express). */
export const GRAPH_CONDITIONAL_ACCESS_POLICY_TYPE = "pulumi-nodejs:dynamic/entra-baseline:ConditionalAccessPolicy";
