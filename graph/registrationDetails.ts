import { canonicalId } from "../config/objectIds";
import { checkAnswer } from "./answers";
import { BatchOptions, readCollectionsBatched } from "./batch";
import type { GraphClient } from "./client";
import { GRAPH_ENDPOINTS, pathOf } from "./endpointTable";
import { GraphRequestError } from "./errors";
import type { OnProgress } from "../text/progress";

export const REGISTRATION_DETAILS_PATH = pathOf(GRAPH_ENDPOINTS.registrationDetails);
/** Graph's 403 code when the tenant has no Entra ID P1/P2. */
export const NON_PREMIUM_TENANT = "Authentication_RequestFromNonPremiumTenantOrB2CTenant";

/** One user's registration state, the fields the Step 1 report reads (Graph's userRegistrationDetails). */
export interface UserRegistration {
  readonly id: string;
  readonly userType?: "member" | "guest" | null;
  readonly isAdmin?: boolean | null;
  readonly isMfaRegistered?: boolean | null;
  readonly isMfaCapable?: boolean | null;
  readonly isSsprEnabled?: boolean | null;
  readonly isSsprRegistered?: boolean | null;
  readonly isSsprCapable?: boolean | null;
  readonly methodsRegistered?: readonly string[] | null;
}

const FIELDS = "id,userType,isAdmin,isMfaRegistered,isMfaCapable,isSsprEnabled,isSsprRegistered,isSsprCapable,methodsRegistered";

/**
 * Every user's registration details, one page (up to 999) at a time, user ids lower-cased at this edge like every Graph reader's.
 * `onProgress` hears the users read so far, with no total: Graph gives no count for this report.
 */
export async function* registrationDetailPages(client: GraphClient, onProgress?: OnProgress): AsyncGenerator<UserRegistration[]> {
  const details = GRAPH_ENDPOINTS.registrationDetails;
  const pages = client.pages<UserRegistration>(pathOf(details, { query: `$select=${FIELDS}&$top=999` }), details.permission, details.answer);
  let done = 0;
  for await (const page of pages) {
    done += page.length;
    onProgress?.(done);
    yield page.map((user) => ({ ...user, id: canonicalId(user.id) }));
  }
}

/** Whether Graph refused the report because the tenant has no Entra ID P1/P2 (not a missing permission). */
export const isLicenceRefusal = (err: unknown) => err instanceof GraphRequestError && err.status === 403 && err.code === NON_PREMIUM_TENANT;

/** `authorizationPolicy.allowedToUseSSPR`: whether administrators may use SSPR (it does not cover users). */
export async function readAdminSspr(client: GraphClient): Promise<boolean | undefined> {
  const read = GRAPH_ENDPOINTS.authorizationPolicy;
  const answer = await client.get<unknown>(pathOf(read), read.permission);
  const policy = checkAnswer<{ allowedToUseSSPR?: boolean | null }>(answer, read.answer, `GET ${client.endpoint}${pathOf(read)}`);
  return typeof policy.allowedToUseSSPR === "boolean" ? policy.allowedToUseSSPR : undefined;
}

/** Members (users, transitively) of each group, ids only, read through `$batch`; a group that no longer exists has none. */
export async function groupMemberIds(client: GraphClient, groupIds: readonly string[], options?: BatchOptions): Promise<Map<string, string[]>> {
  const read = GRAPH_ENDPOINTS.groupMembers;
  const members = await readCollectionsBatched<{ id: string }>(
    client,
    read.version,
    groupIds.map((id) => ({ id, url: pathOf(read, { id, query: "$select=id&$top=999", relative: true }) })),
    read.permission,
    read.answer,
    { ...options, missing: [] },
  );
  return new Map([...members].map(([group, users]) => [group, users.map((m) => canonicalId(m.id))]));
}

/** Principals holding each directory role (active assignments, by role template id), read through `$batch`. */
export async function rolePrincipalIds(client: GraphClient, roleTemplateIds: readonly string[], options?: BatchOptions): Promise<Map<string, string[]>> {
  const read = GRAPH_ENDPOINTS.roleAssignments;
  const assignments = await readCollectionsBatched<{ principalId: string }>(
    client,
    read.version,
    roleTemplateIds.map((id) => ({ id, url: pathOf(read, { query: `$filter=roleDefinitionId eq '${id}'&$select=principalId`, relative: true }) })),
    read.permission,
    read.answer,
    options,
  );
  return new Map([...assignments].map(([role, held]) => [role, held.map((a) => canonicalId(a.principalId))]));
}
