/**
 * What a step authenticates with, read into typed settings: its connection (`accessKey`, or
 * `awsConnection` on the SNS actions), or, as in Prismatic's own component, credentials given
 * to the step itself (`dynamicAccessKeyId`, `dynamicSecretAccessKey`, `dynamicSessionToken`).
 * A broken connection is refused with a ConnectionError that names the field; the error
 * carries a copy of the connection without its fields, so no secret can travel with it.
 */
import { type Connection, ConnectionError } from "@prismatic-io/spectral";
import { InputError } from "../glue/clean";
import { flagOf, isConnection, scalarText } from "../glue/guards";
import { refOf } from "../glue/inputKit";
import { dynamicCredentials, s3Access, snsAccess } from "./accessInputs";
import { CONNECTION_KEYS, type ConnectionField, fieldName, ROLE_SESSION_DEFAULTS } from "./connectionFields";

/** The inputs a step authenticates with, and its region; every action's params carry them. */
export interface AwsAccess {
  accessKey?: Connection;
  awsConnection?: Connection;
  dynamicAccessKeyId?: string;
  dynamicSecretAccessKey?: string;
  dynamicSessionToken?: string;
  awsRegion?: string;
}

/** Per-step credentials travel through the client factory as a connection of this key. */
export const DYNAMIC_CREDENTIALS = "dynamicCredentials";

/**
 * The connection a step uses: the one it was given, or its dynamic credentials. Like the
 * official component, the two exclude each other, so a step never silently uses other
 * credentials than the builder meant.
 */
export function stepConnection(access: AwsAccess): Connection {
  const connection = [access.accessKey, access.awsConnection].find(isConnection);
  const keyId = access.dynamicAccessKeyId?.trim() || undefined;
  const secret = access.dynamicSecretAccessKey?.trim() || undefined;
  const keyIdInput = refOf(dynamicCredentials.dynamicAccessKeyId);
  const secretInput = refOf(dynamicCredentials.dynamicSecretAccessKey);
  const connectionInput = refOf("awsConnection" in access ? snsAccess.awsConnection : s3Access.accessKey);
  if (connection !== undefined) {
    if (keyId !== undefined || secret !== undefined) {
      throw new InputError(
        keyId !== undefined ? keyIdInput : secretInput,
        `give either a Connection (${connectionInput.key}) or dynamic credentials, not both: clear ${keyIdInput.label} and ${secretInput.label} to use the connection, or clear the Connection.`,
      );
    }
    return connection;
  }
  if (keyId === undefined || secret === undefined) {
    const missing = keyId === undefined ? keyIdInput : secretInput;
    throw new InputError(
      connectionInput,
      keyId === undefined && secret === undefined
        ? `no credentials were given. Choose an Amazon S3 connection for this step, or give ${keyIdInput.label} (${keyIdInput.key}) and ${secretInput.label} (${secretInput.key}).`
        : `no connection was given and ${missing.label} (${missing.key}) is empty: give both dynamic credentials, or choose a connection.`,
    );
  }
  const sessionToken = access.dynamicSessionToken?.trim() || undefined;
  return {
    key: DYNAMIC_CREDENTIALS,
    configVarKey: "",
    fields: { accessKeyId: keyId, secretAccessKey: secret, ...(sessionToken ? { sessionToken } : {}) },
  };
}

/** How messages name the credentials of a connection: the connection's, or the step's own inputs. */
export function credentialsOwner(connection: Connection): string {
  const keyId = refOf(dynamicCredentials.dynamicAccessKeyId).key;
  const secret = refOf(dynamicCredentials.dynamicSecretAccessKey).key;
  return connection.key === DYNAMIC_CREDENTIALS
    ? `the step's dynamic credentials (${keyId}, ${secret})`
    : "the connection's credentials";
}

export interface RoleSettings {
  roleArn: string;
  externalId?: string;
  sessionName: string;
  durationSeconds: number;
}

export interface ConnectionSettings {
  kind: (typeof CONNECTION_KEYS)[keyof typeof CONNECTION_KEYS] | typeof DYNAMIC_CREDENTIALS;
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  /** Base URL of an S3-compatible service; undefined for AWS. */
  endpoint?: string;
  forcePathStyle: boolean;
  role?: RoleSettings;
}

/** A connection safe to attach to errors: identifies it, holds no field values. */
export function redactedConnection(connection: Connection): Connection {
  return { key: connection.key, configVarKey: connection.configVarKey, fields: {} };
}

/** A credential failure: flags the connection, or, for dynamic credentials, names the step's inputs. */
export function connectionError(connection: Connection, message: string): Error {
  if (connection.key === DYNAMIC_CREDENTIALS) return new Error(message);
  return new ConnectionError(redactedConnection(connection), message);
}

export function readConnection(connection: Connection): ConnectionSettings {
  if (!isConnection(connection)) {
    const input = refOf(s3Access.accessKey);
    throw new Error(
      `${input.label} (${input.key}): no connection was given. Choose an Amazon S3 connection for this step.`,
    );
  }
  const field = (name: ConnectionField): string | undefined => {
    const text = scalarText(connection.fields[name])?.trim();
    return text === "" ? undefined : text;
  };
  const required = (name: ConnectionField): string => {
    const value = field(name);
    if (value === undefined)
      throw connectionError(connection, `The connection's ${fieldName(name)} is empty. Fill it in on the connection.`);
    return value;
  };
  const kind = connectionKind(connection.key, field("roleARN"));
  const settings: ConnectionSettings = {
    kind,
    accessKeyId: required("accessKeyId"),
    secretAccessKey: required("secretAccessKey"),
    sessionToken: kind === CONNECTION_KEYS.role ? undefined : field("sessionToken"),
    endpoint: readEndpoint(connection, field("endpoint")),
    forcePathStyle: readFlag(connection, field("forcePathStyle")),
  };
  if (kind === CONNECTION_KEYS.role) {
    settings.role = {
      roleArn: readRoleArn(connection, required("roleARN")),
      externalId: field("externalId"),
      sessionName: readSessionName(connection, field("sessionName") ?? ROLE_SESSION_DEFAULTS.sessionName),
      durationSeconds: readDuration(connection, field("sessionDurationSeconds")),
    };
  }
  return settings;
}

/**
 * A code-native integration keys an inline connection by its config variable's name, so the
 * kind is told by the fields: a Role ARN means the role is assumed, whatever the key.
 */
function connectionKind(key: string, roleArn: string | undefined): ConnectionSettings["kind"] {
  if (key === DYNAMIC_CREDENTIALS) return DYNAMIC_CREDENTIALS;
  return key === CONNECTION_KEYS.role || roleArn !== undefined ? CONNECTION_KEYS.role : CONNECTION_KEYS.keyPair;
}

function readFlag(connection: Connection, value: string | undefined): boolean {
  const flag = value === undefined ? false : flagOf(value);
  if (flag === undefined) {
    throw connectionError(connection, `The connection's ${fieldName("forcePathStyle")} must be true or false.`);
  }
  return flag;
}

function readEndpoint(connection: Connection, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw connectionError(
      connection,
      `The connection's ${fieldName("endpoint")} "${value}" is not a URL. Give the service's base URL, e.g. https://s3.example.com or http://127.0.0.1:9000.`,
    );
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw connectionError(
      connection,
      `The connection's ${fieldName("endpoint")} must start with https:// or http://; got ${url.protocol}.`,
    );
  }
  if (url.username || url.password) {
    throw connectionError(
      connection,
      `The connection's ${fieldName("endpoint")} must not contain a user name or password; put the keys in their own fields.`,
    );
  }
  return value.replace(/\/+$/, "");
}

function readRoleArn(connection: Connection, value: string): string {
  // AWS role ARNs carry an account id; Ceph and MinIO use arn:aws:iam:::role/NAME.
  if (!/^arn:aws[a-z-]*:iam::\d{0,12}:role\/[\w+=,.@/-]+$/.test(value)) {
    throw connectionError(
      connection,
      `The connection's ${fieldName("roleARN")} "${value}" is not a role ARN. It looks like arn:aws:iam::123456789012:role/RoleName.`,
    );
  }
  return value;
}

function readSessionName(connection: Connection, value: string): string {
  if (!/^[\w+=,.@-]{2,64}$/.test(value)) {
    throw connectionError(
      connection,
      `The connection's ${fieldName("sessionName")} must be 2 to 64 characters of letters, digits and =,.@-_; got "${value}".`,
    );
  }
  return value;
}

function readDuration(connection: Connection, value: string | undefined): number {
  if (value === undefined) return ROLE_SESSION_DEFAULTS.durationSeconds;
  const seconds = Number(value);
  if (!Number.isInteger(seconds) || seconds < 900 || seconds > 43200) {
    throw connectionError(
      connection,
      `The connection's ${fieldName("sessionDurationSeconds")} must be a whole number of seconds from 900 to 43,200; got "${value}".`,
    );
  }
  return seconds;
}
