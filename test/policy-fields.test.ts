import { expect } from "chai";
import GRAPH_POLICY_SCHEMA from "../config/graph/conditionalAccessPolicy.v1.schema.json";
import { BETA_ONLY, GRAPH_ENUMS, GraphEnum, POLICY_FIELDS, PolicyField } from "../config/graph/policyFields";
import { providerGaps, readPolicyFields, statedPolicy, undeclaredParts } from "../config/graph/policyShape";
import { customPolicyInputs } from "../components/customPolicyInputs";
import { providerInputProblems } from "../components/providerValidation";
import { computeDrift } from "../live/drift";
import { normalizeTenantPolicy } from "../live/tenant";
import { fromProviderInputs } from "../components/providerArgs";
import { graphGetAnswer } from "./support/providerModel";

type Schema = Record<string, any>;
const DEFS: Record<string, Schema> = GRAPH_POLICY_SCHEMA.$defs as never;

/** A schema node with `$ref` and `anyOf [x, null]` resolved. */
function resolve(node: Schema): Schema {
  if (node.$ref) return resolve(DEFS[String(node.$ref).replace("#/$defs/", "")]);
  if (Array.isArray(node.anyOf)) {
    const nonNull = node.anyOf.filter((n: Schema) => n.type !== "null");
    if (nonNull.length === 1) return resolve(nonNull[0]);
    // An abstract type (externalTenants): the union of its derived types' properties.
    return { type: "object", properties: Object.assign({}, ...nonNull.map((n: Schema) => resolve(n).properties)) };
  }
  return node;
}

/** The schema of a property at a Graph path of conditionalAccessPolicy. */
function schemaAt(path: string): Schema | undefined {
  let node: Schema | undefined = resolve({ $ref: "#/$defs/conditionalAccessPolicy__exact" });
  for (const key of path.split(".")) node = node?.properties?.[key] ? resolve(node.properties[key]) : undefined;
  return node;
}

/** The `$defs` name an enum-typed property refers to (directly, through anyOf null, or as a list's items). */
function enumDefOf(path: string): string | undefined {
  let node: Schema = resolve({ $ref: "#/$defs/conditionalAccessPolicy__exact" });
  const keys = path.split(".");
  for (const key of keys.slice(0, -1)) node = resolve(node.properties[key]);
  let prop: Schema = node.properties[keys[keys.length - 1]];
  if (Array.isArray(prop.anyOf)) prop = prop.anyOf.find((n: Schema) => n.type !== "null");
  if (prop.type === "array") prop = prop.items;
  return prop.$ref ? String(prop.$ref).replace("#/$defs/", "") : undefined;
}

/** An enum's members as the vendored schema lists them: `enum`, or a flags enum's pattern. */
function schemaMembers(name: string): string[] {
  const def = DEFS[name];
  if (Array.isArray(def.enum)) return def.enum;
  return (/^\^\(([^)]*)\)/.exec(def.pattern)?.[1] ?? "").split("|");
}

/** Every leaf property path of a schema object below `prefix`, nested complex types walked. */
function leafPaths(prefix: string, node: Schema, depth = 0): string[] {
  if (node.type !== "object" || !node.properties || depth > 3) return [prefix];
  return Object.entries(node.properties).flatMap(([key, child]) => leafPaths(`${prefix}.${key}`, resolve(child as Schema), depth + 1));
}

describe("the declaration of a Conditional Access policy's fields (config/graph/policyFields.ts)", () => {
  it("keeps every Graph enum equal to the vendored v1.0 schema, evolvable members after unknownFutureValue included", () => {
    for (const [name, members] of Object.entries(GRAPH_ENUMS)) expect([...members], name).to.deep.equal(schemaMembers(name));
    expect(GRAPH_ENUMS.conditionalAccessDevicePlatform.slice(-2)).to.deep.equal(["unknownFutureValue", "linux"]);
  });

  it("names only paths Graph v1.0 defines, each with the enum its schema refers to", () => {
    for (const f of POLICY_FIELDS) {
      expect(schemaAt(f.path), f.path).to.not.equal(undefined);
      const def = enumDefOf(f.path);
      const expected: Partial<Record<PolicyField["kind"], GraphEnum | undefined>> = { values: def as GraphEnum, flags: def as GraphEnum };
      if (f.kind in expected) expect(f.graphEnum, f.path).to.equal(expected[f.kind]);
      if (f.kind === "switched") expect(f.graphEnum, f.path).to.equal(enumDefOf(`${f.path}.${f.setting}`));
      if (f.kind === "filter") expect(enumDefOf(`${f.path}.mode`), f.path).to.equal("filterMode");
    }
  });

  it("declares every field of v1.0 conditions, grant and session controls, or refuses it by name as beta-only", () => {
    const declared = POLICY_FIELDS.map((f) => f.path);
    const covered = (leaf: string) =>
      declared.some((p) => leaf === p || leaf.startsWith(`${p}.`)) || BETA_ONLY.some((b) => !b.values && leaf.startsWith(b.path));
    for (const top of ["conditions", "grantControls", "sessionControls"]) {
      for (const leaf of leafPaths(top, schemaAt(top)!)) expect(covered(leaf), leaf).to.equal(true);
    }
    expect(POLICY_FIELDS.length).to.equal(new Set(declared).size);
  });

  it("reads annotations at any depth as no content, and Graph's nulls, empty lists and switched-off controls as nothing", () => {
    const graph = {
      "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#identity/conditionalAccess/policies/$entity",
      conditions: {
        "@odata.type": "#microsoft.graph.conditionalAccessConditionSet",
        users: { includeUsers: ["All"], excludeUsers: [], includeGuestsOrExternalUsers: null, excludeGuestsOrExternalUsers: null },
        applications: { includeApplications: ["All"], applicationFilter: null, includeAuthenticationContextClassReferences: [] },
        clientApplications: null,
        clientAppTypes: [],
        platforms: null,
        devices: { deviceFilter: null },
        authenticationFlows: { transferMethods: "none" },
        insiderRiskLevels: null,
      },
      grantControls: {
        operator: "OR",
        builtInControls: ["mfa"],
        "authenticationStrength@odata.context": "https://graph.microsoft.com/v1.0/$metadata#x",
        authenticationStrength: null,
        termsOfUse: [],
      },
      sessionControls: { persistentBrowser: { isEnabled: false, mode: "always" }, disableResilienceDefaults: false, signInFrequency: null },
    };
    expect(undeclaredParts(graph)).to.deep.equal([]);
    expect(readPolicyFields(graph)).to.deep.equal({
      conditions: { users: { includeUsers: ["All"] }, applications: { includeApplications: ["All"] } },
      grantControls: { operator: "OR", builtInControls: ["mfa"] },
    });
  });

  it("keeps the operator only beside a control: a session-only policy with grantControls null has none", () => {
    const sessionOnly = { conditions: {}, grantControls: null, sessionControls: { applicationEnforcedRestrictions: { isEnabled: true } } };
    expect(readPolicyFields(sessionOnly)).to.deep.equal({ sessionControls: { applicationEnforcedRestrictions: { isEnabled: true } } });
    expect(readPolicyFields({ ...sessionOnly, grantControls: { operator: "AND", builtInControls: [] } })).to.deep.equal(readPolicyFields(sessionOnly));
  });

  it("names what the azuread provider cannot express: authentication contexts, application filters, riskRemediation, several insider levels", () => {
    const graph = {
      conditions: {
        applications: {
          includeAuthenticationContextClassReferences: ["c1"],
          applicationFilter: { mode: "include", rule: 'CustomSecurityAttribute.x -eq "y"' },
        },
        insiderRiskLevels: "moderate,elevated",
      },
      grantControls: { operator: "OR", builtInControls: ["riskRemediation"] },
    };
    expect(providerGaps(graph).map((g) => g.path)).to.deep.equal([
      "conditions.applications.includeAuthenticationContextClassReferences",
      "conditions.applications.applicationFilter",
      "conditions.insiderRiskLevels",
      "grantControls.builtInControls",
    ]);
    expect(providerGaps({ conditions: { insiderRiskLevels: "elevated", platforms: { includePlatforms: ["linux"] } } })).to.deep.equal([]);
  });

  it("writes clientAppTypes: [] as it is, and the provider's check takes it", () => {
    const workload = graphGetAnswer({
      displayName: "Block risky workload identities",
      state: "enabled",
      conditions: {
        users: { includeUsers: ["None"] },
        applications: { includeApplications: ["All"] },
        clientApplications: { includeServicePrincipals: ["ServicePrincipalsInMyTenant"] },
        clientAppTypes: [],
        servicePrincipalRiskLevels: ["high", "medium"],
      },
      grantControls: { operator: "OR", builtInControls: ["block"] },
    });
    const stated = statedPolicy(workload);
    expect(stated.conditions.clientAppTypes).to.deep.equal([]);
    const inputs = customPolicyInputs(stated, {});
    expect(inputs.conditions.clientAppTypes).to.deep.equal([]);
    expect(providerInputProblems(JSON.parse(JSON.stringify(inputs)))).to.deep.equal([]);
  });

  it("finds no drift on a session-only policy Graph answers with grantControls: null", () => {
    const sessionOnly = graphGetAnswer({
      displayName: "No persistent browser on unmanaged devices",
      state: "enabled",
      conditions: { users: { includeUsers: ["All"] }, applications: { includeApplications: ["All"] }, clientAppTypes: ["browser"] },
      sessionControls: { persistentBrowser: { isEnabled: true, mode: "never" } },
    });
    expect(sessionOnly.grantControls).to.equal(null);
    const declared = fromProviderInputs(JSON.parse(JSON.stringify(customPolicyInputs(statedPolicy(sessionOnly), {}))));
    const tenantPolicy = { ...normalizeTenantPolicy(sessionOnly), graph: sessionOnly };
    const report = computeDrift(
      { securityDefaults: { isEnabled: false }, policies: [tenantPolicy], skus: [] },
      { securityDefaults: { isEnabled: false }, conditionalAccessPolicies: [declared] },
    );
    expect(report.policies.map((p) => p.status)).to.deep.equal(["unchanged"]);
  });
});
