import { action } from "@prismatic-io/spectral";
import { s3Access } from "../../aws/accessInputs";
import * as out from "../../glue/outputSchema";
import { bucket, objectKey } from "../../inputs/objectInputs";
import { objectUrlInputRefs, objectUrlInputs } from "../../inputs/presignInputs";
import { presignObjectUrl } from "../../transfer/reads/presignObjectUrl";

export const generatePresignedUrl = action({
  display: {
    label: "Generate Presigned URL",
    description: "Generate a presigned URL that uploads or downloads an object",
    directions:
      "The result is the URL. Anyone holding it can use it until it expires, with a plain HTTP GET (download) or PUT (upload). Generate Presigned URL (Detailed) also says when it expires and which headers an upload must send.",
  },
  inputs: { ...s3Access, bucket, objectKey, ...objectUrlInputs },
  performSafety: "safe",
  perform: async (_context, { bucket, objectKey, actionType, expirationSeconds, contentType, ...access }) => {
    const { url } = await presignObjectUrl(access, {
      bucket,
      objectKey,
      actionType,
      expirationSeconds,
      contentType,
      inputs: objectUrlInputRefs(),
    });
    return { data: url };
  },
  outputSchema: out.dataSchema(out.text("The presigned URL.")),
  examplePayload: {
    data: "https://my-bucket.s3.us-east-2.amazonaws.com/my-file.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256...",
  },
});
