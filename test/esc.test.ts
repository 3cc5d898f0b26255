import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { environmentHasCredentials } from "../program";

const ENVIRONMENT = path.join(__dirname, "..", "docs", "esc-contoso.yaml");
const GRAPH_DOC = fs.readFileSync(path.join(__dirname, "..", "docs", "graph.md"), "utf8");

describe("the Pulumi ESC example environment (docs/esc-contoso.yaml)", () => {
  const environment = parse(fs.readFileSync(ENVIRONMENT, "utf8"));
  const variables: Record<string, string> = environment.values.environmentVariables;

  it("logs in to Azure with azure-login by OIDC, with no secret", () => {
    const login = environment.values.azure.login["fn::open::azure-login"];
    expect(login.oidc).to.equal(true);
    expect(login).to.have.all.keys("clientId", "tenantId", "subscriptionId", "oidc");
    expect(JSON.stringify(environment)).not.to.match(/secret/i);
  });

  it("exports only variables the project reads, each documented in docs/graph.md", () => {
    for (const name of Object.keys(variables)) expect(GRAPH_DOC, name).to.contain(name);
  });

  it("exports what the program recognises as credentials, once ESC fills in the login's outputs", () => {
    const outputs: Record<string, string> = { "azure.login.clientId": "c", "azure.login.tenantId": "t", "azure.login.oidc.token": "eyJ0eXAi" };
    const filled = Object.fromEntries(
      Object.entries(variables).map(([k, v]) => [k, v.replace(/^\$\{(.+)\}$/, (_, ref: string) => outputs[ref] ?? `unknown ${ref}`)]),
    );
    expect(Object.values(filled).filter((v) => v.startsWith("unknown"))).to.deep.equal([]);
    expect(environmentHasCredentials(filled)).to.equal(true);
    expect(filled.ARM_USE_OIDC).to.equal("true");
  });

  it("gives the azuread provider the same tenant as the credentials", () => {
    expect(environment.values.pulumiConfig["azuread:tenantId"]).to.equal(variables.ARM_TENANT_ID);
  });
});
