import type { LiveTenant } from "../live/tenant";
import type { ReadTenantOptions } from "../live/readTenant";
import { methodGroupsOf } from "../live/rules/authMethodsUsable";
import { userNamesIn } from "../live/userNames";
import { progress } from "../text/progress";
import type { CommandIo } from "./runCommand";

/**
 * What `--against live` reads for a stack, the same for every command: the per-user MFA audit, the methods policy with
 * the break-glass accounts, the stack's UPNs to resolve, and progress meters, only at a terminal (CI logs and JSON on
 * stdout stay clean). `read` is the tenant reader with its client.
 */
export async function readLiveTenant(
  read: (options: ReadTenantOptions) => Promise<LiveTenant>,
  config: Readonly<Record<string, unknown>>,
  io: CommandIo,
): Promise<LiveTenant> {
  const meter = (label: string) => progress({ label, write: io.stderr, isTTY: io.stderrIsTTY === true });
  const perUserMfa = meter("per-user MFA audit: users");
  const registrationDetails = meter("registration details: users");
  try {
    return await read({
      auditPerUserMfa: true,
      authenticationMethods: {
        breakGlassUsers: Array.isArray(config.breakGlassUsers) ? config.breakGlassUsers.map(String) : [],
        // Groups a method is limited to: their transitive members keep the method (EB-LIVE-AUTH-METHOD-OFF).
        methodGroups: methodGroupsOf(config.authenticationMethods),
      },
      userNames: userNamesIn(config),
      progress: { perUserMfa: (done, total) => perUserMfa.update(done, total), registrationDetails: (done) => registrationDetails.update(done) },
    });
  } finally {
    perUserMfa.end();
    registrationDetails.end();
  }
}
