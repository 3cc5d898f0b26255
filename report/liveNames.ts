import { GraphRequestError } from "../graph/errors";
import type { GraphClient } from "../graph/client";
import { GRAPH_ENDPOINTS, pathOf } from "../graph/endpointTable";
import type { DirectoryNames, NameKind } from "./names";

/** Ids per kind to name: object ids of users and groups, role template ids, application ids. */
export type IdsToName = { readonly [K in NameKind]: readonly string[] };

/** `directoryObjects/getByIds` takes at most 1,000 ids a request. */
const BY_IDS_CHUNK = 1000;
/** Graph's `$filter=appId in (…)` takes at most 15 values. */
const APP_ID_CHUNK = 15;

const { directoryObjectsByIds: BY_IDS, roleDefinitions: ROLES, servicePrincipals: APPS } = GRAPH_ENDPOINTS;

const chunks = <T>(items: readonly T[], size: number): T[][] =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, i * size + size));
const quoted = (id: string) => `'${id.replace(/'/g, "''")}'`;

/** An answer's items that carry a string id and display name; anything else in the answer is left out (the id is shown instead). */
function named(value: unknown, idKey: string, odataType?: string): [string, string][] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((item) =>
    item &&
    typeof item === "object" &&
    typeof item[idKey] === "string" &&
    typeof item.displayName === "string" &&
    (odataType === undefined || item["@odata.type"] === odataType)
      ? [[String(item[idKey]).toLowerCase(), item.displayName] as [string, string]]
      : [],
  );
}

/**
 * Display names of the ids the policies name, read from the tenant where its permissions allow: users and groups
 * (`POST /directoryObjects/getByIds`, Directory.Read.All), roles (`roleDefinitions`, RoleManagement.Read.Directory),
 * apps (`servicePrincipals` by appId, Application.Read.All). A refused or failed read costs only its names: the
 * report shows well-known names or ids there, and `notes` says which and why. Nothing here is ever written.
 */
export async function readDirectoryNames(client: GraphClient, ids: IdsToName): Promise<{ names: DirectoryNames; notes: string[] }> {
  const notes: string[] = [];
  const attempt = async <T>(what: string, read: () => Promise<T[]>): Promise<T[]> => {
    try {
      return await read();
    } catch (err) {
      if (!(err instanceof GraphRequestError)) throw err;
      notes.push(`${what} not read from the tenant (${err.status === 403 ? "permission refused" : `HTTP ${err.status || "no answer"}`}): ${err.message}`);
      return [];
    }
  };
  const objectIds = [...ids.users, ...ids.groups];
  const [objects, roles, apps] = await Promise.all([
    objectIds.length === 0
      ? []
      : attempt("names of users and groups", async () => {
          const pages = await Promise.all(
            chunks(objectIds, BY_IDS_CHUNK).map((chunk) =>
              client.post<{ value?: unknown }>(pathOf(BY_IDS), { ids: chunk, types: ["user", "group"] }, BY_IDS.permission),
            ),
          );
          return pages.map((p) => p?.value);
        }),
    ids.roles.length === 0
      ? []
      : attempt("names of roles", async () =>
          named(await client.getAll(pathOf(ROLES, { query: "$select=id,templateId,displayName" }), ROLES.permission), "templateId"),
        ),
    ids.apps.length === 0
      ? []
      : attempt("names of apps", async () => {
          const pages = await Promise.all(
            chunks(ids.apps, APP_ID_CHUNK).map((chunk) =>
              client.getAll(pathOf(APPS, { query: `$filter=appId in (${chunk.map(quoted).join(",")})&$select=appId,displayName` }), APPS.permission),
            ),
          );
          return pages.flatMap((p) => named(p, "appId"));
        }),
  ]);
  return {
    names: {
      users: new Map(objects.flatMap((page) => named(page, "id", "#microsoft.graph.user"))),
      groups: new Map(objects.flatMap((page) => named(page, "id", "#microsoft.graph.group"))),
      roles: new Map(roles),
      apps: new Map(apps),
    },
    notes,
  };
}
