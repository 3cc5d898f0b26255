import { expect } from "chai";
import * as pulumi from "@pulumi/pulumi";
import { waitForRegistrations } from "../plan/mockEngine";
import { environmentHasCredentials, main, shouldReadTenant } from "../program";
import { recorder } from "./support/mockEngine";
import { BREAK_GLASS_USER } from "./fixtures/ids";
import { SKU_P1, tenant } from "./fixtures/tenants";

function configure(config: Record<string, string>) {
  pulumi.runtime.setAllConfig(Object.fromEntries(Object.entries(config).map(([k, v]) => [`entra-baseline:${k}`, v])));
}

describe("the program (index.ts)", () => {
  afterEach(() => pulumi.runtime.setAllConfig({}));

  describe("when it reads the tenant", () => {
    it("reads with liveChecks on, never with off, and with auto only when credentials are in the environment", () => {
      const pipeline = { ARM_TENANT_ID: "t", ARM_CLIENT_ID: "c", ARM_OIDC_TOKEN: "jwt" };
      expect(shouldReadTenant("on", {})).to.equal(true);
      expect(shouldReadTenant("off", pipeline)).to.equal(false);
      expect(shouldReadTenant("auto", pipeline)).to.equal(true);
      expect(shouldReadTenant("auto", { AZURE_CLIENT_ID: "c" })).to.equal(false);
      expect(environmentHasCredentials({ AZURE_TENANT_ID: "t", AZURE_CLIENT_ID: "c", AZURE_FEDERATED_TOKEN_FILE: "/var/run/token" })).to.equal(true);
    });

    it("passes the tenant it read to the guard, which refuses a plan above the licence", async () => {
      configure({ plan: "p2", liveChecks: "on", breakGlassUsers: JSON.stringify([BREAK_GLASS_USER]) });
      recorder.reset();
      const err = await main({ readTenant: async () => tenant({ skus: [SKU_P1] }) }).catch((e) => e);
      expect(err.message).to.contain("EB-LIVE-LICENCE");
      expect(pulumi.RunError.isInstance(err)).to.equal(true);
      await waitForRegistrations();
      expect(recorder.resources).to.deep.equal([]);
    });

    it("rejects a failed read with liveChecks on, saying how to skip the checks", async () => {
      configure({ plan: "free", liveChecks: "on" });
      const err = await main({
        readTenant: async () => Promise.reject(new Error("GET …/subscribedSkus: the app lacks the Graph application permission Organization.Read.All")),
      }).catch((e) => e);
      expect(pulumi.RunError.isInstance(err)).to.equal(true);
      expect(err.message).to.contain("Organization.Read.All").and.contain("liveChecks to off");
    });

    it("does not read the tenant with auto and no credentials", async () => {
      configure({ plan: "free" });
      let read = false;
      await main({ env: {}, readTenant: async () => ((read = true), tenant()) });
      expect(read).to.equal(false);
    });

    it("rejects a bad configuration before reading the tenant", async () => {
      configure({ plan: "p7", liveChecks: "sometimes" });
      let read = false;
      const err = await main({ env: {}, readTenant: async () => ((read = true), tenant()) }).catch((e) => e);
      expect(read).to.equal(false);
      expect(err.message).to.contain("entra-baseline:plan").and.contain("entra-baseline:liveChecks");
    });
  });
});
