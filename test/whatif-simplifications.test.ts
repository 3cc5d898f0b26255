import { expect } from "chai";
import * as path from "path";
import { main } from "../cli/whatif";
import { validateConfig } from "../config/validate";
import type { ConditionalAccessPolicy } from "../policies/graphTypes";
import { coverageReport } from "../whatif/coverage";
import { evaluate, requiresMfa, waysOf } from "../whatif/evaluate";
import { formatCoverage, formatEvaluation } from "../whatif/format";
import { proveNoLockout } from "../whatif/lockout";
import { BREAK_GLASS_USER } from "./fixtures/ids";
import { signIn } from "./fixtures/signIns";
import { runCli } from "./support/cli";
import { handMadePlan, policyForEveryone } from "./support/policies";

const MFA_TRUSTED_IPS = "00000000-0000-0000-0000-000000000000";
const GLOBAL_ADMIN = "62e90394-69f5-4237-9190-012177145e10";

/** An enabled policy for every user but break-glass, every app and client; `change` edits its conditions. */
const everyone = (
  name: string,
  change: Partial<ConditionalAccessPolicy["conditions"]> & Record<string, unknown>,
  grantControls?: ConditionalAccessPolicy["grantControls"],
): ConditionalAccessPolicy => policyForEveryone(name, change, grantControls, [BREAK_GLASS_USER]);
const planOf = handMadePlan;

const mfaOutsideTrustedIps = everyone("MFA outside MFA trusted IPs", { locations: { includeLocations: ["All"], excludeLocations: [MFA_TRUSTED_IPS] } });
const blockAdminsOutside = {
  ...everyone("block admins outside MFA trusted IPs", { locations: { includeLocations: ["All"], excludeLocations: [MFA_TRUSTED_IPS] } }),
  conditions: {
    ...everyone("x", {}).conditions,
    users: { includeUsers: [], excludeUsers: [BREAK_GLASS_USER], includeGroups: [], excludeGroups: [], includeRoles: [GLOBAL_ADMIN], excludeRoles: [] },
    locations: { includeLocations: ["All"], excludeLocations: [MFA_TRUSTED_IPS] },
  },
  grantControls: { operator: "OR", builtInControls: ["block"] },
} as ConditionalAccessPolicy;

const GPS_LOCATION = {
  id: "gps-eu",
  "@odata.type": "#microsoft.graph.countryNamedLocation",
  displayName: "EU by GPS",
  countriesAndRegions: ["DE", "FR"],
  includeUnknownCountriesAndRegions: false,
  countryLookupMethod: "authenticatorAppGps",
};
const blockOutsideEu = everyone(
  "block outside the EU (GPS)",
  { locations: { includeLocations: ["All"], excludeLocations: ["gps-eu"] } },
  {
    operator: "OR",
    builtInControls: ["block"],
  },
);

describe("every simplification is stated: in the evaluation, the coverage report and the CLI text", () => {
  describe("MFA trusted IPs (location 00000000-0000-0000-0000-000000000000), which Graph cannot read", () => {
    it("without mfaTrustedIps, evaluates a policy naming them both inside and outside, says so, and answers with the strictest way", () => {
      const e = evaluate([mfaOutsideTrustedIps], signIn({ devicePlatform: "windows", ipAddress: "203.0.113.7" }));
      expect(e.ways!.map((w) => [w.assumption, w.outcome.kind])).to.deep.equal([
        ["outside the MFA trusted IPs", "challenge"],
        ["inside the MFA trusted IPs", "allowed"],
      ]);
      expect(e.outcome.kind).to.equal("challenge");
      expect(e.simplifications).to.deep.equal([
        '"MFA outside MFA trusted IPs": names the MFA trusted IPs, which the stack does not declare (set mfaTrustedIps): ' +
          "evaluated both inside and outside them; the worse outcome counts",
      ]);
      expect(requiresMfa(e)).to.equal(false, "a gap: inside the trusted IPs nothing is asked");
      expect(formatEvaluation(e)).to.contain("evaluated 2 ways").and.contain("  inside the MFA trusted IPs:").and.contain("simplification: ");
    });

    it("also evaluates all trusted locations both ways: they include the MFA trusted IPs 'if configured'", () => {
      const e = evaluate([everyone("MFA off trusted", { locations: { includeLocations: ["All"], excludeLocations: ["AllTrusted"] } })], signIn());
      expect(waysOf(e).map((w) => w.outcome.kind)).to.deep.equal(["challenge", "allowed"]);
      expect(e.simplifications![0]).to.contain("names the MFA trusted IPs (through all trusted locations)");
    });

    it("with mfaTrustedIps declared, evaluates one way: by the address, or the intranet claim when federated users on the intranet skip MFA", () => {
      const declared = { mfaTrustedIps: { ipRanges: ["203.0.113.0/24"], federatedUsersOnIntranet: true } };
      const at = (change: Parameters<typeof signIn>[0]) => evaluate([mfaOutsideTrustedIps], signIn(change), declared);
      expect(at({ ipAddress: "203.0.113.7" })).to.deep.include({ outcome: { kind: "allowed" }, applied: [] });
      expect(at({ ipAddress: "198.51.100.7" }).outcome.kind).to.equal("challenge");
      expect(at({ ipAddress: "198.51.100.7", insideCorporateNetwork: true }).outcome.kind).to.equal("allowed");
      expect(evaluate([mfaOutsideTrustedIps], signIn({ insideCorporateNetwork: true }), { mfaTrustedIps: { ipRanges: [] } }).outcome.kind).to.equal(
        "challenge",
        "the claim counts only when the option is on",
      );
      expect(at({ ipAddress: "203.0.113.7" }).ways).to.equal(undefined);
    });

    it("reports the inside way as a gap and the outside way as a lockout", () => {
      const report = coverageReport(planOf([mfaOutsideTrustedIps]));
      expect(report.gaps.some((g) => g.persona === "member")).to.equal(true);
      expect(report.simplifications.some((n) => n.includes("names the MFA trusted IPs"))).to.equal(true);
      expect(formatCoverage(report)).to.contain("names the MFA trusted IPs");
      const declared = coverageReport(planOf([mfaOutsideTrustedIps], { mfaTrustedIps: { ipRanges: ["203.0.113.0/24"] } }));
      expect(declared.gaps.filter((g) => g.persona === "member" && g.clientAppType === "browser")).to.deep.equal([]);

      const problems = proveNoLockout([blockAdminsOutside], { users: [BREAK_GLASS_USER], groups: [] });
      expect(problems.find((p) => p.includes("Global Administrator"))).to.contain('blocked by "block admins outside MFA trusted IPs"');
      expect(coverageReport(planOf([blockAdminsOutside])).lockouts.map((l) => l.persona)).to.include("Global Administrator");
    });
  });

  describe("a country location that finds the country by the Authenticator app's GPS", () => {
    it("uses the sign-in's GPS country when it carries one, whatever the IP's country", () => {
      const options = { namedLocations: [GPS_LOCATION], mfaTrustedIps: { ipRanges: [] } };
      expect(evaluate([blockOutsideEu], signIn({ countryCode: "US", gpsCountryCode: "DE" }), options).outcome.kind).to.equal("allowed");
      expect(evaluate([blockOutsideEu], signIn({ countryCode: "DE", gpsCountryCode: "US" }), options).outcome.kind).to.equal("blocked");
    });

    it("without a GPS country, evaluates both ways and says so", () => {
      const e = evaluate([blockOutsideEu], signIn({ countryCode: "DE" }), { namedLocations: [GPS_LOCATION], mfaTrustedIps: { ipRanges: [] } });
      expect(e.ways!.map((w) => [w.assumption, w.outcome.kind])).to.deep.equal([
        ['GPS country outside "EU by GPS"', "blocked"],
        ['GPS country in "EU by GPS"', "allowed"],
      ]);
      expect(e.simplifications![0]).to.match(/"block outside the EU \(GPS\)": named location "EU by GPS" finds the country by the Authenticator app's GPS/);
    });
  });

  it("a named location the caller did not supply: the policy is left out, stated", () => {
    const e = evaluate([everyone("only from the office", { locations: { includeLocations: ["office"], excludeLocations: [] } })], signIn(), {
      mfaTrustedIps: { ipRanges: [] },
    });
    expect(e.applied).to.deep.equal([]);
    expect(e.simplifications![0]).to.match(/named location office not supplied, so the policy is left out/);
  });

  it("an application filter (custom security attributes): not evaluated, the listed apps count, stated in the evaluation, report and text", () => {
    const filtered = everyone("filtered apps", {
      applications: { includeApplications: ["All"], excludeApplications: [], includeUserActions: [], applicationFilter: { mode: "include", rule: "x" } },
    } as never);
    const e = evaluate([filtered], signIn());
    expect(e.simplifications![0]).to.match(/its application filter is not evaluated; only its listed applications count/);
    const report = coverageReport(planOf([filtered]));
    expect(report.simplifications.some((n) => n.includes("application filter is not evaluated"))).to.equal(true);
    expect(formatCoverage(report)).to.contain("application filter is not evaluated");
  });

  it("a device filter rule the grammar cannot read: the policy counts as applying, stated", () => {
    const bad = everyone("bad filter", { devices: { deviceFilter: { mode: "include", rule: "device.colour -eq 'red'" } } });
    expect(evaluate([bad], signIn()).simplifications![0]).to.match(/its device filter rule cannot be read/);
  });

  it("terms of use and custom controls cannot be checked offline: listed, never assumed met, stated", () => {
    const tou = everyone("terms", {}, { operator: "AND", builtInControls: [], termsOfUse: ["t-1"] });
    expect(evaluate([tou], signIn()).simplifications).to.deep.equal([
      "terms of use and custom controls cannot be checked offline: they are listed as requirements, never assumed met",
    ]);
  });

  it("service-principal conditions never apply to a user's sign-in; insider risk and authentication flows come from the sign-in", () => {
    const workload = everyone("workload", { clientApplications: { includeServicePrincipals: ["sp-1"] } } as never, {
      operator: "OR",
      builtInControls: ["block"],
    });
    expect(evaluate([workload], signIn()).applied).to.deep.equal([]);
    const deviceCode = everyone("no device code", { authenticationFlows: { transferMethods: "deviceCodeFlow" } } as never, {
      operator: "OR",
      builtInControls: ["block"],
    });
    expect(evaluate([deviceCode], signIn({ authenticationFlow: "deviceCodeFlow" })).outcome.kind).to.equal("blocked");
    expect(evaluate([deviceCode], signIn()).outcome.kind).to.equal("allowed");
  });
});

describe("mfaTrustedIps: the stack's declaration of the legacy MFA service's trusted IPs", () => {
  const issues = (mfaTrustedIps: unknown) => {
    const v = validateConfig({ plan: "p1", breakGlassUsers: [BREAK_GLASS_USER], mfaTrustedIps });
    return v.ok ? [] : v.issues.map((i) => `${i.key}: ${i.message}`);
  };

  it("accepts IPv4 ranges and the federated-intranet option", () => {
    expect(issues({ ipRanges: ["203.0.113.0/24", "198.51.100.7/32"], federatedUsersOnIntranet: true })).to.deep.equal([]);
    expect(issues({ ipRanges: [] })).to.deep.equal([]);
  });

  it("rejects IPv6, a missing prefix, more than 50 ranges and unknown keys, naming the key and the fix", () => {
    expect(issues({ ipRanges: ["2001:db8::/32"] })[0]).to.match(/mfaTrustedIps\.ipRanges\[0\].*IPv4 CIDR range such as 203\.0\.113\.0\/24/);
    expect(issues({ ipRanges: ["203.0.113.7"] })[0]).to.match(/IPv4 CIDR range/);
    expect(issues({ ipRanges: Array.from({ length: 51 }, (_, i) => `10.0.${i}.0/24`) })[0]).to.match(/at most 50/);
    expect(issues({ ranges: ["203.0.113.0/24"] }).join("\n")).to.match(/mfaTrustedIps/);
    expect(issues({ ipRanges: ["203.0.113.0/24"], federatedUsersOnIntranet: "yes" })[0]).to.match(/true or false/);
  });
});

describe("npm run whatif: the scenario flags for device state, flows, GPS and the intranet", () => {
  const STACKS = path.join(__dirname, "fixtures", "whatif", "stacks");
  const whatif = (...args: string[]) => runCli(main, ["--stacks-dir", STACKS, "--stack", "trustedips", ...args]);

  it("evaluates a stack's declared MFA trusted IPs one way: inside them nothing is asked", async () => {
    const inside = await whatif("--ip", "203.0.113.9");
    expect(inside.code, inside.stderr).to.equal(0);
    expect(inside.stdout).to.contain("outcome: allowed, nothing required").and.not.contain("evaluated 2 ways");
    const outside = await whatif("--ip", "198.51.100.9", "--json");
    expect(JSON.parse(outside.stdout).outcome.kind).to.equal("challenge");
  });

  it("shows what the policies ask beside what happens, from a device and in device code flow", async () => {
    const kiosk = ["--group", "6a0f0c1e-0000-4b6c-8d9e-00000000c105", "--ip", "203.0.113.9"];
    const hybrid = await whatif(...kiosk, "--device", "hybrid-joined");
    expect(hybrid.stdout)
      .to.contain("outcome: blocked by Compliant device for the kiosk group (the device is not marked compliant)")
      .and.contain("what the policies ask: allowed after: (compliantDevice)");
    expect((await whatif(...kiosk, "--device", "compliant")).stdout)
      .to.contain("outcome: allowed after: (compliantDevice)")
      .and.not.contain("what the policies ask");
    const code = await whatif(...kiosk, "--device", "compliant", "--auth-flow", "deviceCodeFlow");
    expect(code.stdout).to.contain("device code flow cannot pass the device's state");
    const flow = await whatif(
      "--auth-flow",
      "deviceCodeFlow",
      "--device",
      "hybrid-joined",
      "--gps-country",
      "DE",
      "--intranet",
      "--insider-risk",
      "minor",
      "--json",
    );
    const answer = JSON.parse(flow.stdout);
    expect(answer.signIn).to.deep.include({ authenticationFlow: "deviceCodeFlow", gpsCountryCode: "DE", insideCorporateNetwork: true, insiderRisk: "minor" });
    expect(answer.signIn.device.trustType).to.equal("ServerAD");
    expect((await whatif("--device", "jailbroken")).code).to.equal(2);
  });
});
