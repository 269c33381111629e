/** The S3 users and the STS role the first may assume, created with radosgw-admin. */

import { isRecord } from "../../src/glue/guards";
import type { Cluster } from "./cluster";
import { parseJson } from "./json";
import { ROLE_NAME } from "./record";

/** The first user: LocalS3.accessKeyId is its key. */
export const USER_ID = "tester";
/** A second user: its keys cannot read the first user's buckets (nor the first its buckets). */
const SECOND_USER_ID = "tester2";

/**
 * The S3 user, a role it may assume through STS that allows s3:* on everything, and a second
 * user without any caps.
 */
export async function createUsersAndRole(cluster: Cluster): Promise<void> {
  const trust = {
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Principal: { AWS: [`arn:aws:iam:::user/${USER_ID}`] },
        Action: ["sts:AssumeRole"],
      },
    ],
  };
  const permissions = {
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Action: ["s3:*"], Resource: ["arn:aws:s3:::*"] }],
  };
  const user = async (): Promise<void> => {
    await cluster.admin([
      "user",
      "create",
      `--uid=${USER_ID}`,
      "--display-name=Component tests",
      `--access-key=${cluster.record.accessKeyId}`,
      `--secret=${cluster.record.secretAccessKey}`,
    ]);
    await cluster.admin(["caps", "add", `--uid=${USER_ID}`, "--caps=roles=*;user-policy=*"]);
  };
  const role = async (): Promise<void> => {
    const created = parseJson(
      await cluster.admin([
        "role",
        "create",
        `--role-name=${ROLE_NAME}`,
        "--path=/",
        `--assume-role-policy-doc=${JSON.stringify(trust)}`,
      ]),
    );
    if (isRecord(created) && typeof created.Arn === "string") cluster.record.roleArn = created.Arn;
    await cluster.admin([
      "role-policy",
      "put",
      `--role-name=${ROLE_NAME}`,
      "--policy-name=s3-all",
      `--policy-doc=${JSON.stringify(permissions)}`,
    ]);
  };
  const secondUser = async (): Promise<void> => {
    await cluster.admin([
      "user",
      "create",
      `--uid=${SECOND_USER_ID}`,
      "--display-name=Component tests, second user",
      `--access-key=${cluster.record.secondAccessKeyId}`,
      `--secret=${cluster.record.secondSecretAccessKey}`,
    ]);
  };
  await Promise.all([user(), role(), secondUser()]);
  cluster.log(`users ${USER_ID} and ${SECOND_USER_ID} and role ${cluster.record.roleArn} created`);
}
