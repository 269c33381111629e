/**
 * The messages a builder sees when AWS refuses a request (src/aws/errors.ts, through the error
 * hook): the code, status and request id, and a hint that names what to fix. The errors are
 * built as the SDK builds them (its exception classes, with `$fault` and `$metadata`), so
 * nothing here talks to a server.
 */
import { NoSuchBucket, NoSuchKey, S3ServiceException } from "@aws-sdk/client-s3";
import { type Connection, isConnectionError } from "@prismatic-io/spectral";
import { createConnection } from "@prismatic-io/spectral/dist/testing";
import { hintFor } from "../../../src/aws/errorHints";
import { handleError } from "../../../src/aws/errorHook";
import {
  type AwsErrorDetail,
  describeAwsError,
  errorMetadata,
  isAwsServiceError,
  isErrorLike,
  networkFailure,
  type RequestInfo,
  tagErrorWithConnection,
} from "../../../src/aws/errors";
import { permissionFor } from "../../../src/aws/permissions";

const SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

function connection(): Connection {
  const value = createConnection(
    { key: "apiKeySecret", display: { label: "Amazon S3", description: "" }, inputs: {} },
    {
      accessKeyId: "AKIAIOSFODNN7EXAMPLE",
      secretAccessKey: SECRET,
      endpoint: "http://127.0.0.1:9",
      forcePathStyle: "true",
    },
  );
  return { key: value.key, configVarKey: value.configVarKey ?? "apiKeySecret", fields: value.fields };
}

/** An error as the S3 client throws it for an answer with this code and status. */
function s3Error(name: string, httpStatusCode: number, message?: string): S3ServiceException {
  return new S3ServiceException({
    name,
    $fault: httpStatusCode >= 500 ? "server" : "client",
    $metadata: { httpStatusCode, requestId: "4442587FB7D0A2F9" },
    message,
  });
}

/** What the client's middleware records about the failing request. */
function request(operation: string, target: Partial<Omit<RequestInfo, "connection" | "operation">> = {}): RequestInfo {
  return { connection: connection(), operation: `${operation}Command`, ...target };
}

/** The hint for an error of `code` (and `status`) on `info`. */
function hint(code: string, info: RequestInfo | undefined, status = 400): string | undefined {
  const detail: AwsErrorDetail = { code, status, summary: code };
  return hintFor(detail, info);
}

/** The message the error hook turns `error` into, for a request described by `info`. */
async function reported(error: Error, info: RequestInfo): Promise<Error> {
  tagErrorWithConnection(error, info);
  const mapped = await handleError(error);
  if (!(mapped instanceof Error)) throw new Error(`the error hook returned ${String(mapped)}`);
  return mapped;
}

describe("describeAwsError", () => {
  it("summarises code, HTTP status, request id and the server's message", () => {
    expect(describeAwsError(s3Error("AccessDenied", 403, "Access Denied"))).toEqual({
      code: "AccessDenied",
      status: 403,
      requestId: "4442587FB7D0A2F9",
      message: "Access Denied",
      summary: "AccessDenied (HTTP 403, request id 4442587FB7D0A2F9): Access Denied",
    });
  });

  it("leaves out what a query service's SignatureDoesNotMatch repeats of the request, session token included", () => {
    const token = "IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQD+0000==";
    const first =
      "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.";
    const message = `${first}\n\nThe Canonical String for this request should have been\n'POST\n/\n\ncontent-type:application/x-www-form-urlencoded; charset=utf-8\nhost:sns.us-east-1.amazonaws.com\nx-amz-date:20240301T120000Z\nx-amz-security-token:${token}\n\ncontent-type;host;x-amz-date;x-amz-security-token\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'\n\nThe String-to-Sign should have been\n'AWS4-HMAC-SHA256\n20240301T120000Z\n20240301/us-east-1/sns/aws4_request\n0f1e2d'\n`;
    const detail = describeAwsError(s3Error("SignatureDoesNotMatch", 403, message));
    expect(detail.message).toBe(first);
    expect(detail.summary).not.toContain(token);
    // A token in a message of any other shape is hidden too.
    const other = describeAwsError(s3Error("InvalidToken", 400, `bad header x-amz-security-token: ${token}`));
    expect(other.summary).not.toContain(token);
  });

  it("reads the SDK's own exception classes", () => {
    const error = new NoSuchKey({ $metadata: { httpStatusCode: 404 }, message: "The specified key does not exist." });
    expect(describeAwsError(error).summary).toBe("NoSuchKey (HTTP 404): The specified key does not exist.");
    expect(isAwsServiceError(error)).toBe(true);
  });

  it("leaves out a message that says nothing: none, the SDK's UnknownError (Ceph sends no body) or the code again", () => {
    expect(describeAwsError(s3Error("NoSuchBucket", 404)).summary).toBe(
      "NoSuchBucket (HTTP 404, request id 4442587FB7D0A2F9)",
    );
    expect(describeAwsError(s3Error("NotFound", 404, "UnknownError")).message).toBeUndefined();
    expect(describeAwsError(s3Error("SlowDown", 503, "SlowDown")).summary).toBe(
      "SlowDown (HTTP 503, request id 4442587FB7D0A2F9)",
    );
  });

  it("prefers the Code the server sent to the error's name", () => {
    const error = Object.assign(s3Error("Unknown", 400, "Bad"), { Code: "InvalidArgument" });
    expect(describeAwsError(error).code).toBe("InvalidArgument");
  });

  it("describes what is not an error as it is, and errors from the network without a status", () => {
    expect(describeAwsError("socket hang up")).toEqual({ code: "Error", summary: "socket hang up" });
    expect(describeAwsError(new TypeError("fetch failed"))).toEqual({
      code: "TypeError",
      status: undefined,
      requestId: undefined,
      message: "fetch failed",
      summary: "TypeError: fetch failed",
    });
  });

  it("gives a failed request's status and request id as $metadata", () => {
    expect(errorMetadata(s3Error("NoSuchKey", 404))).toEqual({
      httpStatusCode: 404,
      requestId: "4442587FB7D0A2F9",
    });
    expect(errorMetadata(new Error("boom"))).toEqual({ httpStatusCode: undefined, requestId: undefined });
  });

  it("tells service errors from other errors, also errors of another realm", () => {
    expect(isAwsServiceError(s3Error("AccessDenied", 403))).toBe(true);
    expect(isAwsServiceError(new Error("Access Denied"))).toBe(false);
    expect(isErrorLike({ name: "Error", message: "from a worker" })).toBe(true);
    expect(isErrorLike({ message: 42 })).toBe(false);
    expect(isErrorLike(null)).toBe(false);
  });
});

describe("networkFailure", () => {
  it("finds the network code in the error, also when the SDK wraps it, and strips the wrapper", () => {
    const refused = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:9"), { code: "ECONNREFUSED" });
    expect(networkFailure(refused)).toBe("connect ECONNREFUSED 127.0.0.1:9");
    expect(networkFailure(new Error("AWS SDK error wrapper for Error: getaddrinfo ENOTFOUND s3.example.com"))).toBe(
      "getaddrinfo ENOTFOUND s3.example.com",
    );
    const timeout = new Error("Connection timed out after 1000 ms");
    timeout.name = "TimeoutError";
    expect(networkFailure(timeout)).toBe("Connection timed out after 1000 ms");
  });

  it("is undefined for answers from the service and for anything else", () => {
    expect(networkFailure(s3Error("AccessDenied", 403, "Access Denied"))).toBeUndefined();
    expect(networkFailure(new Error("the ECONNREFUSEDX count is 3"))).toBeUndefined();
    expect(networkFailure("ECONNREFUSED")).toBeUndefined();
  });
});

describe("permissionFor", () => {
  it.each([
    ["PutObjectCommand", "s3:PutObject"],
    ["GetObject", "s3:GetObject"],
    ["HeadObject", "s3:GetObject"],
    ["ListObjectsV2Command", "s3:ListBucket"],
    ["HeadBucket", "s3:ListBucket"],
    ["ListBuckets", "s3:ListAllMyBuckets"],
    ["UploadPart", "s3:PutObject"],
    ["CopyObject", "s3:GetObject on the source and s3:PutObject on the destination"],
    ["DeleteObjects", "s3:DeleteObject"],
    ["PutBucketNotificationConfiguration", "s3:PutBucketNotification"],
    ["GetObjectLockConfiguration", "s3:GetBucketObjectLockConfiguration"],
    ["CreateTopicCommand", "sns:CreateTopic"],
    ["Subscribe", "sns:Subscribe"],
    ["SetTopicAttributes", "sns:SetTopicAttributes"],
    ["AssumeRole", "sts:AssumeRole"],
    ["GetCallerIdentity", "none (any valid credentials may call it)"],
  ])("names %s's permission as %s", (operation, permission) => {
    expect(permissionFor(operation)).toBe(permission);
  });
});

describe("hintFor", () => {
  it("names the operation, what it was called on and the IAM permission to grant for AccessDenied", () => {
    expect(hint("AccessDenied", request("PutObject", { bucket: "acme-data", key: "reports/q1.csv" }), 403)).toBe(
      'the credentials are not allowed to call PutObject on object "reports/q1.csv" in bucket "acme-data": grant s3:PutObject in the IAM policy (and check bucket policies, KMS key policies and SCPs).',
    );
    expect(hint("AccessDenied", request("ListObjectsV2", { bucket: "acme-data" }), 403)).toMatch(
      /^the credentials are not allowed to call ListObjectsV2 on bucket "acme-data": grant s3:ListBucket /,
    );
    expect(hint("AllAccessDisabled", undefined, 403)).toMatch(
      /^the credentials are not allowed to call this operation on this resource: grant s3:this operation/,
    );
  });

  it("adds the Object Lock explanation where S3 denies a locked version regardless of permissions", () => {
    const deleting = hint("AccessDenied", request("DeleteObject", { bucket: "b", key: "k" }), 403);
    expect(deleting).toContain("grant s3:DeleteObject in the IAM policy");
    expect(deleting).toContain(
      "If the version is under Object Lock, S3 refuses this regardless of permissions: a version under retention or a legal hold cannot be deleted",
    );
    expect(hint("AccessDenied", request("PutObjectRetention", { bucket: "b", key: "k" }), 403)).toContain(
      "GOVERNANCE retention can only be shortened or changed with Bypass Governance Retention",
    );
    expect(hint("AccessDenied", request("GetObject", { bucket: "b", key: "k" }), 403)).not.toContain("Object Lock");
  });

  it("treats a bare 403 (a HEAD request has no error body) as AccessDenied", () => {
    expect(hint("Forbidden", request("HeadObject", { bucket: "b", key: "k" }), 403)).toBe(
      'the credentials are not allowed to call HeadObject on object "k" in bucket "b": grant s3:GetObject in the IAM policy (and check bucket policies, KMS key policies and SCPs).',
    );
    expect(hint("Forbidden", request("HeadObject", { bucket: "b", key: "k" }), 400)).toBeUndefined();
  });

  it("names the missing bucket, object or source object", () => {
    expect(hint("NoSuchBucket", request("GetObject", { bucket: "acme-dta", key: "a.txt" }))).toBe(
      'the bucket "acme-dta" does not exist. Check its name (bucket names are global, and exact to the letter) and the connection\'s endpoint.',
    );
    expect(hint("NoSuchKey", request("GetObject", { bucket: "acme-data", key: "Reports/Q1.csv" }))).toBe(
      'there is no object "Reports/Q1.csv" in bucket "acme-data". Keys are case-sensitive and include any folder prefix; check the version id if one was given.',
    );
    expect(hint("NotFound", request("HeadBucket", { bucket: "acme-data" }))).toBe(
      'the bucket "acme-data" was not found. Check the name and the region.',
    );
    expect(
      hint(
        "NoSuchKey",
        request("CopyObject", {
          bucket: "destination",
          key: "copy.csv",
          copySource: "source-bucket/reports/q1%20final%C3%BC.csv?versionId=3HL4kqtJ",
        }),
      ),
    ).toBe(
      'the source object "reports/q1 finalü.csv" in bucket "source-bucket" does not exist: check Source Bucket, Source Key (case-sensitive, with any folder prefix) and Source Version ID.',
    );
  });

  it("reads Ceph's NoSuchKey by what was asked: an upload id, or a notification's destination", () => {
    expect(hint("NoSuchKey", request("ListParts", { bucket: "b", key: "k" }))).toBe(
      "the multipart upload does not exist: it was completed or aborted, or the upload id is wrong.",
    );
    expect(hint("NoSuchKey", request("PutBucketNotificationConfiguration", { bucket: "b" }))).toMatch(
      /each destination must exist in the bucket's region \(create the topic first with Create Topic and use the ARN it returns\)/,
    );
  });

  it("tells a changed object during a read from an existing one under Do Not Overwrite", () => {
    expect(hint("PreconditionFailed", request("GetObject", { bucket: "b", key: "big.bin" }), 412)).toBe(
      'the object "big.bin" in bucket "b" changed while it was being read (its ETag no longer matches). Run the step again to read the new version, or give a Version ID.',
    );
    expect(hint("PreconditionFailed", request("PutObject", { bucket: "b", key: "once.txt" }), 412)).toBe(
      'the condition did not hold: with "do not overwrite" on, the object "once.txt" in bucket "b" already exists.',
    );
  });

  it("explains a version without retention or legal hold, and a bucket without Object Lock", () => {
    expect(hint("ObjectLockConfigurationNotFoundError", request("GetObjectRetention"), 404)).toBe(
      "the object version has no retention period (or its bucket does not have Object Lock enabled).",
    );
    expect(hint("NoSuchObjectLockConfiguration", request("GetObjectLegalHold"), 404)).toBe(
      "the object version has no legal hold (or its bucket does not have Object Lock enabled).",
    );
    expect(hint("ObjectLockConfigurationNotFoundError", request("GetObjectLockConfiguration"), 404)).toBe(
      "the bucket has no Object Lock configuration. Object Lock must be enabled when the bucket is created.",
    );
  });

  it("points at the connection's field for credential errors", () => {
    expect(hint("SignatureDoesNotMatch", request("ListBuckets"), 403)).toMatch(
      /^the secret access key does not match the access key ID\. Check the Secret Access Key/,
    );
    expect(hint("InvalidAccessKeyId", request("ListBuckets"), 403)).toMatch(
      /^the access key ID is not known to the service\. Check the Access Key ID/,
    );
    expect(hint("ExpiredToken", request("ListBuckets"), 400)).toMatch(/^the session token is expired or invalid/);
  });

  it("gives the hints that depend on the operation only for that operation, and none for codes it does not know", () => {
    expect(hint("InvalidArgument", request("PutBucketNotificationConfiguration", { bucket: "b" }))).toMatch(
      /^S3 refused the notification configuration: each destination must exist/,
    );
    expect(hint("InvalidArgument", request("PutObject", { bucket: "b", key: "k" }))).toBeUndefined();
    expect(hint("MalformedXML", request("PutObjectRetention", { bucket: "b", key: "k" }))).toMatch(
      /does not support removing a retention \(Ceph does not\)/,
    );
    expect(hint("MalformedXML", request("PutBucketNotificationConfiguration"))).toBeUndefined();
    expect(hint("SomethingNew", request("PutObject"), 500)).toBeUndefined();
  });

  it.each([
    ["SlowDown", 503, "the service asked to slow down and the retries were used up"],
    ["BucketNotEmpty", 409, "a bucket must be empty (every object and every version) before it can be deleted"],
    ["BucketAlreadyExists", 409, "bucket names are global across all AWS accounts and this one is taken"],
    ["PermanentRedirect", 301, "the bucket is in a different region. Choose the bucket's region in AWS Region"],
    ["InvalidObjectState", 403, "the object is archived (Glacier storage class): restore it before reading it."],
    ["EntityTooSmall", 400, "every part of a multipart upload except the last must be at least 5 MiB."],
    ["InvalidRange", 416, "the requested range starts beyond the end of the object"],
    ["NotImplemented", 501, "this server does not implement the operation"],
  ])("explains %s", (code, status, text) => {
    expect(hint(code, request("PutObject", { bucket: "b", key: "k" }), status)).toContain(text);
  });
});

describe("what the error hook reports", () => {
  it("an AWS error as the operation, the summary and the hint", async () => {
    const error = await reported(
      s3Error("AccessDenied", 403, "Access Denied"),
      request("PutObject", { bucket: "acme-data", key: "reports/q1.csv" }),
    );
    expect(error.message).toBe(
      'PutObject failed: AccessDenied (HTTP 403, request id 4442587FB7D0A2F9): Access Denied. Hint: the credentials are not allowed to call PutObject on object "reports/q1.csv" in bucket "acme-data": grant s3:PutObject in the IAM policy (and check bucket policies, KMS key policies and SCPs).',
    );
    expect(isConnectionError(error)).toBe(false);
  });

  it("an error without a hint as the operation and the summary only", async () => {
    const error = await reported(
      new NoSuchBucket({ $metadata: { httpStatusCode: 404 }, message: "The specified bucket does not exist" }),
      request("ListObjectsV2", { bucket: "acme-dta" }),
    );
    expect(error.message).toMatch(
      /^ListObjectsV2 failed: NoSuchBucket \(HTTP 404\): The specified bucket does not exist\. Hint: the bucket "acme-dta" does not exist\./,
    );
    const unknown = await reported(
      s3Error("Teapot", 418, "I'm a teapot"),
      request("GetObject", { bucket: "b", key: "k" }),
    );
    expect(unknown.message).toBe("GetObject failed: Teapot (HTTP 418, request id 4442587FB7D0A2F9): I'm a teapot.");
  });

  it("a rejected secret as a connection error, without the secret", async () => {
    const error = await reported(
      s3Error(
        "SignatureDoesNotMatch",
        403,
        "The request signature we calculated does not match the signature you provided",
      ),
      request("ListBuckets"),
    );
    expect(isConnectionError(error)).toBe(true);
    expect(error.message).toMatch(
      /^ListBuckets failed: SignatureDoesNotMatch \(HTTP 403, request id 4442587FB7D0A2F9\): The request signature we calculated does not match the signature you provided\. The connection's credentials were rejected: the secret access key does not match the access key ID\. Check the Secret Access Key/,
    );
    expect(error.message).not.toContain(SECRET);
  });

  it("an unreachable endpoint by its address and the network's reason", async () => {
    const refused = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:9"), { code: "ECONNREFUSED" });
    const error = await reported(refused, request("HeadBucket", { bucket: "acme-data" }));
    expect(error.message).toBe(
      "HeadBucket failed: could not reach the endpoint http://127.0.0.1:9 (connect ECONNREFUSED 127.0.0.1:9). Check the connection's endpoint and region, and that the service is up and reachable from the integration.",
    );
  });
});
