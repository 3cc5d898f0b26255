import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parse } from "yaml";
import { exportTenant, main as exportMain } from "../cli/export";
import { main as planMain } from "../cli/plan";
import { EXIT } from "../documents/errors";
import { GRAPH_CONDITIONAL_ACCESS_POLICY_TYPE } from "../components/resourceTypes";
import type { GraphDouble } from "./graph-double/server";
import { Corpus, corpusTenant, loadCorpus } from "./fixtures/corpus";
import { caFileFor, clientFor, pipelineEnvironment, useGraphDouble } from "./support/graphClient";
import { runCli } from "./support/cli";

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Corpus policies the export cannot express yet, by display name: none since the Graph-backed resource writes what the
 * azuread provider cannot (authentication contexts, application filters). A spec below keeps the list exact.
 */
const NOT_YET_EXPRESSIBLE: readonly string[] = [];

describe("the real-world corpus (test/fixtures/corpus)", () => {
  const corpus: Corpus = loadCorpus();

  describe("its manifest", () => {
    it("names for every policy its source repository, path, commit and a licence that permits reuse", () => {
      expect(corpus.entries.length).to.be.at.least(35);
      for (const e of corpus.entries) {
        expect(e.source.repo, e.file).to.be.a("string").and.not.equal("");
        expect(e.source.path, e.file).to.be.a("string").and.not.equal("");
        expect(e.source.commit, e.file).to.match(/^([0-9a-f]{40}|sha256:[0-9a-f]{64})$/);
        expect(e.licence, e.file).to.match(/MIT|Apache-2\.0|MPL-2\.0|CC-BY|Microsoft sample/);
      }
    });

    it("holds each policy in Graph v1.0's full GET shape: annotations, nulls, empty lists, id and dates", () => {
      for (const e of corpus.entries) {
        const p = corpus.policies.get(e.id)!;
        expect(p["@odata.context"], e.file).to.match(/\$metadata#identity\/conditionalAccess\/policies\/\$entity$/);
        expect(p.id, e.file).to.match(GUID);
        expect(p, e.file).to.include.keys("templateId", "createdDateTime", "modifiedDateTime", "sessionControls", "grantControls");
        expect(p.conditions, e.file).to.include.keys(
          "userRiskLevels",
          "servicePrincipalRiskLevels",
          "insiderRiskLevels",
          "devices",
          "clientApplications",
          "authenticationFlows",
        );
        if (p.grantControls) expect(p.grantControls, e.file).to.have.property("authenticationStrength@odata.context");
      }
    });

    it("covers device filters, sessions, auth contexts, workload identities, insider risk, guests, locations, platforms, terms, strengths, beta", () => {
      const has = (test: (p: Record<string, any>) => unknown) => [...corpus.policies.values()].some((p) => test(p));
      expect(has((p) => p.conditions.devices?.deviceFilter)).to.equal(true);
      expect(has((p) => p.sessionControls?.persistentBrowser)).to.equal(true);
      expect(has((p) => p.sessionControls?.applicationEnforcedRestrictions)).to.equal(true);
      expect(has((p) => p.sessionControls?.cloudAppSecurity)).to.equal(true);
      expect(has((p) => p.sessionControls?.signInFrequency)).to.equal(true);
      expect(has((p) => p.conditions.applications.includeAuthenticationContextClassReferences.length > 0)).to.equal(true);
      expect(has((p) => p.conditions.applications.applicationFilter)).to.equal(true);
      expect(has((p) => p.conditions.clientApplications?.includeServicePrincipals?.length > 0)).to.equal(true);
      expect(has((p) => p.conditions.servicePrincipalRiskLevels.length > 0)).to.equal(true);
      expect(has((p) => p.conditions.insiderRiskLevels)).to.equal(true);
      expect(has((p) => p.conditions.users.includeGuestsOrExternalUsers || p.conditions.users.includeUsers.includes("GuestsOrExternalUsers"))).to.equal(true);
      const guests = (p: Record<string, any>) => [p.conditions.users.includeGuestsOrExternalUsers, p.conditions.users.excludeGuestsOrExternalUsers];
      expect(has((p) => guests(p).some((g) => g?.externalTenants?.membershipKind === "enumerated" && g.externalTenants.members.length > 0))).to.equal(true);
      expect(has((p) => p.conditions.locations)).to.equal(true);
      expect(has((p) => p.conditions.platforms)).to.equal(true);
      expect(has((p) => p.grantControls?.termsOfUse.length > 0)).to.equal(true);
      expect(has((p) => p.grantControls?.authenticationStrength)).to.equal(true);
      expect(corpus.entries.filter((e) => e.betaOnly).length).to.be.at.least(4);
    });
  });

  describe("npm run export -- --against live over it", () => {
    let double: GraphDouble;
    useGraphDouble((started) => corpusTenant((double = started).tenant, corpus));

    it("writes every policy, refusing by name and with the reason only those with a beta-only feature", async () => {
      const { exported } = await exportTenant(clientFor(double), "corpus");
      const written = new Set([...Object.values(exported.customPolicies).map((p) => String(p.id)), ...Object.values(exported.adopt)]);
      const skipped = new Map(exported.skipped.map((s) => [s.id, s.reason]));
      for (const e of corpus.entries) {
        if (e.betaOnly) {
          expect(skipped.get(e.id), e.file).to.match(/only Graph beta defines/);
          expect(written.has(e.id), e.file).to.equal(false);
        } else if (!NOT_YET_EXPRESSIBLE.includes(e.displayName)) {
          expect(written.has(e.id), `${e.file}: ${skipped.get(e.id)}`).to.equal(true);
        }
      }
      const stillSkipped = corpus.entries.filter((e) => !e.betaOnly && skipped.has(e.id)).map((e) => e.displayName);
      expect(stillSkipped, "NOT_YET_EXPRESSIBLE is exact").to.have.members([...NOT_YET_EXPRESSIBLE]);
    });

    it("writes each typed guest condition as Graph holds it: the types, and the external tenants all or enumerated", async () => {
      const { exported } = await exportTenant(clientFor(double), "corpus");
      const byId = new Map(Object.values(exported.customPolicies).map((p: any) => [String(p.id), p]));
      let typed = 0;
      for (const e of corpus.entries) {
        const users = corpus.policies.get(e.id)!.conditions.users;
        for (const key of ["includeGuestsOrExternalUsers", "excludeGuestsOrExternalUsers"]) {
          const source = users[key];
          if (!source || !byId.has(e.id)) continue;
          typed++;
          const tenants = source.externalTenants;
          expect(byId.get(e.id).conditions.users[key], `${e.file} ${key}`).to.deep.equal({
            guestOrExternalUserTypes: source.guestOrExternalUserTypes,
            ...(tenants
              ? {
                  externalTenants:
                    tenants.membershipKind === "enumerated" ? { membershipKind: "enumerated", members: tenants.members } : { membershipKind: "all" },
                }
              : {}),
          });
        }
      }
      expect(typed).to.be.at.least(2);
    });

    it("names each beta-only feature it refuses: token protection, Global Secure Access, agent identities, Verified ID", async () => {
      const { exported } = await exportTenant(clientFor(double), "corpus");
      const reasons = exported.skipped.map((s) => s.reason).join("\n");
      for (const feature of ["token protection", "Global Secure Access", "agent identities", "Verified ID"]) expect(reasons).to.contain(feature);
    });

    it("writes only the named locations a written policy uses, and the break-glass accounts every owned policy excludes", async () => {
      const { exported } = await exportTenant(clientFor(double), "corpus");
      // "Retired datacenter" is used by no policy; "Branch office" only by a policy the export cannot write yet.
      const used = new Set(
        Object.values(exported.customPolicies).flatMap((p: any) => [
          ...(p.conditions.locations?.includeLocations ?? []),
          ...(p.conditions.locations?.excludeLocations ?? []),
        ]),
      );
      expect(Object.keys(exported.namedLocations).sort()).to.deep.equal([...used].filter((k) => k !== "All" && k !== "AllTrusted").sort());
      expect(Object.values(exported.namedLocations).map((l) => l.displayName))
        .to.include("Non-trusted regions")
        .and.not.include("Retired datacenter (no policy uses it)");
      expect(exported.breakGlassCandidates).to.deep.equal({ users: [...corpus.breakGlass.users], groups: [...corpus.breakGlass.groups] });
    });

    it("round-trips: export exits 8 (policies left out), then plan --against live exits 0 with no change", async function () {
      this.timeout(60000);
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "eb-corpus-"));
      const env = pipelineEnvironment(double, caFileFor(double));
      const exported = await runCli(exportMain, ["--against", "live", "--stack", "corpus", "--stacks-dir", dir], env);
      expect(exported.code, exported.stderr).to.equal(EXIT.leftOut);
      expect(exported.stderr).to.match(/export: \d+ policies left out \(unmanagedPolicies\); exit 8/);
      const file = parse(fs.readFileSync(path.join(dir, "Pulumi.corpus.yaml"), "utf8")).config;
      // Confirmed by the person who reads it; the round trip is about the policies.
      file["entra-baseline:breakGlassConfirmed"] = true;
      expect(file["entra-baseline:unmanagedPolicies"].map((u: { id: string }) => u.id)).to.have.members(
        corpus.entries.filter((e) => e.betaOnly || NOT_YET_EXPRESSIBLE.includes(e.displayName)).map((e) => e.id),
      );
      const plan = await runCli(planMain, ["--stack", "corpus", "--stacks-dir", dir, "--against", "live", "--json"], env);
      expect(plan.code, plan.stderr).to.equal(EXIT.ok);
      const result = JSON.parse(plan.stdout);
      expect(result.drift.drifted).to.equal(false);
      // Policies the azuread provider cannot express (510's authentication context) are adopted by the Graph-backed resource.
      const graphBacked = result.resources.filter((r: { type: string }) => r.type === GRAPH_CONDITIONAL_ACCESS_POLICY_TYPE);
      const byGraph = corpus.entries.filter((e) => {
        const applications = corpus.policies.get(e.id)!.conditions.applications;
        return !e.betaOnly && (applications.applicationFilter || applications.includeAuthenticationContextClassReferences.length > 0);
      });
      expect(byGraph.length).to.be.at.least(2);
      expect(graphBacked.map((r: { importId: string }) => r.importId)).to.include.members(byGraph.map((e) => e.id));
      expect(result.drift.policies.filter((p: { status: string }) => !["unchanged", "unmanaged", "adopt"].includes(p.status))).to.deep.equal([]);
      expect(result.findings.filter((f: { rule: string; severity: string }) => f.rule === "EB-LIVE-UNMANAGED" && f.severity !== "info")).to.deep.equal([]);
    });
  });
});
