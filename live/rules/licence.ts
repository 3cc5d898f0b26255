import type { Verdict } from "../../guard/rule";
import { liveRule, type LiveRule } from "./liveRule";
import type { LicencePlan } from "../../config/types";
import type { SubscribedSku } from "../tenant";

/** Service plans that carry Entra ID P1 / P2 in any SKU (Microsoft 365 E3/E5, EMS, Entra ID P1/P2 …). */
const P1_PLANS = ["AAD_PREMIUM", "AAD_PREMIUM_P2"];
const P2_PLANS = ["AAD_PREMIUM_P2"];

const active = (status?: string) => status === undefined || status === "Success" || status === "Enabled" || status === "PendingActivation";

/** The service plans of the tenant's active SKUs. */
function activePlans(skus: readonly SubscribedSku[]): { sku: string; plan: string }[] {
  return skus
    .filter((sku) => active(sku.capabilityStatus))
    .flatMap((sku) => sku.servicePlans.filter((sp) => active(sp.provisioningStatus)).map((sp) => ({ sku: sku.skuPartNumber, plan: sp.servicePlanName })));
}

/** The licence plan a tenant's subscribed SKUs carry: p2, p1 or free. */
export function licencePlanOf(skus: readonly SubscribedSku[]): LicencePlan {
  const plans = activePlans(skus).map((f) => f.plan);
  return plans.some((p) => P2_PLANS.includes(p)) ? "p2" : plans.some((p) => P1_PLANS.includes(p)) ? "p1" : "free";
}

/** Compliant: the tenant has a service plan for the stack's licence plan. */
export const liveLicence: LiveRule = liveRule({
  id: "EB-LIVE-LICENCE",
  description: "the stack's plan is not above the tenant's licence (subscribed SKUs)",
  check: (tenant, stack): Verdict[] => {
    if (stack.plan === "free") return [];
    const wanted = stack.plan === "p2" ? P2_PLANS : P1_PLANS;
    const found = activePlans(tenant.skus);
    if (found.some((f) => wanted.includes(f.plan))) return [];
    const skus = [...new Set(tenant.skus.map((s) => s.skuPartNumber))];
    return [
      {
        severity: "error",
        message:
          `plan is "${stack.plan}" but the tenant has no ${wanted.join(" or ")} service plan (subscribed SKUs: ${skus.join(", ") || "none"}); ` +
          `Graph would answer error 1039. ` +
          `Set plan to ${stack.plan === "p2" && found.some((f) => P1_PLANS.includes(f.plan)) ? "p1" : "free"}, or assign the licence first`,
      },
    ];
  },
});
