/**
 * The cluster record (`baseDir/cluster.json`): what a restart needs to bring a cluster back with
 * the same identity and credentials.
 */
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import { isRecord } from "../../src/glue/guards";
import { writeFileAtomic } from "./atomicWrite";
import { parseJson } from "./json";
import type { Layout } from "./layout";

export type CephStore = "memstore" | "bluestore";

/** The role the S3 user may assume through STS (created in users.ts). */
export const ROLE_NAME = "component-test-role";

const UPPER_ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/** What a restart needs to bring a cluster back with the same identity and credentials. */
export interface ClusterRecord {
  fsid: string;
  store: CephStore;
  monPort: number;
  rgwPort: number;
  osdId: number;
  stsKey: string;
  accessKeyId: string;
  secretAccessKey: string;
  roleArn: string;
  /** Keys of a second S3 user, who owns no rights on the first user's buckets. */
  secondAccessKeyId: string;
  secondSecretAccessKey: string;
}

function randomString(length: number, alphabet: string): string {
  let out = "";
  for (let i = 0; i < length; i++) out += alphabet[crypto.randomInt(alphabet.length)];
  return out;
}

/** A new identity with fresh keys; the ports and the OSD id are filled in while creating it. */
export function newClusterRecord(store: CephStore): ClusterRecord {
  return {
    fsid: crypto.randomUUID(),
    store,
    monPort: 0,
    rgwPort: 0,
    osdId: 0,
    stsKey: randomString(16, ALNUM),
    accessKeyId: randomString(20, UPPER_ALNUM),
    secretAccessKey: randomString(40, ALNUM),
    roleArn: `arn:aws:iam:::role/${ROLE_NAME}`,
    secondAccessKeyId: randomString(20, UPPER_ALNUM),
    secondSecretAccessKey: randomString(40, ALNUM),
  };
}

/** The recorded cluster, or undefined when there is none or it is incomplete. */
export function readClusterRecord(layout: Layout): ClusterRecord | undefined {
  let text: string;
  try {
    text = fs.readFileSync(layout.clusterFile, "utf8");
  } catch {
    return undefined;
  }
  const value = parseJson(text);
  if (!isRecord(value)) return undefined;
  const {
    fsid,
    store,
    monPort,
    rgwPort,
    osdId,
    stsKey,
    accessKeyId,
    secretAccessKey,
    roleArn,
    secondAccessKeyId,
    secondSecretAccessKey,
  } = value;
  if (
    typeof fsid !== "string" ||
    (store !== "memstore" && store !== "bluestore") ||
    typeof monPort !== "number" ||
    typeof rgwPort !== "number" ||
    typeof osdId !== "number" ||
    typeof stsKey !== "string" ||
    typeof accessKeyId !== "string" ||
    typeof secretAccessKey !== "string" ||
    typeof roleArn !== "string" ||
    typeof secondAccessKeyId !== "string" ||
    typeof secondSecretAccessKey !== "string"
  ) {
    return undefined;
  }
  return {
    fsid,
    store,
    monPort,
    rgwPort,
    osdId,
    stsKey,
    accessKeyId,
    secretAccessKey,
    roleArn,
    secondAccessKeyId,
    secondSecretAccessKey,
  };
}

export function saveClusterRecord(layout: Layout, record: ClusterRecord): void {
  writeFileAtomic(layout.clusterFile, `${JSON.stringify(record, null, 2)}\n`);
}
