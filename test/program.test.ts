import { expect } from "chai";
import * as pulumi from "@pulumi/pulumi";
import { waitForRegistrations } from "../plan/mockEngine";
import { environmentHasCredentials, main, shouldReadTenant } from "../program";
import { recorder } from "./support/mockEngine";
import { BREAK_GLASS_USER } from "./fixtures/ids";
import { SKU_P1, tenant } from "./fixtures/tenants";
import * as validation from "../config/validate";

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

  describe("validating the configuration", () => {
    /** Counts validateConfig's calls during `run` (the program and the component call it through the module's exports). */
    async function validations(run: () => Promise<unknown>): Promise<number> {
      const module = validation as { validateConfig: typeof validation.validateConfig };
      const original = module.validateConfig;
      let calls = 0;
      module.validateConfig = (given) => ((calls += 1), original(given));
      try {
        await run();
      } finally {
        module.validateConfig = original;
      }
      return calls;
    }

    it("validates once per run, the tenant read and the users named by UPN resolved included", async () => {
      const upn = "BreakGlass1@contoso.com";
      configure({ plan: "p1", liveChecks: "on", breakGlassUsers: JSON.stringify([upn]) });
      const read = tenant({
        skus: [SKU_P1],
        userNames: new Map([[upn.toLowerCase(), { id: BREAK_GLASS_USER, userPrincipalName: upn, userType: "Member", deleted: false }]]),
      });
      let settings: unknown;
      expect(await validations(async () => ({ settings } = await main({ readTenant: async () => read })))).to.equal(1);
      expect((settings as { breakGlassUsers: string[] }).breakGlassUsers).to.deep.equal([BREAK_GLASS_USER]);
    });

    it("counts a validation the component makes of args given directly (the count can fail)", async () => {
      configure({ plan: "free" });
      const { EntraBaseline } = await import("../components/entraBaseline");
      expect(await validations(async () => new EntraBaseline("direct", { plan: "free" }))).to.equal(1);
      expect(await validations(async () => main({ env: {} }))).to.equal(1);
    });
  });
});
