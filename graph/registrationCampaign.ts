import { checkAnswer } from "./answers";
import { AUTHENTICATION_METHODS_POLICY_ANSWER } from "./answerSchemas";
import type { GraphClient } from "./client";

export const AUTHENTICATION_METHODS_POLICY_PATH = "/beta/policies/authenticationMethodsPolicy";

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

/** Sets the registration campaign (PATCH; Policy.ReadWrite.AuthenticationMethod). */
export async function writeRegistrationCampaign(client: GraphClient, campaign: RegistrationCampaign): Promise<void> {
  await client.patch(AUTHENTICATION_METHODS_POLICY_PATH, campaignBody(campaign), "Policy.ReadWrite.AuthenticationMethod");
}

/** The campaign's state as the tenant has it (GET; Policy.Read.All). */
export async function readRegistrationCampaignState(client: GraphClient): Promise<string | undefined> {
  const answer = await client.get<unknown>(AUTHENTICATION_METHODS_POLICY_PATH, "Policy.Read.All");
  const policy = checkAnswer<{ registrationEnforcement?: { authenticationMethodsRegistrationCampaign?: { state?: string | null } | null } | null }>(
    answer,
    AUTHENTICATION_METHODS_POLICY_ANSWER,
    `GET ${client.endpoint}${AUTHENTICATION_METHODS_POLICY_PATH}`,
  );
  return policy.registrationEnforcement?.authenticationMethodsRegistrationCampaign?.state ?? undefined;
}
