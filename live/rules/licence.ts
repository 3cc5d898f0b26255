import type { Finding } from "../../guard/finding";
import type { LiveRule } from "./liveRule";

/** Service plans that carry Entra ID P1 / P2 in any SKU (Microsoft 365 E3/E5, EMS, Entra ID P1/P2 …). */
const P1_PLANS = ["AAD_PREMIUM", "AAD_PREMIUM_P2"];
const P2_PLANS = ["AAD_PREMIUM_P2"];

const active = (status?: string) => status === undefined || status === "Success" || status === "Enabled" || status === "PendingActivation";

/** Compliant: the tenant has a service plan for the stack's licence plan. */
export const liveLicence: LiveRule = {
  id: "EB-LIVE-LICENCE",
  description: "the stack's plan is not above the tenant's licence (subscribed SKUs)",
  check: (tenant, stack): Finding[] => {
    if (stack.plan === "free") return [];
    const wanted = stack.plan === "p2" ? P2_PLANS : P1_PLANS;
    const found = tenant.skus.filter((sku) => active(sku.capabilityStatus)).flatMap((sku) => sku.servicePlans.filter((sp) => active(sp.provisioningStatus)).map((sp) => ({ sku: sku.skuPartNumber, plan: sp.servicePlanName })));
    if (found.some((f) => wanted.includes(f.plan))) return [];
    const skus = [...new Set(tenant.skus.map((s) => s.skuPartNumber))];
    return [
      {
        rule: "EB-LIVE-LICENCE",
        severity: "error",
        message: `plan is "${stack.plan}" but the tenant has no ${wanted.join(" or ")} service plan (subscribed SKUs: ${skus.join(", ") || "none"}); Graph would answer error 1039. Set plan to ${stack.plan === "p2" && found.some((f) => P1_PLANS.includes(f.plan)) ? "p1" : "free"}, or assign the licence first`,
      },
    ];
  },
};
