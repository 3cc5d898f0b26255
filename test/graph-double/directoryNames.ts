import { Answer, graphError, GraphDouble, graphOk } from "./server";

const denied = (): Answer => graphError(403, "Authorization_RequestDenied", "Insufficient privileges to complete the operation.");

/**
 * Display names, as Graph answers them: `POST /v1.0/directoryObjects/getByIds` (users and groups, Directory.Read.All),
 * `GET /v1.0/roleManagement/directory/roleDefinitions` (RoleManagement.Read.Directory) and `GET /v1.0/servicePrincipals`
 * filtered by `appId in (…)` (Application.Read.All). Ids the tenant does not hold are left out of the answer, as Graph does.
 */
export function directoryNameRoutes(double: GraphDouble, method: string, url: URL, body: string): Answer | undefined {
  const t = double.tenant;
  if (url.pathname === "/v1.0/directoryObjects/getByIds" && method === "POST") {
    if (!t.permissions.has("Directory.Read.All")) return denied();
    const request = JSON.parse(body) as { ids?: string[]; types?: string[] };
    if (!Array.isArray(request.ids) || request.ids.length > 1000) return graphError(400, "Request_BadRequest", "Invalid value specified for property 'ids'.");
    const types = new Set((request.types ?? ["user", "group"]).map((type) => `#microsoft.graph.${type}`));
    const value = request.ids.flatMap((id) => {
      const object = t.directoryObjects.get(id);
      return object && types.has(object["@odata.type"]) ? [{ ...object, description: null, mail: null }] : [];
    });
    return graphOk("directoryObjects", { value });
  }
  if (url.pathname === "/v1.0/roleManagement/directory/roleDefinitions" && method === "GET") {
    if (!t.permissions.has("RoleManagement.Read.Directory")) return denied();
    const value = [...t.roleDefinitions].map(([templateId, displayName]) => ({ id: templateId, templateId, displayName }));
    return graphOk("roleManagement/directory/roleDefinitions(id,templateId,displayName)", { value });
  }
  if (url.pathname === "/v1.0/servicePrincipals" && method === "GET") {
    if (!t.permissions.has("Application.Read.All")) return denied();
    const asked = /^appId in \((.*)\)$/.exec(url.searchParams.get("$filter") ?? "")?.[1];
    if (asked === undefined) return graphError(400, "BadRequest", "Invalid filter clause");
    const appIds = asked.split(",").map((q) => q.trim().replace(/^'|'$/g, ""));
    if (appIds.length > 15)
      return graphError(400, "BadRequest", "Too many child clauses specified in search filter expression containing 'OR' operators: 16. Max allowed: 15.");
    const value = [...t.servicePrincipals]
      .filter(([appId]) => appIds.includes(appId))
      .map(([appId, displayName]) => ({ id: `sp-${appId}`, appId, displayName }));
    return graphOk("servicePrincipals(appId,displayName)", { value });
  }
  return undefined;
}
