import { action } from "@prismatic-io/spectral";
import { s3Access } from "../../aws/accessInputs";
import { refOf } from "../../glue/inputKit";
import * as out from "../../glue/outputSchema";
import { uploadId, urlsToGenerate } from "../../inputs/multipartInputs";
import { bucket, objectKey } from "../../inputs/objectInputs";
import { expirationSeconds } from "../../inputs/presignInputs";
import { presignerFor } from "../../transfer/reads/presignObjectUrl";
import { presignUploadPartUrls } from "../../transfer/uploads/presignUploadPartUrls";

// The key's misspelling ("Multipar") is the official component's: flows built on it refer to this exact key.
export const generatePresignedForMultiparUploads = action({
  display: {
    label: "Generate Presigned URL for Multipart Uploads",
    description: "Generate presigned URLs that upload the parts of a multipart upload",
    directions:
      "One URL per part of an upload started with Create Multipart Upload. The uploader sends each part with a plain HTTP PUT to its URL and keeps the ETag response header; pass the part numbers and ETags to Complete Multipart Upload.",
  },
  inputs: { ...s3Access, bucket, objectKey, uploadId, urlsToGenerate, expirationSeconds },
  performSafety: "safe",
  perform: async (_context, { bucket, objectKey, uploadId, urlsToGenerate, expirationSeconds: seconds, ...access }) => {
    const { client } = await presignerFor(access, { seconds, input: refOf(expirationSeconds) });
    const upload = { Bucket: bucket, Key: objectKey, UploadId: uploadId };
    return { data: await presignUploadPartUrls(client, upload, urlsToGenerate, seconds) };
  },
  outputSchema: out.dataSchema(
    out.list(
      out.record({ url: out.text("PUT the part's bytes here."), partNumber: out.integer() }, ["url", "partNumber"]),
      "One URL per part, parts 1 to Number of URLs.",
    ),
  ),
  examplePayload: {
    data: [
      {
        url: "https://my-bucket.s3.us-east-2.amazonaws.com/my-file.txt?partNumber=1&uploadId=9DWJzLdF...&X-Amz-Algorithm=AWS4-HMAC-SHA256...",
        partNumber: 1,
      },
    ],
  },
});
