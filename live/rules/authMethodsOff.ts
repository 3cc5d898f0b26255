import { GRAPH_ENDPOINTS } from "../../graph/endpointTable";
import type { Verdict } from "../../guard/rule";
import { usersLeftWithout } from "../../step1/step1Report";
import { methodsByGroup, methodsTakenAway, usableAfter, usableNow } from "./authMethodsUsable";
import { liveRule, type LiveRule } from "./liveRule";

const NEXT_STEP =
  "Next step: set registrationCampaign: true so they register the Authenticator app, " +
  "issue a Temporary Access Pass (authenticationMethods.methods.temporaryAccessPass: enabled) to those who cannot register alone, " +
  "and meanwhile keep the method for a group of them ({ group: <object id> })";

/**
 * Refuses turning a method off (SMS and voice above all) while users or admins registered no other
 * usable method: counted live from the registration details. A method limited to a group
 * (`{ group: <object id> }`) counts as usable for the group's transitive members, read live with the details.
 * Without the details (no P1, no AuditLog.Read.All) it cannot count: a warning on plan free, where the report cannot exist, and
 * in previews; an error at `pulumi up` on p1/p2.
 */
export const authMethodsOff: LiveRule = liveRule({
  id: "EB-LIVE-AUTH-METHOD-OFF",
  description: "no method is turned off while users or admins have no other usable method registered",
  check: (tenant, stack): Verdict[] => {
    const am = stack.authenticationMethods;
    if (!am) return [];
    const taken = methodsTakenAway(am, tenant);
    if (taken.length === 0) return [];
    const what = `authenticationMethods turns ${taken.join(" and ")} off (or limits ${taken.length > 1 ? "them" : "it"} to a group)`;
    const report = tenant.step1;
    if (!report?.available) {
      const why = report ? report.message : "the registration details were not read";
      const severity = stack.plan === "free" || stack.phase !== "update" ? ("warning" as const) : ("error" as const);
      return [
        {
          severity,
          message: `${what}, but who registered only ${taken.join(" or ")} cannot be counted (${why}). ${
            stack.plan === "free"
              ? "A tenant without P1 cannot read the registration details: " +
                "make sure users registered the Authenticator app first (Security Defaults ask them to)"
              : `Grant ${GRAPH_ENDPOINTS.registrationDetails.permission} and run npm run plan -- --against live, or keep the method on until then`
          }`,
        },
      ];
    }
    // A method limited to a group stays usable for the group's transitive members (read live with the report).
    const lost = usersLeftWithout(report, usableAfter(am, tenant), methodsByGroup(am), usableNow(tenant));
    if (lost.users + lost.admins === 0) return [];
    const total = report.members.users + report.admins.users;
    return [
      {
        severity: "error",
        message:
          `${what}, but ${lost.users} users and ${lost.admins} admins (of ${total}) registered no other usable method and could no longer complete MFA. ` +
          `${NEXT_STEP}`,
      },
    ];
  },
});
