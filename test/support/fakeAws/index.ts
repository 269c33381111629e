/**
 * A small AWS endpoint for the calls Ceph RADOS Gateway 16 does not implement
 * (STS GetCallerIdentity and AssumeRole with chosen session lengths, S3 GetObjectAttributes, most of SNS).
 *
 * It speaks the real wire protocols used by the AWS SDK v3 clients:
 *   - S3: REST-XML, path-style addressing (`/bucket/key`), errors as `<Error>` documents.
 *   - SNS: awsQuery (form-encoded POST, `Version=2010-03-31`, XML responses and
 *     `<ErrorResponse>` errors) - the protocol `@aws-sdk/client-sns` 3.1169.0 uses.
 *   - STS: awsQuery (`Version=2011-06-15`).
 *
 * Every request must carry a valid SigV4 `Authorization` header for the single
 * identity the server knows; the signature is recomputed with `@smithy/signature-v4`.
 * Presigned (query-string) authentication is not supported.
 */
export { type FakeAwsFixture, useFakeAws } from "./fixture";
export { startFakeAws } from "./server";
export type {
  FakeAws,
  FakeAwsOptions,
  FakeAwsRequest,
  FakeAwsRoleSession,
  FakeAwsService,
  FakeAwsSubscription,
  FakeAwsTopic,
} from "./types";
