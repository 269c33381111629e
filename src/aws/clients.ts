/**
 * The one place that turns a connection and a region into S3, SNS and STS clients.
 *
 * Clients are cached per connection and region, so sockets and role sessions are reused by
 * every step that runs in the same process; the cache key is a hash, never a secret.
 */
import { createHash } from "node:crypto";
import { S3Client, type S3ClientConfig } from "@aws-sdk/client-s3";
import { SNSClient } from "@aws-sdk/client-sns";
import { STSClient } from "@aws-sdk/client-sts";
import { fromTemporaryCredentials } from "@aws-sdk/credential-providers";
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider, MiddlewareStack } from "@aws-sdk/types";
import { type Connection, isConnectionError } from "@prismatic-io/spectral";
import {
  type AwsAccess,
  type ConnectionSettings,
  connectionError,
  readConnection,
  stepConnection,
} from "./credentials";
import { sdkLogger } from "./debugLog";
import { endpointRefusal, guardedAgents } from "./endpointGuard";
import { describeAwsError, tagErrorWithConnection } from "./errors";

export const DEFAULT_REGION = "us-east-1";

/**
 * Bounds every request: a server that stops answering fails the step instead of hanging it.
 * The socket timeout counts silence, not duration (S3 keeps long copies and completions
 * alive with whitespace, and a large part keeps bytes flowing), so big transfers are never
 * cut short. Operators of slow S3-compatible stores can raise both with
 * AWS_S3_CONNECT_TIMEOUT_MS and AWS_S3_SOCKET_TIMEOUT_MS.
 */
export function httpTimeouts(): { connectionTimeout: number; socketTimeout: number } {
  const fromEnv = (name: string, fallback: number): number => {
    const value = Number(process.env[name]);
    return Number.isInteger(value) && value > 0 ? value : fallback;
  };
  return {
    connectionTimeout: fromEnv("AWS_S3_CONNECT_TIMEOUT_MS", 5_000),
    socketTimeout: fromEnv("AWS_S3_SOCKET_TIMEOUT_MS", 30_000),
  };
}

/**
 * The request handler of every SDK client of a connection: the timeouts, and agents that never
 * connect to a link-local or metadata address (endpointGuard.ts). Each client gets its own
 * agents, as it would get the SDK's.
 */
function requestHandler(settings: ConnectionSettings, connection: Connection) {
  return { ...httpTimeouts(), ...guardedAgents({ refuse: endpointRefusal(connection, settings.endpoint) }) };
}

export const MAX_ATTEMPTS = 5;

/** A role session is renewed this long before it expires, so no step starts with a dying session. */
const ROLE_REFRESH_MARGIN_MS = 5 * 60_000;

interface RoleSession {
  assume: AwsCredentialIdentityProvider;
  current?: AwsCredentialIdentity;
  pending?: Promise<AwsCredentialIdentity>;
}

interface Clients {
  settings: ConnectionSettings;
  region: string;
  credentials: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  connection: Connection;
  roleSession?: RoleSession;
  s3?: S3Client;
  presignS3?: S3Client;
  sns?: SNSClient;
  sts?: STSClient;
}

const cache = new Map<string, Clients>();
const MAX_CACHED_CONNECTIONS = 64;

function clientsFor(access: AwsAccess): Clients {
  const connection = stepConnection(access);
  const settings = readConnection(connection);
  const resolvedRegion = access.awsRegion?.trim() || DEFAULT_REGION;
  const cacheKey = createHash("sha256")
    .update(JSON.stringify([connection.key, settings, resolvedRegion]))
    .digest("hex");
  const cached = cache.get(cacheKey);
  if (cached) return cached;
  if (cache.size >= MAX_CACHED_CONNECTIONS) {
    const oldest = cache.keys().next().value;
    if (oldest !== undefined) cache.delete(oldest);
  }
  const baseCredentials: AwsCredentialIdentity = {
    accessKeyId: settings.accessKeyId,
    secretAccessKey: settings.secretAccessKey,
    sessionToken: settings.sessionToken,
  };
  const clients: Clients = { settings, connection, region: resolvedRegion, credentials: baseCredentials };
  if (settings.role) {
    const role = settings.role;
    const session: RoleSession = {
      assume: fromTemporaryCredentials({
        params: {
          RoleArn: role.roleArn,
          RoleSessionName: role.sessionName,
          DurationSeconds: role.durationSeconds,
          ExternalId: role.externalId,
        },
        masterCredentials: baseCredentials,
        // With a custom endpoint STS is served there too (Ceph, MinIO).
        clientConfig: {
          region: resolvedRegion,
          endpoint: settings.endpoint,
          requestHandler: requestHandler(settings, connection),
          logger: sdkLogger,
        },
      }),
    };
    clients.roleSession = session;
    clients.credentials = () => roleCredentials(connection, session, ROLE_REFRESH_MARGIN_MS);
  }
  cache.set(cacheKey, clients);
  return clients;
}

async function roleCredentials(
  connection: Connection,
  session: RoleSession,
  minValidMs: number,
): Promise<AwsCredentialIdentity> {
  const current = session.current;
  if (current?.expiration && current.expiration.getTime() - Date.now() > minValidMs) return current;
  session.pending ??= session
    .assume()
    .then((fresh) => {
      session.current = fresh;
      return fresh;
    })
    .catch((error: unknown) => {
      // A refused endpoint already names the field to fix; the role's hints would mislead.
      if (isConnectionError(error)) throw error;
      const detail = describeAwsError(error);
      throw connectionError(
        connection,
        `Could not assume the connection's role: ${detail.summary}. Check the Role ARN, that the role's trust policy allows this access key's user (sts:AssumeRole), the External ID, and that Session Duration does not exceed the role's maximum session duration.`,
      );
    })
    .finally(() => {
      session.pending = undefined;
    });
  return session.pending;
}

function commonConfig(clients: Clients) {
  const { settings } = clients;
  return {
    region: clients.region,
    credentials: clients.credentials,
    endpoint: settings.endpoint,
    requestHandler: requestHandler(settings, clients.connection),
    // S3 asks busy clients to back off (503 SlowDown); five attempts with the SDK's jittered
    // backoff ride out a burst while the timeouts still bound how long a step can take.
    maxAttempts: MAX_ATTEMPTS,
    customUserAgent: "prismatic-aws-s3",
    logger: sdkLogger,
  };
}

function s3Config(clients: Clients, forPresigning: boolean): S3ClientConfig {
  const { settings } = clients;
  // aws-chunked uploads with CRC32 trailers are what AWS expects by default; S3-compatible
  // stores (Ceph answers 411, others corrupt or reject) only take plain bodies. Presigned
  // URLs never carry a checksum: a plain HTTP client could not satisfy one.
  const checksums = settings.endpoint || forPresigning ? "WHEN_REQUIRED" : "WHEN_SUPPORTED";
  return {
    ...commonConfig(clients),
    forcePathStyle: settings.forcePathStyle,
    followRegionRedirects: true,
    requestChecksumCalculation: checksums,
    responseChecksumValidation: checksums,
  };
}

function tagErrors<I extends object, O extends object>(stack: MiddlewareStack<I, O>, connection: Connection): void {
  // Errors thrown anywhere in a request (signing, role assumption, the response) are tagged
  // with the connection and what was asked, so the error hook can name both.
  stack.add(
    (next, context) => async (args) => {
      try {
        return await next(args);
      } catch (error) {
        const bucket: unknown = Reflect.get(args.input, "Bucket");
        const key: unknown = Reflect.get(args.input, "Key");
        const copySource: unknown = Reflect.get(args.input, "CopySource");
        tagErrorWithConnection(error, {
          connection,
          operation: context.commandName ?? "request",
          bucket: typeof bucket === "string" ? bucket : undefined,
          key: typeof key === "string" ? key : undefined,
          copySource: typeof copySource === "string" ? copySource : undefined,
        });
        throw error;
      }
    },
    { step: "initialize", name: "tagConnectionOnError", priority: "high" },
  );
}

export function s3Client(access: AwsAccess): S3Client {
  const clients = clientsFor(access);
  if (!clients.s3) {
    clients.s3 = new S3Client(s3Config(clients, false));
    tagErrors(clients.s3.middlewareStack, clients.connection);
  }
  return clients.s3;
}

export interface Presigner {
  /** Signs URLs a plain HTTP client can use without extra headers. */
  client: S3Client;
  /** When the credentials it signs with end (a role session); undefined for keys that do not expire. */
  credentialsExpireAt?: Date;
}

/**
 * A client whose presigned URLs work for at least `seconds`. A role connection's session is
 * renewed first when it would end sooner, and the URLs are signed with exactly that session:
 * a cached client keeps the credentials it resolved until shortly before they expire, so it
 * could still sign with an older session that dies before the URL should.
 */
export async function presigningS3Client(access: AwsAccess, seconds: number): Promise<Presigner> {
  const clients = clientsFor(access);
  const { roleSession, connection } = clients;
  if (roleSession) {
    const credentials = await roleCredentials(
      connection,
      roleSession,
      Math.max(seconds * 1000, ROLE_REFRESH_MARGIN_MS),
    );
    // Presigning sends nothing, so a client per URL costs no connection.
    const client = new S3Client({ ...s3Config(clients, true), credentials });
    tagErrors(client.middlewareStack, connection);
    return { client, credentialsExpireAt: credentials.expiration };
  }
  if (!clients.presignS3) {
    clients.presignS3 = new S3Client(s3Config(clients, true));
    tagErrors(clients.presignS3.middlewareStack, clients.connection);
  }
  return { client: clients.presignS3 };
}

export function snsClient(access: AwsAccess): SNSClient {
  const clients = clientsFor(access);
  if (!clients.sns) {
    clients.sns = new SNSClient(commonConfig(clients));
    tagErrors(clients.sns.middlewareStack, clients.connection);
  }
  return clients.sns;
}

export function stsClient(access: AwsAccess): STSClient {
  const clients = clientsFor(access);
  if (!clients.sts) {
    clients.sts = new STSClient(commonConfig(clients));
    tagErrors(clients.sts.middlewareStack, clients.connection);
  }
  return clients.sts;
}
