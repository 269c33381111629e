import { GetObjectCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { action } from "@prismatic-io/spectral";
import { InputError } from "../../clean";
import { presigningS3Client } from "../../client";
import { bucket, choiceInput, s3Access, objectKey } from "../../inputs";
import { expirationSeconds, presignExpiry } from "../../presign";
import { contentType } from "../../writeOptions";
import * as out from "../../outputSchema";

export const generatePresignedUrl = action({
  display: {
    label: "Generate Presigned URL",
    description: "Generate a presigned URL that can be used to upload or download an object in S3",
    directions: "Anyone holding the URL can use it until it expires, with a plain HTTP GET (download) or PUT (upload).",
  },
  inputs: {
    ...s3Access,
    bucket,
    objectKey,
    actionType: choiceInput("actionType", {
      label: "Action",
      comments: "download: a GET URL for the object. upload: a PUT URL that stores the request body at this key.",
      choices: ["download", "upload"] as const,
      required: true,
      default: "download",
    }),
    expirationSeconds,
    contentType: {
      ...contentType,
      comments: "Uploads only: the Content-Type the uploader must send (it becomes part of the signature). Leave empty to let the uploader send none.",
    },
  },
  performSafety: "safe",
  perform: async (_context, params) => {
    const upload = params.actionType === "upload";
    if (!upload && params.contentType) {
      throw new InputError({ key: "contentType", label: "Content Type" }, "only applies to upload URLs; clear it, or set Action to upload.");
    }
    const expiresAt = await presignExpiry(params, params.expirationSeconds);
    const command = upload
      ? new PutObjectCommand({ Bucket: params.bucket, Key: params.objectKey, ContentType: params.contentType })
      : new GetObjectCommand({ Bucket: params.bucket, Key: params.objectKey });
    const url = await getSignedUrl(presigningS3Client(params), command, {
      expiresIn: params.expirationSeconds,
    });
    return {
      data: {
        url,
        method: upload ? "PUT" : "GET",
        expiresAt,
        requiredHeaders: params.contentType ? { "Content-Type": params.contentType } : {},
      },
    };
  },
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
