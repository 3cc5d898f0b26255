import type { Control } from "./normalise";
import { isHybridJoined } from "./deviceFilter";
import type { SignInDevice } from "./signIn";

/**
 * "Can this sign-in meet it": whether a sign-in is able to satisfy a grant control at all, as Microsoft documents
 * each control ("Conditional Access: Grant", "Conditional Access: Conditions"). What it asks is the What If level;
 * a control the sign-in cannot meet is, in effect, a block. docs/whatif.md cites the sentence behind each rule.
 */

/** What of a sign-in decides which controls it can meet. */
export interface SignInCapability {
  /** Legacy authentication (Exchange ActiveSync, other clients): no MFA, no device state. */
  readonly legacy: boolean;
  readonly clientAppType: string;
  /** The platform as the platforms condition sees it: a known platform in lower case, or "unknown". */
  readonly platform: string;
  /** Device code flow: the device that authenticates cannot pass its device state. */
  readonly deviceCodeFlow: boolean;
  /** The registered device; undefined when unregistered (or when its state cannot be passed). */
  readonly device: SignInDevice | undefined;
}

export const LEGACY_CANNOT = "legacy authentication cannot satisfy grant controls (no MFA, no device state)";
const COMPLIANT_PLATFORMS = new Set(["windows", "ios", "android", "macos", "linux"]);
const APP_PLATFORMS = new Set(["ios", "android"]);

/** Why the sign-in cannot meet the control, or undefined when it can. */
export function unmetReason(control: Control, s: SignInCapability): string | undefined {
  if (s.legacy) return LEGACY_CANNOT;
  if (control.kind !== "other") return undefined;
  switch (control.name) {
    case "compliantDevice":
      if (s.deviceCodeFlow) return "device code flow cannot pass the device's state, so a compliant device cannot be shown";
      if (!s.device) return "an unregistered device cannot be marked compliant";
      if (!COMPLIANT_PLATFORMS.has(s.platform)) return `a compliant device is supported only on Windows, iOS, Android, macOS and Linux, not ${s.platform}`;
      return s.device.isCompliant === true ? undefined : "the device is not marked compliant";
    case "domainJoinedDevice":
      if (s.deviceCodeFlow) return "device code flow cannot pass the device's state, so a hybrid joined device cannot be shown";
      if (!s.device) return "an unregistered device is not Microsoft Entra hybrid joined";
      if (s.platform !== "windows") return `a hybrid joined device is supported only on Windows, not ${s.platform}`;
      return isHybridJoined(s.device) ? undefined : "the device is not Microsoft Entra hybrid joined";
    case "approvedApplication":
      return APP_PLATFORMS.has(s.platform) ? undefined : `an approved client app is supported only on iOS and Android, not ${s.platform}`;
    case "compliantApplication":
      if (APP_PLATFORMS.has(s.platform)) return undefined;
      if (s.platform === "windows" && s.clientAppType === "browser") return undefined;
      return `an app protection policy is supported only on iOS and Android, and in Microsoft Edge on Windows, not ${s.platform}${
        s.platform === "windows" ? ` ${s.clientAppType}` : ""
      }`;
    default:
      return undefined;
  }
}
