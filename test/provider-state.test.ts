import { expect } from "chai";
import fc from "fast-check";
import {
  AUTHENTICATION_METHODS_POLICY_ID,
  authenticationMethodsProvider,
  checkAuthenticationMethods,
  diffAuthenticationMethods,
} from "../components/authenticationMethodsProvider";
import { unknownAt, UNKNOWN_DURING_PREVIEW } from "../components/dynamicInputs";
import { checkPerUserMfa, perUserMfaProvider } from "../components/perUserMfaProvider";
import { registrationCampaignProvider } from "../components/registrationCampaign";
import { checkSecurityDefaults, diffSecurityDefaults, SECURITY_DEFAULTS_ID, securityDefaultsProvider } from "../components/securityDefaultsProvider";
import type { GraphDouble } from "./graph-double/server";
import { caFileFor, pipelineEnvironment, useGraphDouble, usePipelineEnvironment } from "./support/graphClient";
import { rejection } from "./support/rejection";
import { BREAK_GLASS_USER, PILOT_GROUP, SECOND_BREAK_GLASS_USER } from "./fixtures/ids";

/** Previous states a stack can hold: none (import), junk, an older version's, or another resource's. */
const CORRUPT_STATES: [string, unknown][] = [
  ["no previous state", undefined],
  ["null", null],
  ["a string", "isEnabled=true"],
  ["a list", [true]],
  ["a non-boolean isEnabled and junk keys", { isEnabled: "yes", secret: "x", __proto__x: 1, cloud: "mars" }],
  ["an older version's (no cloud, extra fields)", { isEnabled: true, version: 1, lastRead: "2024-01-01" }],
];

describe("dynamic providers survive any previous state and never send an unknown value", () => {
  describe("unknownAt", () => {
    it("finds Pulumi's unknown-value placeholder anywhere in the inputs", () => {
      const { unknownValue } = require("@pulumi/pulumi/runtime/rpc") as { unknownValue: string };
      expect(unknownAt({ mode: "enforce", users: ["a", unknownValue] })).to.equal("users[1]");
      expect(unknownAt(unknownValue)).to.equal("the inputs");
      expect(unknownAt({ a: { b: [1, { c: "x" }] } })).to.equal(undefined);
    });
  });

  describe("Security Defaults diff", () => {
    for (const [name, olds] of CORRUPT_STATES.slice(0, -1)) {
      it(`reports a change, never throws, with ${name}`, () => {
        expect(diffSecurityDefaults(olds as Record<string, unknown>, { isEnabled: true })).to.deep.include({ changes: true, replaces: [] });
      });
    }

    it("reads an older version's state by its isEnabled, ignoring fields it no longer has", () => {
      const [, older] = CORRUPT_STATES.at(-1)!;
      expect(diffSecurityDefaults(older as Record<string, unknown>, { isEnabled: true })).to.deep.include({ changes: false });
      expect(diffSecurityDefaults(older as Record<string, unknown>, { isEnabled: false })).to.deep.include({ changes: true });
    });

    it("never throws and never replaces, whatever the previous and new inputs (property)", () => {
      fc.assert(
        fc.property(fc.anything(), fc.anything(), (olds, news) => {
          const diff = diffSecurityDefaults(olds as Record<string, unknown>, news as Record<string, unknown>);
          expect(diff.replaces).to.deep.equal([]);
          expect(diff.changes).to.be.a("boolean");
        }),
      );
    });
  });

  describe("Security Defaults check (property)", () => {
    it("accepts only a boolean (or unknown) isEnabled and a known cloud, never throws", () => {
      fc.assert(
        fc.property(fc.anything(), (news) => {
          const result = checkSecurityDefaults(news as Record<string, unknown>);
          const record = (news ?? {}) as Record<string, unknown>;
          if (result.inputs) expect(typeof record.isEnabled === "boolean" || record.isEnabled === UNKNOWN_DURING_PREVIEW).to.equal(true);
          else expect(result.failures).to.not.be.empty;
        }),
      );
    });
  });

  describe("per-user MFA check", () => {
    it("rejects user ids that are not GUIDs, naming them", () => {
      const result = checkPerUserMfa({ mode: "enforce", users: [BREAK_GLASS_USER, "alice@contoso.com", 42] });
      expect(result.failures).to.deep.equal([{ property: "users", reason: 'user ids must be object ids (GUIDs), got "alice@contoso.com", 42' }]);
    });

    it("rejects the same user twice in different letter case, and returns the ids lower-cased", () => {
      expect(checkPerUserMfa({ mode: "enforce", users: [BREAK_GLASS_USER, BREAK_GLASS_USER.toUpperCase()] }).failures![0].reason).to.contain("twice");
      expect(checkPerUserMfa({ mode: "enforce", users: [SECOND_BREAK_GLASS_USER.toUpperCase()] }).inputs).to.deep.equal({
        mode: "enforce",
        users: [SECOND_BREAK_GLASS_USER],
      });
    });

    it("rejects users with disable, an unknown cloud, and inputs that are not an object", () => {
      expect(checkPerUserMfa({ mode: "disable", users: [BREAK_GLASS_USER] }).failures![0].property).to.equal("users");
      expect(checkPerUserMfa({ mode: "disable", cloud: "mars" }).failures![0].property).to.equal("cloud");
      expect(checkPerUserMfa(null).failures![0].property).to.equal("mode");
    });

    it("accepts only valid modes and GUID users, never throws (property)", () => {
      const users = fc.option(fc.array(fc.oneof(fc.uuid(), fc.string(), fc.anything()), { maxLength: 4 }), { nil: undefined });
      fc.assert(
        fc.property(fc.oneof(fc.constantFrom("disable", "enforce"), fc.anything()), users, fc.anything(), (mode, list, junk) => {
          const result = checkPerUserMfa({ mode, users: list, extra: junk });
          if (!result.inputs) return;
          expect(mode).to.be.oneOf(["disable", "enforce"]);
          for (const id of (result.inputs.users as unknown[] | undefined) ?? []) expect(id).to.match(/^[0-9a-f-]{36}$/);
        }),
      );
    });
  });

  describe("authentication methods check and diff", () => {
    const smsOff = { methods: { sms: { state: "disabled", target: "all_users" } } };

    it("returns group ids lower-cased, and rejects unknown keys, a method's extra keys and unknown setting values, naming each", () => {
      expect(checkAuthenticationMethods({ methods: { sms: { state: "enabled", target: PILOT_GROUP.toUpperCase() } } }).inputs).to.deep.equal({
        methods: { sms: { state: "enabled", target: PILOT_GROUP } },
      });
      const result = checkAuthenticationMethods({
        methods: { sms: { state: "enabled", target: "all_users", excludeTargets: [] }, toString: { state: "enabled", target: "all_users" } },
        authenticatorContext: "on",
        policyMigrationState: "done",
        secret: "x",
      });
      expect(result.failures!.map((f) => f.property)).to.deep.equal([
        "secret",
        "methods.sms",
        "methods.toString",
        "authenticatorContext",
        "policyMigrationState",
      ]);
      expect(checkAuthenticationMethods(null).failures![0].property).to.equal("methods");
      expect(checkAuthenticationMethods({ ...smsOff, enforcedByMicrosoft: { numberMatching: "disabled" } }).failures![0].property).to.equal(
        "enforcedByMicrosoft",
      );
    });

    it("accepts Pulumi's own __provider input", () => {
      expect(checkAuthenticationMethods({ ...smsOff, __provider: "exports.handler = ..." })).to.have.property("inputs");
    });

    for (const [name, olds] of CORRUPT_STATES) {
      it(`reports a change, never throws, with ${name}`, () => {
        expect(diffAuthenticationMethods(olds, smsOff)).to.deep.include({ changes: true, replaces: [] });
      });
    }

    it("reports a change when a value is not known yet, and none when the previous state matches", () => {
      expect(diffAuthenticationMethods(smsOff, { methods: UNKNOWN_DURING_PREVIEW }).changes).to.equal(true);
      expect(diffAuthenticationMethods(smsOff, { methods: { sms: { state: "disabled", target: UNKNOWN_DURING_PREVIEW } } }).changes).to.equal(true);
      expect(diffAuthenticationMethods({ ...smsOff, enforcedByMicrosoft: {}, __provider: "x" }, { ...smsOff, __provider: "y" }).changes).to.equal(false);
    });

    it("never throws and never replaces, whatever the previous and new inputs (property)", () => {
      fc.assert(
        fc.property(fc.anything(), fc.anything(), (olds, news) => {
          const diff = diffAuthenticationMethods(olds, news);
          expect(diff.replaces).to.deep.equal([]);
          expect(diff.changes).to.be.a("boolean");
        }),
      );
    });

    it("accepts only known methods with a GUID or all_users target, never throws (property)", () => {
      const method = fc.record({
        state: fc.oneof(fc.constantFrom("enabled", "disabled"), fc.anything()),
        target: fc.oneof(fc.constant("all_users"), fc.uuid(), fc.string()),
      });
      fc.assert(
        fc.property(fc.dictionary(fc.oneof(fc.constantFrom("sms", "voice", "fido2"), fc.string()), method, { maxKeys: 3 }), fc.anything(), (methods, junk) => {
          const result = checkAuthenticationMethods({ methods, ...(junk === undefined ? {} : { junk }) });
          if (!result.inputs) {
            expect(result.failures).to.not.be.empty;
            return;
          }
          expect(junk).to.equal(undefined);
          for (const m of Object.values(result.inputs.methods as Record<string, { state: string; target: string }>)) {
            expect(m.state).to.be.oneOf(["enabled", "disabled"]);
            expect(m.target).to.match(/^(all_users|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/);
          }
        }),
      );
    });
  });

  describe("against the Graph double", () => {
    let double: GraphDouble;
    useGraphDouble((started) => (double = started));
    usePipelineEnvironment(() => pipelineEnvironment(double, caFileFor(double)));

    for (const [name, props] of CORRUPT_STATES) {
      it(`Security Defaults read re-reads the tenant cleanly with ${name}: no junk keys`, async () => {
        double.tenant.securityDefaults = false;
        const result = await securityDefaultsProvider.read!("junk-id", props as never);
        expect(result).to.deep.equal({ id: SECURITY_DEFAULTS_ID, props: { isEnabled: false } });
      });
    }

    it("Security Defaults read keeps a known cloud from the state", async () => {
      const result = await securityDefaultsProvider.read!(SECURITY_DEFAULTS_ID, { isEnabled: false, cloud: "global", junk: 1 } as never);
      expect(result.props).to.deep.equal({ isEnabled: true, cloud: "global" });
    });

    it("Security Defaults read refuses an answer without a boolean isEnabled, rather than recording off", async () => {
      double.faults.push({ kind: "answer", status: 200, body: { id: "x" } });
      const err = await rejection(securityDefaultsProvider.read!(SECURITY_DEFAULTS_ID, { isEnabled: true } as never));
      expect(err.message).to.contain("isEnabled").and.contain("not what entra-baseline reads");
    });

    for (const [name, inputs] of [
      ["an unknown isEnabled", { isEnabled: UNKNOWN_DURING_PREVIEW }],
      ["an unknown cloud", { isEnabled: false, cloud: UNKNOWN_DURING_PREVIEW }],
      ["a string isEnabled", { isEnabled: "false" }],
      ["no inputs", undefined],
    ] as const) {
      it(`Security Defaults create and update refuse ${name}, sending Graph nothing`, async () => {
        const created = await rejection(securityDefaultsProvider.create!(inputs as never));
        const updated = await rejection(securityDefaultsProvider.update!(SECURITY_DEFAULTS_ID, { isEnabled: true }, inputs as never));
        for (const err of [created, updated]) expect(err.message).to.match(/^Security Defaults: .*nothing was sent to Graph/);
        expect(double.graphRequests()).to.deep.equal([]);
        expect(double.tenant.securityDefaults).to.equal(true);
      });
    }

    it("Security Defaults update writes the declared value whatever the previous state held", async () => {
      await securityDefaultsProvider.update!(SECURITY_DEFAULTS_ID, "junk" as never, { isEnabled: false });
      expect(double.tenant.securityDefaults).to.equal(false);
    });

    for (const [name, inputs] of [
      ["an unknown user", { mode: "enforce", users: [BREAK_GLASS_USER, UNKNOWN_DURING_PREVIEW] }],
      ["an unknown mode", { mode: UNKNOWN_DURING_PREVIEW }],
      ["a user id that is not a GUID", { mode: "enforce", users: ["../../policies"] }],
      ["no inputs", null],
    ] as const) {
      it(`per-user MFA create and update refuse ${name}, sending Graph nothing`, async () => {
        const created = await rejection(perUserMfaProvider.create!(inputs as never));
        const updated = await rejection(perUserMfaProvider.update!("per-user-mfa-enforce", undefined as never, inputs as never));
        for (const err of [created, updated]) expect(err.message).to.match(/^per-user MFA: .*nothing was sent to Graph/);
        expect(double.graphRequests()).to.deep.equal([]);
      });
    }

    it("per-user MFA read refuses a corrupt state by name, sending Graph nothing; a diff from one is an update", async () => {
      for (const [name, props] of CORRUPT_STATES) {
        const err = await rejection(perUserMfaProvider.read!("per-user-mfa-disable", props as never));
        expect(err.message, name).to.match(/^per-user MFA: the state does not say what to audit \(.+\); run pulumi up to write it again$/);
        // Pulumi's provider host prints a read's error as `${e}: ${e.stack}`: no stack trace to print.
        expect(err.stack, name).to.equal("");
        const diff = await perUserMfaProvider.diff!("per-user-mfa-disable", props as never, { mode: "disable", usersNotInMode: 0 });
        expect([diff.changes, diff.replaces], name).to.deep.equal([true, []]);
      }
      expect(double.graphRequests()).to.deep.equal([]);
    });

    it("registration campaign read re-reads cleanly from a corrupt state: known keys only", async () => {
      for (const [, props] of CORRUPT_STATES) {
        const result = await registrationCampaignProvider.read!("authenticationMethodsRegistrationCampaign", props as never);
        expect(Object.keys(result.props!).sort()).to.deep.equal(["excludeGroups", "excludeUsers", "snoozeDurationInDays", "state"]);
        expect(result.props!.state).to.equal("default");
      }
    });

    for (const [name, inputs] of [
      ["an unknown break-glass user", { excludeUsers: [UNKNOWN_DURING_PREVIEW], excludeGroups: [], snoozeDurationInDays: 1 }],
      ["break-glass users that are not a list of GUIDs", { excludeUsers: "everyone", excludeGroups: [], snoozeDurationInDays: 1 }],
      ["no inputs", undefined],
    ] as const) {
      it(`registration campaign create and update refuse ${name}, sending Graph nothing`, async () => {
        const created = await rejection(registrationCampaignProvider.create!(inputs as never));
        const updated = await rejection(registrationCampaignProvider.update!("x", undefined as never, inputs as never));
        for (const err of [created, updated]) expect(err.message).to.match(/^registration campaign: .*nothing was sent to Graph/);
        expect(double.graphRequests()).to.deep.equal([]);
      });
    }

    for (const [name, props] of CORRUPT_STATES) {
      it(`authentication methods read re-reads the tenant cleanly with ${name}: known keys only`, async () => {
        const result = await authenticationMethodsProvider.read!("junk-id", props as never);
        expect(result.id).to.equal(AUTHENTICATION_METHODS_POLICY_ID);
        expect(Object.keys(result.props!).sort()).to.deep.equal([
          "authenticatorContext",
          "enforcedByMicrosoft",
          "methods",
          "policyMigrationState",
          "systemPreferredMfa",
        ]);
        expect(result.props!.methods.sms).to.deep.equal({ state: "enabled", target: "all_users" });
      });
    }

    it("authentication methods read keeps a known cloud and the declared methods from the state, nothing else", async () => {
      const result = await authenticationMethodsProvider.read!(AUTHENTICATION_METHODS_POLICY_ID, {
        methods: { sms: {}, pigeon: {} },
        cloud: "global",
        junk: 1,
      } as never);
      expect(result.props!.cloud).to.equal("global");
      expect(result.props!.methods).to.deep.equal({ sms: { state: "enabled", target: "all_users" } });
      expect(result.props).to.not.have.property("junk");
    });

    for (const [name, inputs] of [
      ["unknown methods", { methods: UNKNOWN_DURING_PREVIEW }],
      ["an unknown group target", { methods: { sms: { state: "enabled", target: UNKNOWN_DURING_PREVIEW } } }],
      ["an unknown setting", { methods: { sms: { state: "disabled", target: "all_users" } }, systemPreferredMfa: UNKNOWN_DURING_PREVIEW }],
      ["a group target that is not a GUID", { methods: { sms: { state: "enabled", target: "../../policies" } } }],
      ["an unknown method", { methods: { pigeon: { state: "enabled", target: "all_users" } } }],
      ["no inputs", undefined],
    ] as const) {
      it(`authentication methods create and update refuse ${name}, sending Graph nothing`, async () => {
        const created = await rejection(authenticationMethodsProvider.create!(inputs as never));
        const updated = await rejection(authenticationMethodsProvider.update!(AUTHENTICATION_METHODS_POLICY_ID, undefined as never, inputs as never));
        for (const err of [created, updated]) expect(err.message).to.match(/^authentication methods: .*nothing was sent to Graph/);
        expect(double.graphRequests()).to.deep.equal([]);
      });
    }

    it("authentication methods update writes a group target lower-cased whatever the previous state held, outputs known keys only", async () => {
      const result = await authenticationMethodsProvider.update!(
        "x",
        "corrupt" as never,
        {
          methods: { sms: { state: "enabled", target: PILOT_GROUP.toUpperCase() } },
          junk: true,
          __provider: "code",
        } as never,
      );
      expect(result.outs).to.deep.equal({ methods: { sms: { state: "enabled", target: PILOT_GROUP } }, enforcedByMicrosoft: { numberMatching: "enabled" } });
      expect(double.tenant.authenticationMethodConfigurations.find((c) => c.id === "Sms")!.includeTargets[0].id).to.equal(PILOT_GROUP);
    });

    it("registration campaign create excludes break-glass ids as lower-cased GUIDs", async () => {
      const result = await registrationCampaignProvider.create!({
        excludeUsers: [BREAK_GLASS_USER.toUpperCase()],
        excludeGroups: [],
        snoozeDurationInDays: 1,
        junk: true,
      } as never);
      expect(result.outs).to.deep.equal({ excludeUsers: [BREAK_GLASS_USER], excludeGroups: [], snoozeDurationInDays: 1, state: "enabled" });
      expect(double.tenant.registrationCampaign.excludeTargets).to.deep.equal([{ id: BREAK_GLASS_USER, targetType: "user" }]);
    });

    it("per-user MFA update enforces users given in upper case, as Graph's lower-case ids, whatever the previous state", async () => {
      double.tenant.users.set(BREAK_GLASS_USER, { id: BREAK_GLASS_USER, userPrincipalName: "u@contoso.com", perUserMfaState: "disabled" });
      const result = await perUserMfaProvider.update!(
        "per-user-mfa-enforce",
        "corrupt" as never,
        { mode: "enforce", users: [BREAK_GLASS_USER.toUpperCase()] } as never,
      );
      expect(result.outs).to.deep.include({ users: [BREAK_GLASS_USER], changed: 1 });
      expect(double.tenant.users.get(BREAK_GLASS_USER)!.perUserMfaState).to.equal("enforced");
    });
  });
});
