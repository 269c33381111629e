/** What every presigned URL shares: its expiry input, and the rule that it never outlives a role session. */
import { InputError } from "./clean";
import { roleSessionLasting } from "./client";
import { type AwsAccess, readConnection, stepConnection } from "./connectionSettings";
import { integerInput } from "./inputs";

/** SigV4 presigned URLs live at most 7 days. */
export const MAX_PRESIGN_SECONDS = 604_800;

export const expirationSeconds = integerInput("expirationSeconds", {
  label: "Expiration (seconds)",
  comments: "How long the URL works, from 1 to 604,800 seconds (7 days). With the role connection it cannot outlive the role session.",
  min: 1,
  max: MAX_PRESIGN_SECONDS,
  fallback: 3600,
});

/**
 * When the URLs will stop working. A URL signed by a role session dies with the session, so
 * the session is renewed when it would end first, and a URL longer than any session is refused.
 */
export async function presignExpiry(access: AwsAccess, seconds: number): Promise<Date> {
  const role = readConnection(stepConnection(access)).role;
  if (role && seconds > role.durationSeconds) {
    throw new InputError(
      { key: "expirationSeconds", label: "Expiration (seconds)" },
      `${seconds.toLocaleString("en-US")} s is longer than the connection's role session (${role.durationSeconds.toLocaleString("en-US")} s); the URL would stop working when the session ends. Lower the expiration, or raise the connection's Session Duration (up to the role's maximum session duration).`,
    );
  }
  const requested = new Date(Date.now() + seconds * 1000);
  const session = await roleSessionLasting(access, seconds);
  return session && session.expiresAt < requested ? session.expiresAt : requested;
}
