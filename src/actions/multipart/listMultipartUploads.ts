import {
  ListMultipartUploadsCommand,
  type ListMultipartUploadsCommandOutput,
  type MultipartUpload,
} from "@aws-sdk/client-s3";
import { action } from "@prismatic-io/spectral";
import { s3Access } from "../../aws/accessInputs";
import { s3Client } from "../../aws/clients";
import { optionalText } from "../../glue/clean";
import { exampleMetadata } from "../../glue/exampleMetadata";
import { textInput } from "../../glue/inputKit";
import * as out from "../../glue/outputSchema";
import { bucket } from "../../inputs/objectInputs";

export const listMultipartUploads = action({
  display: {
    label: "List Multipart Uploads",
    description: "List the multipart uploads in progress in a bucket",
    directions:
      "Every upload that was started and neither completed nor aborted (every page). Their parts are stored and billed until they are aborted.",
  },
  inputs: {
    ...s3Access,
    bucket,
    prefix: textInput(
      {
        label: "Prefix",
        comments: "Only uploads to keys that start with this, e.g. exports/. Leave empty for the whole bucket.",
      },
      optionalText,
    ),
  },
  performSafety: "safe",
  perform: async (_context, { bucket, prefix, ...access }) => {
    const s3 = s3Client(access);
    const uploads: MultipartUpload[] = [];
    let keyMarker: string | undefined;
    let uploadIdMarker: string | undefined;
    let page: ListMultipartUploadsCommandOutput;
    do {
      page = await s3.send(
        new ListMultipartUploadsCommand({
          Bucket: bucket,
          Prefix: prefix,
          KeyMarker: keyMarker,
          UploadIdMarker: uploadIdMarker,
        }),
      );
      uploads.push(...(page.Uploads ?? []));
      const more = page.IsTruncated === true && (page.NextKeyMarker ?? "") !== "";
      keyMarker = more ? page.NextKeyMarker : undefined;
      uploadIdMarker = more ? page.NextUploadIdMarker : undefined;
    } while (keyMarker !== undefined);
    return {
      // S3's answer as the official component returns it, with the uploads of every page.
      data: {
        ...page,
        Bucket: bucket,
        Prefix: prefix ?? "",
        // The listing starts at the beginning and reads to the end.
        KeyMarker: "",
        UploadIdMarker: "",
        IsTruncated: false,
        Uploads: uploads,
        UploadCount: uploads.length,
      },
    };
  },
  outputSchema: out.dataSchema(
    out.awsResult(
      {
        Bucket: out.text(),
        Prefix: out.text(),
        IsTruncated: out.flag("Always false: every page is read."),
        KeyMarker: out.optionalText(),
        UploadIdMarker: out.optionalText(),
        NextKeyMarker: out.optionalText(),
        NextUploadIdMarker: out.optionalText(),
        MaxUploads: out.integer("Uploads per page S3 used."),
        Uploads: out.list(
          out.awsResponse({
            UploadId: out.text(),
            Key: out.text(),
            Initiated: out.dateTime(),
            StorageClass: out.text(),
            Owner: out.awsResponse({ ID: out.text(), DisplayName: out.text() }),
            Initiator: out.awsResponse({ ID: out.text(), DisplayName: out.text() }),
          }),
        ),
        UploadCount: out.integer(),
      },
      ["Bucket", "Prefix", "Uploads", "UploadCount"],
    ),
  ),
  examplePayload: {
    data: {
      $metadata: exampleMetadata(),
      Bucket: "my-company-invoices",
      Prefix: "",
      IsTruncated: false,
      KeyMarker: "",
      UploadIdMarker: "",
      NextKeyMarker: "exports/2024/ledger.csv",
      NextUploadIdMarker: "hbZQmDNtym9xtdh8XwgT7Ys..FkRWJfV0MUgmNWg",
      MaxUploads: 1000,
      Uploads: [
        {
          UploadId: "hbZQmDNtym9xtdh8XwgT7Ys..FkRWJfV0MUgmNWg",
          Key: "exports/2024/ledger.csv",
          Initiated: new Date("2024-01-25T16:06:31.000Z"),
          StorageClass: "STANDARD",
          Owner: { ID: "0edc4b00d" },
          Initiator: { ID: "0edc4b00d" },
        },
      ],
      UploadCount: 1,
    },
  },
});
