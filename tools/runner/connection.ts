/**
 * Which S3 the runner talks to: the embedded local S3 unless credentials are given, by the
 * usual AWS environment variables or by flags (flags win). Also how a connection is shown:
 * never with a secret.
 */
import * as path from "node:path";
import type { Connection } from "@prismatic-io/spectral";
import type { Component } from "@prismatic-io/spectral/dist/serverTypes";
import { CONNECTION_KEYS } from "../../src/aws/connectionFields";
import { type FlagValues, hasFlag, singleValue } from "./args";
import { UsageError } from "./io";

export const DEFAULT_REGION = "us-east-1";

/** The embedded S3's state lives here unless AWS_S3_LOCAL_DIR says otherwise. */
export const LOCAL_DIR_NAME = ".local-s3";

export interface ExternalS3 {
  kind: "external";
  connection: Connection;
  region: string;
  /** e.g. "AWS S3 (us-east-1)" or "the S3-compatible service at http://..." */
  description: string;
}

export interface EmbeddedPlan {
  kind: "embedded";
  baseDir: string;
  /** Set by --region; the embedded S3's own region otherwise. */
  region?: string;
}

export type ConnectionPlan = ExternalS3 | EmbeddedPlan;

/** Flags naming the service and its credentials. */
const KEY_FLAGS = ["endpoint-url", "access-key-id", "secret-access-key", "session-token", "role-arn", "external-id"];
export const CONNECTION_FLAGS: readonly string[] = ["embedded", "region", ...KEY_FLAGS];

const nonEmpty = (value: string | undefined): string | undefined =>
  value === undefined || value.trim() === "" ? undefined : value.trim();

export function connectionValue(
  key: (typeof CONNECTION_KEYS)[keyof typeof CONNECTION_KEYS],
  fields: Record<string, string>,
): Connection {
  return { key, configVarKey: key, fields };
}

/** The S3 named by flags and environment, or the embedded one when none is. */
export function planConnection(
  flags: Map<string, FlagValues>,
  env: NodeJS.ProcessEnv,
  projectDir: string,
): ConnectionPlan {
  const flag = (name: string) => nonEmpty(singleValue(flags, name));
  const regionFlag = flag("region");
  const embedded = (): EmbeddedPlan => ({
    kind: "embedded",
    baseDir: path.resolve(projectDir, nonEmpty(env.AWS_S3_LOCAL_DIR) ?? LOCAL_DIR_NAME),
    region: regionFlag,
  });
  if (hasFlag(flags, "embedded")) {
    const clash = KEY_FLAGS.filter((name) => hasFlag(flags, name));
    if (clash.length > 0)
      throw new UsageError(
        `--embedded uses the embedded local S3 and its own keys; drop ${clash.map((name) => `--${name}`).join(", ")}.`,
      );
    return embedded();
  }
  const source = (flagName: string, envName: string) => {
    const fromFlag = flag(flagName);
    if (fromFlag !== undefined) return { value: fromFlag, name: `--${flagName}` };
    const fromEnv = nonEmpty(env[envName]);
    return fromEnv === undefined ? undefined : { value: fromEnv, name: envName };
  };
  const accessKeyId = source("access-key-id", "AWS_ACCESS_KEY_ID");
  const secretAccessKey = source("secret-access-key", "AWS_SECRET_ACCESS_KEY");
  const sessionToken = source("session-token", "AWS_SESSION_TOKEN");
  const roleArn = source("role-arn", "AWS_ROLE_ARN");
  const endpoint = source("endpoint-url", "S3_ENDPOINT");
  const externalId = flag("external-id");
  const region = regionFlag ?? nonEmpty(env.AWS_REGION) ?? nonEmpty(env.AWS_DEFAULT_REGION) ?? DEFAULT_REGION;

  if (accessKeyId === undefined && secretAccessKey === undefined) {
    const stray = [endpoint, roleArn, sessionToken].filter((given) => given !== undefined).map((given) => given?.name);
    if (stray.length > 0) {
      throw new UsageError(
        `${orJoin(stray)} ${stray.length === 1 ? "is" : "are"} set, but no credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or --access-key-id and --secret-access-key) for that service, or unset ${stray.length === 1 ? "it" : "them"} to use the embedded local S3.`,
      );
    }
    if (externalId !== undefined)
      throw new UsageError("--external-id only applies with a role (--role-arn or AWS_ROLE_ARN).");
    return embedded();
  }
  if (accessKeyId === undefined || secretAccessKey === undefined) {
    const [given, missing] =
      accessKeyId === undefined
        ? [secretAccessKey?.name, "AWS_ACCESS_KEY_ID (or --access-key-id)"]
        : [accessKeyId.name, "AWS_SECRET_ACCESS_KEY (or --secret-access-key)"];
    throw new UsageError(`${given} is set but ${missing} is not: give both halves of the access key pair.`);
  }
  if (endpoint !== undefined && !/^https?:\/\/[^\s/]+/.test(endpoint.value)) {
    throw new UsageError(
      `${endpoint.name} "${endpoint.value}" is not an http:// or https:// URL, e.g. http://127.0.0.1:9000.`,
    );
  }
  const common = {
    accessKeyId: accessKeyId.value,
    secretAccessKey: secretAccessKey.value,
    endpoint: endpoint?.value ?? "",
    // Self-hosted S3-compatible services (MinIO, Ceph, IP addresses) need path-style URLs.
    forcePathStyle: endpoint === undefined ? "false" : "true",
  };
  const where =
    endpoint === undefined ? `AWS S3 (${region})` : `the S3-compatible service at ${endpoint.value} (region ${region})`;
  if (roleArn !== undefined) {
    if (sessionToken !== undefined) {
      throw new UsageError(
        `The role connection assumes ${roleArn.name} with a long-term access key; ${sessionToken.name} cannot be used with it. Unset one of the two.`,
      );
    }
    const fields: Record<string, string> = { ...common, roleARN: roleArn.value };
    if (externalId !== undefined) fields.externalId = externalId;
    return {
      kind: "external",
      region,
      connection: connectionValue(CONNECTION_KEYS.role, fields),
      description: `${where}, assuming ${roleArn.value}`,
    };
  }
  if (externalId !== undefined)
    throw new UsageError("--external-id only applies with a role (--role-arn or AWS_ROLE_ARN).");
  const fields: Record<string, string> = { ...common, sessionToken: sessionToken?.value ?? "" };
  return { kind: "external", region, connection: connectionValue(CONNECTION_KEYS.keyPair, fields), description: where };
}

function orJoin(names: (string | undefined)[]): string {
  const defined = names.filter((name): name is string => name !== undefined);
  return defined.length <= 1
    ? defined.join("")
    : `${defined.slice(0, -1).join(", ")} and ${defined[defined.length - 1]}`;
}

/** Names of every connection field typed password, across the component's connections. */
export function secretFieldNames(component: Component): Set<string> {
  const names = new Set<string>();
  for (const connection of component.connections) {
    for (const input of connection.inputs) if (input.type === "password") names.add(input.key);
  }
  return names;
}

/** The values the output must never show: the connection's secrets. */
export function secretValues(connection: Connection, secretFields: ReadonlySet<string>): string[] {
  return Object.entries(connection.fields).flatMap(([name, value]) =>
    secretFields.has(name) && typeof value === "string" && value !== "" ? [value] : [],
  );
}

/** A connection as it may be shown: secrets masked, the access key ID cut to its last 4 characters. */
export function maskedConnection(connection: Connection, secretFields: ReadonlySet<string>): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(connection.fields)) {
    if (value === undefined || value === "") continue;
    if (secretFields.has(name)) fields[name] = "********";
    else if (name === "accessKeyId" && typeof value === "string") fields[name] = `****${value.slice(-4)}`;
    else fields[name] = value;
  }
  return { key: connection.key, fields };
}
