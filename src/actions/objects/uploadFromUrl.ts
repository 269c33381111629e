import { action } from "@prismatic-io/spectral";
import { s3Access } from "../../aws/accessInputs";
import { s3Client } from "../../aws/clients";
import { exampleMetadata } from "../../glue/exampleMetadata";
import { refOf, textInput } from "../../glue/inputKit";
import * as out from "../../glue/outputSchema";
import { bucket, objectKey } from "../../inputs/objectInputs";
import { sourceInputs } from "../../inputs/sourceInputs";
import { transferInputs } from "../../inputs/transferInputs";
import { ifNoneMatch, mediaType, writeOptionInputs, writeOptions } from "../../inputs/writeOptions";
import { uploadFromSource } from "../../transfer/uploads/uploadFromSource";
import { uploadedObjectSchema } from "../uploadedObjectSchema";

/** The inputs named when the source cannot be used. */
const sourceRefs = () => ({
  url: refOf(sourceInputs.url),
  allowPrivateNetwork: refOf(sourceInputs.allowPrivateNetwork),
  timeoutSeconds: refOf(sourceInputs.timeoutSeconds),
  ifNoneMatch: refOf(ifNoneMatch),
});

export const uploadFromUrl = action({
  display: {
    label: "Upload From URL",
    description: "Stream a file from an HTTP(S) URL into S3",
    directions:
      "The file streams from the source into S3 in parts, never held whole in memory (about Part Size × (Concurrency + 1)), so any size works (up to 10,000 parts). If the source fails or ends early, the upload is aborted and nothing is stored.",
  },
  inputs: {
    ...s3Access,
    ...sourceInputs,
    bucket,
    objectKey,
    ...writeOptionInputs,
    contentType: textInput(
      {
        label: "Content Type",
        comments: "The MIME type stored with the object. Leave empty to keep the Content-Type the source sends.",
        example: "application/pdf",
      },
      mediaType,
    ),
    ifNoneMatch,
    ...transferInputs,
  },
  perform: async (_context, params) => {
    const {
      url,
      headers,
      allowPrivateNetwork,
      timeoutSeconds,
      bucket,
      objectKey,
      ifNoneMatch,
      partSizeMiB,
      concurrency,
      ...options
    } = params;
    const uploaded = await uploadFromSource(
      s3Client(params),
      { ...writeOptions(options), Bucket: bucket, Key: objectKey, IfNoneMatch: ifNoneMatch ? "*" : undefined },
      { url, headers, allowPrivateNetwork, timeoutSeconds, inputs: sourceRefs() },
      { partSizeMiB, concurrency },
    );
    return { data: uploaded };
  },
  outputSchema: out.dataSchema(
    out.record(
      {
        ...uploadedObjectSchema,
        ContentLength: out.integer("Bytes stored."),
        SourceUrl: out.text("The source, without its query (which may hold tokens)."),
      },
      ["Bucket", "Key", "ContentLength", "SourceUrl"],
    ),
  ),
  examplePayload: {
    data: {
      $metadata: exampleMetadata(),
      Bucket: "my-company-invoices",
      Key: "imports/2024/catalog.csv",
      VersionId: undefined,
      Location: "https://my-company-invoices.s3.us-east-1.amazonaws.com/imports/2024/catalog.csv",
      ETag: '"d96cf49f8c439501eb19c4728712345-3"',
      ContentLength: 20971520,
      SourceUrl: "https://example.com/exports/catalog.csv",
    },
  },
});
