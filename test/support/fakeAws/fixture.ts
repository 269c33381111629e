/**
 * The fake AWS endpoint of a test file or describe block: started before its tests and closed
 * after them, with SDK clients on it to set up what the component will find there and to check
 * what it did. Call it where the endpoint is needed (the top of a file, or a describe block).
 */
import { S3Client } from "@aws-sdk/client-s3";
import { SNSClient } from "@aws-sdk/client-sns";
import { startFakeAws } from "./server";
import type { FakeAws, FakeAwsOptions } from "./types";

export interface FakeAwsFixture extends FakeAws {
  /** An S3 client on the fake (path-style), created on first use. */
  readonly s3: S3Client;
  /** An SNS client on the fake, created on first use. */
  readonly sns: SNSClient;
}

export function useFakeAws(options: FakeAwsOptions = {}): FakeAwsFixture {
  let server: FakeAws | undefined;
  let s3: S3Client | undefined;
  let sns: SNSClient | undefined;
  const running = (): FakeAws => {
    if (server === undefined)
      throw new Error("the fake AWS endpoint runs from beforeAll to afterAll of the block that calls useFakeAws");
    return server;
  };
  const clientOptions = () => ({
    region: options.region ?? "us-east-1",
    endpoint: running().endpoint,
    credentials: { accessKeyId: running().accessKeyId, secretAccessKey: running().secretAccessKey },
  });

  beforeAll(async () => {
    server = await startFakeAws(options);
  });
  afterAll(async () => {
    s3?.destroy();
    sns?.destroy();
    s3 = undefined;
    sns = undefined;
    await server?.close();
    server = undefined;
  });

  return {
    get endpoint() {
      return running().endpoint;
    },
    get roleSessions() {
      return running().roleSessions;
    },
    get accessKeyId() {
      return running().accessKeyId;
    },
    get secretAccessKey() {
      return running().secretAccessKey;
    },
    get accountId() {
      return running().accountId;
    },
    get requests() {
      return running().requests;
    },
    get topics() {
      return running().topics;
    },
    putObject: (bucket, key, body, opts) => running().putObject(bucket, key, body, opts),
    close: () => running().close(),
    get s3() {
      s3 ??= new S3Client({ ...clientOptions(), forcePathStyle: true });
      return s3;
    },
    get sns() {
      sns ??= new SNSClient(clientOptions());
      return sns;
    },
  };
}
