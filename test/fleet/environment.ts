import type { FleetDouble, FleetDoubleTenant } from "../graph-double/fleetDouble";

/** What every tenant shares: Graph, the authority and the CA to trust (no credential). */
export const sharedEnvironment = (double: FleetDouble, caFile: string): NodeJS.ProcessEnv => ({
  ENTRA_BASELINE_GRAPH_ENDPOINT: double.url,
  AZURE_AUTHORITY_HOST: double.url,
  ENTRA_BASELINE_GRAPH_CA_FILE: caFile,
});

/** A tenant's own variables under `prefix` (the `{ variables: PREFIX }` form). */
export const ownVariables = (prefix: string, tenant: FleetDoubleTenant): NodeJS.ProcessEnv => ({
  [`${prefix}_AZURE_TENANT_ID`]: tenant.tenantId,
  [`${prefix}_AZURE_CLIENT_ID`]: tenant.clientId,
  [`${prefix}_AZURE_CLIENT_SECRET`]: tenant.clientSecret,
});
