/** STS: GetCallerIdentity for the one identity, and AssumeRole with session lengths the test chose. */
import { randomBytes } from "node:crypto";
import type { Ctx } from "./context";
import { AwsError } from "./errors";
import { sendQuery } from "./responses";
import type { FakeAwsState } from "./state";
import { el, leaf } from "./xml";

export function handleSts(state: FakeAwsState, ctx: Ctx, action: string): void {
  const version = ctx.form.get("Version");
  if (action === "GetCallerIdentity" && version === "2011-06-15") {
    sendQuery(
      ctx,
      action,
      leaf("Arn", `arn:aws:iam::${state.accountId}:user/tester`) +
        leaf("UserId", state.userId) +
        leaf("Account", state.accountId),
    );
    return;
  }
  if (action === "AssumeRole" && version === "2011-06-15") {
    const seconds =
      state.roleSessionSeconds?.[state.roleSessions.length] ?? Number(ctx.form.get("DurationSeconds") ?? 3600);
    const session = {
      accessKeyId: `ASIA${randomBytes(8).toString("hex").toUpperCase()}`,
      sessionToken: randomBytes(24).toString("base64"),
      expiration: new Date(Math.floor(Date.now() / 1000) * 1000 + seconds * 1000),
    };
    state.roleSessions.push(session);
    const roleArn = ctx.form.get("RoleArn") ?? "";
    sendQuery(
      ctx,
      action,
      el(
        "Credentials",
        leaf("AccessKeyId", session.accessKeyId) +
          leaf("SecretAccessKey", randomBytes(30).toString("base64")) +
          leaf("SessionToken", session.sessionToken) +
          leaf("Expiration", session.expiration.toISOString()),
      ) +
        el(
          "AssumedRoleUser",
          leaf("Arn", `${roleArn}/${ctx.form.get("RoleSessionName") ?? ""}`) +
            leaf("AssumedRoleId", `AROA${state.userId.slice(4)}:session`),
        ),
    );
    return;
  }
  throw new AwsError(
    400,
    "InvalidAction",
    `Could not find operation ${action} for version ${version ?? "NO_VERSION_SPECIFIED"}`,
  );
}
