import { expect } from "chai";
import fc from "fast-check";
import { DEVICE_FILTER_PROPERTIES, deviceFilterProblems, MAX_RULE_LENGTH, NEGATIVE_OPERATORS, parseDeviceFilterRule } from "../config/deviceFilterRule";
import { customPolicyIssues } from "../config/customPolicies";
import { compileDeviceFilter, deviceFilterTest, SignInDevice } from "../policies/facts";
import { deviceFilterTree, printRule, stringComparison } from "./support/deviceFilterArbitraries";

/** The rule evaluated against a device (undefined: unregistered); the rule must parse. */
function holds(rule: string, device?: SignInDevice): boolean {
  const parsed = parseDeviceFilterRule(rule);
  if (!parsed.ok) throw new Error(parsed.problem);
  return compileDeviceFilter(parsed.rule)(device);
}
const problem = (rule: string) => {
  const parsed = parseDeviceFilterRule(rule);
  return parsed.ok ? "(parsed)" : parsed.problem;
};

const HYBRID: SignInDevice = {
  deviceId: "aaaaaaaa-0000-1111-2222-bbbbbbbbbbbb",
  displayName: "PC-ADM-01",
  trustType: "ServerAD",
  isCompliant: false,
  isManaged: false,
  operatingSystem: "Windows",
  operatingSystemVersion: "10.0.19045",
  manufacturer: "Microsoft Corporation",
  model: "Surface Laptop 5",
  deviceOwnership: "Company",
  physicalIds: ["[ZTDId]:value", "[OrderID]:179887111881"],
  systemLabels: ["M365Managed"],
  profileType: "RegisteredDevice",
  mdmAppId: "0000000a-0000-0000-c000-000000000000",
  enrollmentProfileName: "AutoPilot Profile EU",
  extensionAttributes: { extensionAttribute1: "SAW" },
};

describe("filter for devices: the rule grammar Microsoft documents", () => {
  describe("reads every example of the supported properties table", () => {
    const examples: [string, boolean][] = [
      ['(device.deviceid -eq "aaaaaaaa-0000-1111-2222-bbbbbbbbbbbb")', true],
      ['(device.displayName -contains "ADM")', true],
      ['(device.deviceOwnership -eq "Company")', true],
      ['(device.enrollmentProfileName -startsWith "AutoPilot Profile")', true],
      ['(device.isCompliant -eq "True")', false],
      ['(device.manufacturer -startsWith "Microsoft")', true],
      ['(device.mdmAppId -in ["00001111-aaaa-2222-bbbb-3333cccc4444"])', false],
      ['(device.model -notContains "Surface")', false],
      ['(device.operatingSystem -eq "Windows")', true],
      ['(device.operatingSystemVersion -in ["10.0.18363", "10.0.19041", "10.0.19042", "10.0.22000"])', false],
      ['(device.physicalIds -contains "[ZTDId]:value")', true],
      ['(device.profileType -eq "Printer")', false],
      ['(device.systemLabels -contains "M365Managed")', true],
      ['(device.trustType -eq "ServerAD")', true],
      ['(device.extensionAttribute1 -eq "SAW")', true],
      ['device.extensionAttribute1 -ne "SAW"', false],
    ];
    for (const [rule, onHybrid] of examples) {
      it(`${rule} → ${onHybrid} on a hybrid joined device`, () => expect(holds(rule, HYBRID)).to.equal(onHybrid));
    }
  });

  describe("an unregistered device: every property is null", () => {
    it("fails every positive operator and passes every negative one (the documented table)", () => {
      for (const [property, spec] of Object.entries(DEVICE_FILTER_PROPERTIES)) {
        for (const operator of spec.operators) {
          const value = operator === "in" || operator === "notIn" ? '["x"]' : spec.type === "boolean" ? '"True"' : spec.values ? `"${spec.values[0]}"` : '"x"';
          const rule = `device.${property} -${operator} ${spec.guid ? value.replace("x", "aaaaaaaa-0000-1111-2222-bbbbbbbbbbbb") : value}`;
          expect(holds(rule), rule).to.equal(NEGATIVE_OPERATORS.has(operator));
        }
      }
    });

    it("targets unregistered devices with -ne null or a negative operator", () => {
      expect(holds("device.deviceId -eq null")).to.equal(true);
      expect(holds("device.deviceId -ne null", HYBRID)).to.equal(true);
      expect(holds('device.trustType -ne "AzureAD" -and device.trustType -ne "ServerAD"')).to.equal(true);
    });

    it("reads extension attributes only from a device that is managed, compliant or hybrid joined", () => {
      const registered: SignInDevice = { trustType: "Workplace", extensionAttributes: { extensionAttribute1: "SAW" } };
      expect(holds('device.extensionAttribute1 -eq "SAW"', registered)).to.equal(false);
      expect(holds('device.extensionAttribute1 -eq "SAW"', { ...registered, isManaged: true })).to.equal(true);
      expect(holds('device.extensionAttribute1 -eq "SAW"', { ...registered, isCompliant: true })).to.equal(true);
      expect(holds('device.extensionAttribute1 -eq "SAW"', { ...registered, trustType: "ServerAD" })).to.equal(true);
    });
  });

  describe("the syntax of rules for dynamic membership groups", () => {
    it("ignores case in operators, property names and string values", () => {
      expect(holds('device.TRUSTTYPE -EQ "serverad"', HYBRID)).to.equal(true);
      expect(holds('device.operatingSystem -StartsWith "WIN" -AND device.model -contains "surface"', HYBRID)).to.equal(true);
      expect(holds('device.trustType eq "ServerAD"', HYBRID)).to.equal(true, "operators without the hyphen");
    });

    it("binds -and tighter than -or, -not tighter than -and, and honours parentheses", () => {
      const rule = (a: string, b: string, c: string) => `device.extensionAttribute1 -eq "${a}" -or device.trustType -eq "${b}" -and device.model -eq "${c}"`;
      expect(holds(rule("SAW", "AzureAD", "x"), HYBRID)).to.equal(true, "a -or (b -and c)");
      expect(holds(`(${rule("SAW", "AzureAD", "x").replace(" -and", ") -and")}`, HYBRID)).to.equal(false, "(a -or b) -and c");
      expect(holds('-not device.trustType -eq "AzureAD" -and device.isCompliant -eq false', HYBRID)).to.equal(true);
    });

    it("reads single quotes, doubled single quotes and backtick-escaped double quotes", () => {
      expect(holds("device.displayName -eq 'O''Brien'", { displayName: "O'Brien" })).to.equal(true);
      expect(holds('device.displayName -eq "say `"hi`""', { displayName: 'say "hi"' })).to.equal(true);
    });

    it("compares -contains on a string as a substring and on physicalIds and systemLabels as a whole element", () => {
      expect(holds('device.model -contains "face"', HYBRID)).to.equal(true);
      expect(holds('device.physicalIds -contains "[ZTDId]"', HYBRID)).to.equal(false);
      expect(holds('device.systemLabels -notContains "MultiUser"', HYBRID)).to.equal(true);
    });

    it("compares isCompliant as a boolean, quoted or not", () => {
      expect(holds("device.isCompliant -eq true", { isCompliant: true })).to.equal(true);
      expect(holds('device.isCompliant -eq "False"', { isCompliant: false })).to.equal(true);
      expect(holds('device.isCompliant -ne "TRUE"', { isCompliant: false })).to.equal(true);
    });

    it("keeps a policy in include mode when the rule holds and in exclude mode when it does not", () => {
      const test = (mode: "include" | "exclude") => {
        const compiled = deviceFilterTest({ mode, rule: 'device.trustType -eq "ServerAD"' });
        if (!("test" in compiled)) throw new Error(compiled.problem);
        return [compiled.test(HYBRID), compiled.test(undefined)];
      };
      expect(test("include")).to.deep.equal([true, false]);
      expect(test("exclude")).to.deep.equal([false, true]);
    });
  });

  describe("rejects a rule Entra would refuse, saying what to write instead", () => {
    const cases: [string, RegExp][] = [
      ["", /is empty: write a rule such as device\.trustType -eq "ServerAD"/],
      ['device.colour -eq "red"', /device\.colour is not a property filters for devices can read: use one of deviceId, displayName/],
      ['device.trustType -startsWith "Server"', /-startsWith is not supported on device\.trustType: use one of -eq, -ne/],
      ['device.displayName -match "^PC"', /"-match" after device\.displayName is not an operator filters for devices accept: use one of -eq/],
      ["device.displayName -eq", /device\.displayName -eq has no value: add one, such as "value"/],
      ['(device.displayName -eq "a"', /the parenthesis opened at character 1 is never closed: add "\)"/],
      ['device.displayName -eq "a', /the string starting at character 24 is never closed: end it with "/],
      ['device.displayName -in "a"', /-in needs a list of values in brackets, such as \["value"\]/],
      ["device.displayName -in []", /has an empty list: name at least one value/],
      ['device.displayName -in ["a" "b"]', /the list is never closed: separate values with commas/],
      ['device.trustType -eq "Hybrid"', /the supported values are "AzureAD", "ServerAD", "Workplace"/],
      ['device.deviceId -eq "pc-1"', /"pc-1" is not a GUID/],
      ['device.trustType -eq "AzureAD" device.model -eq "x"', /follows a complete expression: join expressions with -and or -or/],
      ['device.trustType -eq "AzureAD" -and', /ends where an expression should start/],
      ['trustType -eq "AzureAD"', /expected device\.<property> at character 1/],
      ["device.displayName -eq Kiosk", /quote the value, such as "value"/],
      ['device.trustType -eq "AzureAD" -or ()', /expected device\.<property> at character 37/],
      [`device.displayName -eq "${"x".repeat(MAX_RULE_LENGTH)}"`, /characters long; the maximum is 3072: shorten the rule/],
    ];
    for (const [rule, message] of cases) it(`rejects ${JSON.stringify(rule.slice(0, 60))}`, () => expect(problem(rule)).to.match(message));

    it("names the policy's field, the bad rule and the fix, and checks the mode", () => {
      expect(deviceFilterProblems({ deviceFilter: { mode: "sometimes", rule: 'device.model -eq "x"' } })).to.deep.equal([
        { path: "conditions.devices.deviceFilter.mode", message: '"sometimes" is not a mode: use include or exclude' },
      ]);
      expect(deviceFilterProblems({ deviceFilter: { mode: "include", rule: "device.model -like 'x'" } })[0].message).to.equal(
        '"device.model -like \'x\'": "-like" after device.model is not an operator filters for devices accept: use one of ' +
          "-eq, -ne, -startsWith, -notStartsWith, -endsWith, -notEndsWith, -contains, -notContains, -in, -notIn",
      );
      expect(deviceFilterProblems({ deviceFilter: { mode: "include" } })[0].message).to.match(/is required/);
      expect(deviceFilterProblems({ deviceFilter: null })).to.deep.equal([]);
      expect(deviceFilterProblems(null)).to.deep.equal([]);
      expect(deviceFilterProblems({ deviceFilter: "x" })[0].message).to.match(/must be \{ mode/);
    });

    it("refuses a custom policy's bad rule by its key, with the fix", () => {
      const graph = {
        displayName: "kiosks",
        state: "enabled",
        conditions: {
          users: { includeUsers: ["All"] },
          applications: { includeApplications: ["All"] },
          clientAppTypes: ["all"],
          devices: { deviceFilter: { mode: "exclude", rule: 'device.trustType -eq "Hybrid"' } },
        },
        grantControls: { operator: "OR", builtInControls: ["block"] },
      };
      const issues = customPolicyIssues([{ key: "kiosks", source: "inline", graph }], {}, "entra-baseline:customPolicies");
      expect(issues.filter((i) => i.key.endsWith("deviceFilter.rule"))).to.deep.equal([
        {
          key: "entra-baseline:customPolicies.kiosks.conditions.devices.deviceFilter.rule",
          message:
            `${JSON.stringify('device.trustType -eq "Hybrid"')}: device.trustType -eq "Hybrid": the supported values are "AzureAD", "ServerAD", "Workplace"; ` +
            "fix it to Graph's v1.0 conditionalAccessPolicy shape (learn.microsoft.com/graph/api/resources/conditionalaccesspolicy)",
        },
      ]);
    });

    it("never throws on junk: any text is either a rule or a problem with a fix", () => {
      fc.assert(
        fc.property(fc.string({ maxLength: 80 }), (text) => {
          const parsed = parseDeviceFilterRule(text);
          expect(parsed.ok || parsed.problem.length > 0).to.equal(true);
        }),
        { numRuns: 2000, seed: 61 },
      );
    });
  });

  describe("properties of random rules", () => {
    const leaf = stringComparison(["displayName", "model", "manufacturer", "operatingSystem", "extensionAttribute3"], ["a", "Ab", "b", "x y"]);
    const tree = deviceFilterTree(leaf);
    const print = printRule;
    const device = fc.record({ displayName: fc.constantFrom("a", "AB", "ab c"), model: fc.constantFrom("b", "x y z") }, { requiredKeys: [] });

    it("reads back what it prints, and -not inverts any rule on any device", () => {
      fc.assert(
        fc.property(tree, fc.option(device, { nil: undefined }), (node, d) => {
          const parsed = parseDeviceFilterRule(print(node));
          expect(parsed.ok).to.equal(true);
          const rule = compileDeviceFilter(node);
          expect(holds(print(node), d)).to.equal(rule(d));
          expect(holds(`-not (${print(node)})`, d)).to.equal(!rule(d));
        }),
        { numRuns: 500, seed: 62 },
      );
    });

    it("on an unregistered device, a rule of negative comparisons holds and one of positive comparisons does not", () => {
      const only = (negative: boolean) => leaf.filter((n) => n.kind === "compare" && NEGATIVE_OPERATORS.has(n.operator) === negative);
      for (const negative of [true, false]) {
        fc.assert(
          fc.property(fc.array(only(negative), { minLength: 1, maxLength: 4 }), fc.boolean(), (leaves, and) => {
            const rule = leaves.map((l) => `(${print(l)})`).join(and ? " -and " : " -or ");
            expect(holds(rule)).to.equal(negative);
          }),
          { numRuns: 200, seed: 63 },
        );
      }
    });
  });
});
