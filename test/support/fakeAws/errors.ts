/** An error response; `extra` adds S3 `<Error>` children (Key, BucketName, ...). */
export class AwsError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly extra: Record<string, string> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** The awsQuery services' (SNS) answer to a missing or malformed parameter. */
export function invalidParameter(detail: string): AwsError {
  return new AwsError(400, "InvalidParameter", `Invalid parameter: ${detail}`);
}
