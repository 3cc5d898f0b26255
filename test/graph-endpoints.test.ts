import { expect } from "chai";
import { credentialFromEnvironment } from "../graph/credential";
import { resolveEndpoints } from "../graph/endpoints";

describe("Graph endpoints per cloud", () => {
  it("uses the global cloud by default", () => {
    expect(resolveEndpoints(undefined, {})).to.deep.equal({
      graph: "https://graph.microsoft.com",
      authority: "https://login.microsoftonline.com",
      knownAuthority: true,
    });
  });

  it("picks US Government and China from the stack's cloud", () => {
    expect(resolveEndpoints("usgovernment", {})).to.deep.include({ graph: "https://graph.microsoft.us", authority: "https://login.microsoftonline.us" });
    expect(resolveEndpoints("china", {})).to.deep.include({ graph: "https://microsoftgraph.chinacloudapi.cn", authority: "https://login.chinacloudapi.cn" });
  });

  it("reads the azuread provider's ARM_ENVIRONMENT when the stack sets no cloud", () => {
    expect(resolveEndpoints(undefined, { ARM_ENVIRONMENT: "usgovernment" }).graph).to.equal("https://graph.microsoft.us");
    expect(resolveEndpoints("global", { ARM_ENVIRONMENT: "china" }).graph).to.equal("https://graph.microsoft.com", "the stack's cloud wins");
  });

  it("lets ENTRA_BASELINE_GRAPH_ENDPOINT and AZURE_AUTHORITY_HOST point elsewhere, turning instance discovery off for an unknown authority", () => {
    const endpoints = resolveEndpoints(undefined, { ENTRA_BASELINE_GRAPH_ENDPOINT: "https://127.0.0.1:8443/", AZURE_AUTHORITY_HOST: "https://127.0.0.1:8443" });
    expect(endpoints).to.deep.equal({ graph: "https://127.0.0.1:8443", authority: "https://127.0.0.1:8443", knownAuthority: false });
  });

  it("keeps instance discovery on for Microsoft's own login hosts, however they are written", () => {
    expect(resolveEndpoints(undefined, { AZURE_AUTHORITY_HOST: "https://LOGIN.microsoftonline.com/" }).knownAuthority).to.equal(true);
    expect(resolveEndpoints(undefined, { AZURE_AUTHORITY_HOST: "https://login.microsoftonline.us" }).knownAuthority).to.equal(true);
    expect(resolveEndpoints(undefined, { AZURE_AUTHORITY_HOST: "https://login.microsoftonline.com.example.org" }).knownAuthority).to.equal(false);
    expect(resolveEndpoints(undefined, { AZURE_AUTHORITY_HOST: "not a url" }).knownAuthority).to.equal(false);
  });
});

describe("credential from the environment", () => {
  const endpoints = resolveEndpoints(undefined, {});
  const ids = { AZURE_TENANT_ID: "72f988bf-0000-4000-8000-00000000cafe", AZURE_CLIENT_ID: "3a1c7e52-0000-4000-8000-00000000c11e" };
  const arm = { ARM_TENANT_ID: ids.AZURE_TENANT_ID, ARM_CLIENT_ID: ids.AZURE_CLIENT_ID };

  const cases: [string, NodeJS.ProcessEnv, RegExp][] = [
    ["a client secret in AZURE_*", { ...ids, AZURE_CLIENT_SECRET: "s3cret-value" }, /^client secret of AZURE_CLIENT_ID /],
    ["a client secret in the azuread provider's ARM_*", { ...arm, ARM_CLIENT_SECRET: "s3cret-value" }, /^client secret of ARM_CLIENT_ID /],
    ["a certificate", { ...ids, AZURE_CLIENT_CERTIFICATE_PATH: "/etc/ssl/app.pem" }, /^client certificate /],
    ["workload identity federation", { ...ids, AZURE_FEDERATED_TOKEN_FILE: "/var/run/secrets/token" }, /^workload identity federation /],
    ["the azuread provider's OIDC token", { ...arm, ARM_USE_OIDC: "true", ARM_OIDC_TOKEN: "eyJ.token.sig" }, /^OIDC token \(ARM_OIDC_TOKEN\) /],
    ["nothing: the Azure CLI", {}, /^Azure CLI login/],
  ];
  for (const [what, env, source] of cases) {
    it(`chooses ${what}, naming it without the secret`, () => {
      const chosen = credentialFromEnvironment(endpoints, env);
      expect(chosen.source).to.match(source);
      expect(chosen.source).to.not.contain("s3cret-value").and.not.contain("eyJ.token.sig");
    });
  }

  it("remembers the secret values so errors can be scrubbed of them", () => {
    expect(credentialFromEnvironment(endpoints, { ...ids, AZURE_CLIENT_SECRET: "s3cret-value" }).secrets).to.deep.equal(["s3cret-value"]);
  });
});
