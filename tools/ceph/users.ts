/** The S3 user and the STS role it may assume, created with radosgw-admin. */

import { isRecord } from "../../src/glue/guards";
import type { Cluster } from "./cluster";
import { parseJson } from "./json";
import { ROLE_NAME } from "./record";

const USER_ID = "tester";

/** The S3 user, and a role it may assume through STS that allows s3:* on everything. */
export async function createUserAndRole(cluster: Cluster): Promise<void> {
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
  await Promise.all([user(), role()]);
  cluster.log(`user ${USER_ID} and role ${cluster.record.roleArn} created`);
}
