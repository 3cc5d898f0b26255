import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";
import { GRAPH_ENDPOINTS, GRAPH_PERMISSIONS, type GraphEndpoint, pathOf } from "../graph/endpointTable";
import { projectSources } from "./support/layers";

const ROOT = path.join(__dirname, "..");
const TABLE_FILE = "graph/endpointTable.ts";
const ENDPOINTS: [string, GraphEndpoint][] = Object.entries(GRAPH_ENDPOINTS);

/** The backticked permissions of docs/graph.md's permission table (the rows under "Graph application permissions"). */
function documentedPermissions(markdown: string): string[] {
  const section = markdown.split(/^## /m).find((s) => s.startsWith("Graph application permissions"));
  if (!section) throw new Error("docs/graph.md has no 'Graph application permissions' section");
  return section
    .split("\n")
    .filter((line) => /^\| `[^`]+` \|/.test(line))
    .map((line) => line.match(/^\| `([^`]+)`/)![1]);
}

const PERMISSION = /\b(Policy|Organization|User|AuditLog|GroupMember|RoleManagement|Directory|Application|Group|Reports)\.(Read|ReadWrite)\.[A-Za-z]+/;
const FIRST_SEGMENTS = [...new Set(ENDPOINTS.map(([, e]) => e.path.split("/")[1]))].join("|");
const GRAPH_PATH = new RegExp(`/(v1\\.0|beta)/|/\\$batch|^/(${FIRST_SEGMENTS})(/|\\?|$)`);
/** Strings that look like a Graph path but name no call: where they are, and why. */
const NOT_A_CALL: Readonly<Record<string, string>> = {
  // An authentication strength is referenced by this path inside a policy body; nothing requests it.
  "components/providerArgs.ts": "/policies/authenticationStrengthPolicies/",
};

/** A quick look at the text first: only a file that might spell one is parsed. */
const MIGHT_SPELL = new RegExp(`${PERMISSION.source}|/(v1\\.0|beta)/|\\$batch|["'\`]/(${FIRST_SEGMENTS})`);

/** Every string literal and template part of a source text that spells a Graph path or permission. */
function graphLiterals(file: string, text: string): string[] {
  const found: string[] = [];
  if (!MIGHT_SPELL.test(text)) return found;
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true);
  const visit = (node: ts.Node) => {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateLiteralToken(node)) {
      const literal = (node as ts.LiteralLikeNode).text;
      if ((PERMISSION.test(literal) || GRAPH_PATH.test(literal)) && NOT_A_CALL[file] !== literal)
        found.push(`${file}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}: ${JSON.stringify(literal)}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe("the Graph endpoint table (graph/endpointTable.ts)", () => {
  it("names every permission the project needs in docs/graph.md's permission table, and none it does not", () => {
    const documented = documentedPermissions(fs.readFileSync(path.join(ROOT, "docs", "graph.md"), "utf8"));
    expect(new Set(documented).size, "a permission listed twice").to.equal(documented.length);
    expect([...documented].sort()).to.deep.equal([...GRAPH_PERMISSIONS].sort());
  });

  it("uses every permission of its vocabulary in some call, so none is listed without a need", () => {
    const used = new Set(ENDPOINTS.map(([, e]) => e.permission));
    expect(GRAPH_PERMISSIONS.filter((p) => !used.has(p))).to.deep.equal([]);
  });

  it("gives every call of this project's client an answer schema, except writes Graph answers with 204 and the names read for display", () => {
    const unchecked = ENDPOINTS.filter(([, e]) => e.caller === "entra-baseline" && e.method === "GET" && e.answer === null).map(([name]) => name);
    expect(unchecked).to.deep.equal(["roleDefinitions", "servicePrincipals"]);
    for (const [name, e] of ENDPOINTS) {
      expect(e.path, name).to.match(/^\/[^?\s]*$/);
      if (e.permission === null) expect(name, "only $batch carries no permission of its own").to.equal("batch");
    }
  });

  it("declares each call once: no method and path twice for the same caller", () => {
    const keys = ENDPOINTS.map(([, e]) => `${e.caller} ${e.method} /${e.version}${e.path}`);
    expect(keys.filter((k, i) => keys.indexOf(k) !== i)).to.deep.equal([]);
  });

  it("spells paths below the base URL, the id encoded, the query appended, relative inside a batch", () => {
    expect(pathOf(GRAPH_ENDPOINTS.securityDefaults)).to.equal("/v1.0/policies/identitySecurityDefaultsEnforcementPolicy");
    expect(pathOf(GRAPH_ENDPOINTS.userByName, { id: "a b@contoso.com", query: "$select=id", relative: true })).to.equal(
      "/users/a%20b%40contoso.com?$select=id",
    );
    expect(pathOf(GRAPH_ENDPOINTS.perUserMfa, { id: "0f0e" })).to.equal("/beta/users/0f0e/authentication/requirements");
  });

  it("is the only place a Graph path or permission is spelled: every reader and writer takes them from it", () => {
    const spelled = [...projectSources(ROOT)]
      .filter(([file]) => file.endsWith(".ts") && file !== TABLE_FILE)
      .flatMap(([file, text]) => graphLiterals(file, text));
    expect(spelled).to.deep.equal([]);
  });

  it("finds a path or a permission spelled outside the table (a reader that bypasses it)", () => {
    const bypass = [
      'client.get("/v1.0/policies/authorizationPolicy", "Policy.Read.All");',
      "client.post(`/${version}/$batch`, body, permission);",
      "const url = (id: string) => `/users/${id}/authentication/requirements`;",
      "client.getAll(`/v1.0/servicePrincipals?$filter=appId in (${ids})`, APPS.permission);",
    ].join("\n");
    expect(graphLiterals("graph/x.ts", bypass).map((f) => f.replace(/^graph\/x\.ts:\d+: /, ""))).to.deep.equal([
      '"/v1.0/policies/authorizationPolicy"',
      '"Policy.Read.All"',
      '"/$batch"',
      '"/users/"',
      '"/v1.0/servicePrincipals?$filter=appId in ("',
    ]);
    expect(graphLiterals("components/providerArgs.ts", 'const STRENGTH = "/policies/authenticationStrengthPolicies/";')).to.deep.equal([]);
  });
});
