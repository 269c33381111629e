import { action } from "@prismatic-io/spectral";
import { s3Access } from "../../aws/accessInputs";
import * as out from "../../glue/outputSchema";
import { bucket, objectKey } from "../../inputs/objectInputs";
import { objectUrlInputRefs, objectUrlInputs } from "../../inputs/presignInputs";
import { presignObjectUrl } from "../../transfer/reads/presignObjectUrl";

export const generatePresignedUrlDetailed = action({
  display: {
    label: "Generate Presigned URL (Detailed)",
    description: "Generate a presigned URL with its HTTP method, expiry and the headers its user must send",
    directions:
      "Like Generate Presigned URL, but the result is a record: the URL, its method (GET or PUT), when it stops working, and the headers an uploader must send with it.",
  },
  inputs: { ...s3Access, bucket, objectKey, ...objectUrlInputs },
  performSafety: "safe",
  perform: async (_context, { bucket, objectKey, actionType, expirationSeconds, contentType, ...access }) => ({
    data: await presignObjectUrl(access, {
      bucket,
      objectKey,
      actionType,
      expirationSeconds,
      contentType,
      inputs: objectUrlInputRefs(),
    }),
  }),
  outputSchema: out.dataSchema(
    out.record(
      {
        url: out.text("The presigned URL."),
        method: out.oneOf(["GET", "PUT"]),
        expiresAt: out.dateTime("When the URL stops working."),
        requiredHeaders: out.map(out.text(), "Headers the HTTP client must send with the URL."),
      },
      ["url", "method", "expiresAt", "requiredHeaders"],
    ),
  ),
  examplePayload: {
    data: {
      url: "https://my-bucket.s3.us-east-2.amazonaws.com/my-file.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256...",
      method: "GET",
      expiresAt: new Date("2024-03-08T23:20:41.000Z"),
      requiredHeaders: {},
    },
  },
});
