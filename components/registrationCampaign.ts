import * as pulumi from "@pulumi/pulumi";
import type { Cloud } from "../config/types";
import { graphClientFromEnvironment } from "../graph/fromEnvironment";
import { readRegistrationCampaignState, writeRegistrationCampaign } from "../graph/registrationCampaign";

export interface RegistrationCampaignArgs {
  /** Break-glass users, never prompted. */
  readonly excludeUsers: readonly string[];
  /** Break-glass groups, never prompted. */
  readonly excludeGroups: readonly string[];
  /**
   * Days a user may postpone registering.
   * @default 1
   */
  readonly snoozeDurationInDays?: number;
  /**
   * The tenant's cloud.
   * @default "global"
   */
  readonly cloud?: Cloud;
}

interface Inputs {
  readonly excludeUsers: string[];
  readonly excludeGroups: string[];
  readonly snoozeDurationInDays: number;
  readonly cloud?: Cloud;
}

const provider: pulumi.dynamic.ResourceProvider = {
  async create(inputs: Inputs) {
    await writeRegistrationCampaign(graphClientFromEnvironment(inputs.cloud), { state: "enabled", ...inputs });
    return { id: "authenticationMethodsRegistrationCampaign", outs: { ...inputs, state: "enabled" } };
  },
  async update(_id: string, _olds: Inputs, news: Inputs) {
    await writeRegistrationCampaign(graphClientFromEnvironment(news.cloud), { state: "enabled", ...news });
    return { outs: { ...news, state: "enabled" } };
  },
  async read(id: string, props: Inputs & { state?: string }) {
    const state = await readRegistrationCampaignState(graphClientFromEnvironment(props?.cloud));
    return { id, props: { ...props, state } };
  },
  // Removing the resource leaves the campaign as it is; turn it off in the portal if wanted.
  async delete() {},
};

/**
 * The authentication methods registration campaign: users are prompted to register the
 * Microsoft Authenticator app at sign-in, break-glass accounts excluded.
 */
export class RegistrationCampaign extends pulumi.dynamic.Resource {
  declare readonly state: pulumi.Output<string>;

  constructor(name: string, args: RegistrationCampaignArgs, opts?: pulumi.CustomResourceOptions) {
    super(provider, name, { excludeUsers: args.excludeUsers, excludeGroups: args.excludeGroups, snoozeDurationInDays: args.snoozeDurationInDays ?? 1, cloud: args.cloud, state: undefined }, opts, "entra-baseline", "RegistrationCampaign");
  }
}
