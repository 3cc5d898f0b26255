import { getAuthenticationMethodsPolicy } from "./authenticationMethods";
import type { GraphClient } from "./client";
import { GRAPH_ENDPOINTS, pathOf } from "./endpointTable";

export interface RegistrationCampaign {
  readonly state: "enabled" | "disabled" | "default";
  /** Days a user may postpone registering. */
  readonly snoozeDurationInDays: number;
  /** Break-glass users and groups, who are never prompted. */
  readonly excludeUsers: readonly string[];
  readonly excludeGroups: readonly string[];
}

/** The campaign body Graph takes: everyone prompted to register the Authenticator app, the exclusions kept out. */
export function campaignBody(campaign: RegistrationCampaign) {
  return {
    registrationEnforcement: {
      authenticationMethodsRegistrationCampaign: {
        state: campaign.state,
        snoozeDurationInDays: campaign.snoozeDurationInDays,
        includeTargets: [{ id: "all_users", targetType: "group", targetedAuthenticationMethod: "microsoftAuthenticator" }],
        excludeTargets: [
          ...campaign.excludeUsers.map((id) => ({ id, targetType: "user" })),
          ...campaign.excludeGroups.map((id) => ({ id, targetType: "group" })),
        ],
      },
    },
  };
}

/** Sets the registration campaign (PATCH the authentication methods policy; Policy.ReadWrite.AuthenticationMethod). */
export async function writeRegistrationCampaign(client: GraphClient, campaign: RegistrationCampaign): Promise<void> {
  const write = GRAPH_ENDPOINTS.writeAuthenticationMethodsPolicy;
  await client.patch(pathOf(write), campaignBody(campaign), write.permission);
}

/** The campaign's state as the tenant has it (GET the authentication methods policy; Policy.Read.AuthenticationMethod). */
export async function readRegistrationCampaignState(client: GraphClient): Promise<string | undefined> {
  const policy = (await getAuthenticationMethodsPolicy(client)) as {
    registrationEnforcement?: { authenticationMethodsRegistrationCampaign?: { state?: string | null } | null } | null;
  };
  return policy.registrationEnforcement?.authenticationMethodsRegistrationCampaign?.state ?? undefined;
}
