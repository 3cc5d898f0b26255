import * as pulumi from "@pulumi/pulumi";
import type { Cloud } from "../config/types";
import { graphClientFromEnvironment } from "../graph/fromEnvironment";
import { readRegistrationCampaignState, writeRegistrationCampaign } from "../graph/registrationCampaign";
import { asRecord, knownCloud, readWithoutStackTrace, requireWritable } from "./dynamicInputs";

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

/** The inputs as the campaign takes them, whatever was handed over (a corrupt state, junk keys), and failures for what is not. */
function campaignInputs(given: unknown): { inputs: Inputs; failures: { property: string; reason: string }[] } {
  const { excludeUsers, excludeGroups, snoozeDurationInDays, cloud } = asRecord(given);
  const guid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
  const isIds = (value: unknown): value is string[] => Array.isArray(value) && value.every((v) => typeof v === "string" && guid.test(v));
  const failures = [
    ...(isIds(excludeUsers) ? [] : [{ property: "excludeUsers", reason: "excludeUsers must be a list of object ids (GUIDs)" }]),
    ...(isIds(excludeGroups) ? [] : [{ property: "excludeGroups", reason: "excludeGroups must be a list of object ids (GUIDs)" }]),
    ...(Number.isInteger(snoozeDurationInDays)
      ? []
      : [{ property: "snoozeDurationInDays", reason: `snoozeDurationInDays must be a whole number, got ${JSON.stringify(snoozeDurationInDays)}` }]),
  ];
  const ids = (value: unknown) => (isIds(value) ? value.map((v) => v.toLowerCase()) : []);
  const known = knownCloud(cloud);
  return {
    inputs: {
      excludeUsers: ids(excludeUsers),
      excludeGroups: ids(excludeGroups),
      snoozeDurationInDays: snoozeDurationInDays as number,
      ...(known ? { cloud: known } : {}),
    },
    failures,
  };
}

/** The campaign to write, or an error before any request: never an unknown value, never break-glass lists that are not lists. */
function writable(given: unknown): Inputs {
  const { excludeUsers, excludeGroups, snoozeDurationInDays, cloud } = asRecord(given);
  const { inputs, failures } = campaignInputs(given);
  requireWritable("registration campaign", { excludeUsers, excludeGroups, snoozeDurationInDays, cloud }, failures);
  return inputs;
}

/** The provider: stateless code, credentials from the environment when it runs. */
export const registrationCampaignProvider: pulumi.dynamic.ResourceProvider = {
  async create(given: Inputs) {
    const inputs = writable(given);
    await writeRegistrationCampaign(graphClientFromEnvironment(inputs.cloud), { state: "enabled", ...inputs });
    return { id: "authenticationMethodsRegistrationCampaign", outs: { ...inputs, state: "enabled" } };
  },
  async update(_id: string, _olds: unknown, given: Inputs) {
    const news = writable(given);
    await writeRegistrationCampaign(graphClientFromEnvironment(news.cloud), { state: "enabled", ...news });
    return { outs: { ...news, state: "enabled" } };
  },
  // A clean re-read whatever the previous state held: the campaign's inputs as known keys only, and Graph's state.
  async read(id: string, props?: unknown) {
    return readWithoutStackTrace(async () => {
      const { inputs } = campaignInputs(props);
      const state = await readRegistrationCampaignState(graphClientFromEnvironment(inputs.cloud));
      return { id, props: { ...inputs, state } };
    });
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
    super(
      registrationCampaignProvider,
      name,
      {
        excludeUsers: args.excludeUsers,
        excludeGroups: args.excludeGroups,
        snoozeDurationInDays: args.snoozeDurationInDays ?? 1,
        cloud: args.cloud,
        state: undefined,
      },
      opts,
      "entra-baseline",
      "RegistrationCampaign",
    );
  }
}
