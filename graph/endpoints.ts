import type { Cloud } from "../config/types";

/** Microsoft Graph and the sign-in authority of each national cloud. */
export const CLOUDS: Readonly<Record<Cloud, { readonly graph: string; readonly authority: string }>> = {
  global: { graph: "https://graph.microsoft.com", authority: "https://login.microsoftonline.com" },
  usgovernment: { graph: "https://graph.microsoft.us", authority: "https://login.microsoftonline.us" },
  china: { graph: "https://microsoftgraph.chinacloudapi.cn", authority: "https://login.chinacloudapi.cn" },
};

/** The azuread provider's `ARM_ENVIRONMENT` names. */
const ARM_ENVIRONMENTS: Readonly<Record<string, Cloud>> = {
  public: "global",
  global: "global",
  usgovernment: "usgovernment",
  usgovernmentl4: "usgovernment",
  china: "china",
};

/**
 * Microsoft's sign-in hosts, which MSAL knows (instance discovery stays on for them). An array,
 * not a Set: this module is inlined into the serialized Security Defaults provider.
 */
const MICROSOFT_LOGIN_HOSTS: readonly string[] = [
  "login.microsoftonline.com",
  "login.microsoft.com",
  "login.windows.net",
  "sts.windows.net",
  "login.microsoftonline.us",
  "login.usgovcloudapi.net",
  "login.chinacloudapi.cn",
];

function hostOf(url: string): string {
  try {
    return new URL(url).host.toLowerCase();
  } catch {
    return "";
  }
}

export interface GraphEndpoints {
  readonly graph: string;
  readonly authority: string;
  /** Whether the authority is one of Microsoft's: otherwise instance discovery is turned off. */
  readonly knownAuthority: boolean;
}

/**
 * Where Graph and the token authority are: the stack's `cloud` (or `ARM_ENVIRONMENT`), and
 * `ENTRA_BASELINE_GRAPH_ENDPOINT` / `AZURE_AUTHORITY_HOST` for anything else (a private endpoint, a test double).
 */
export function resolveEndpoints(cloud: Cloud | undefined, env: NodeJS.ProcessEnv = process.env): GraphEndpoints {
  const chosen = cloud ?? ARM_ENVIRONMENTS[(env.ARM_ENVIRONMENT ?? "").toLowerCase()] ?? "global";
  const base = CLOUDS[chosen];
  const authority = (env.AZURE_AUTHORITY_HOST ?? base.authority).replace(/\/+$/, "");
  const known = MICROSOFT_LOGIN_HOSTS.includes(hostOf(authority));
  return {
    graph: (env.ENTRA_BASELINE_GRAPH_ENDPOINT ?? base.graph).replace(/\/+$/, ""),
    authority,
    knownAuthority: known,
  };
}
