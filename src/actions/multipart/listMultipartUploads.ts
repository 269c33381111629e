import { ListMultipartUploadsCommand, type MultipartUpload } from "@aws-sdk/client-s3";
import { action } from "@prismatic-io/spectral";
import { optionalText } from "../../clean";
import { s3Client } from "../../client";
import { bucket, s3Access, textInput } from "../../inputs";
import * as out from "../../outputSchema";

export const listMultipartUploads = action({
  display: {
    label: "List Multipart Uploads",
    description: "Lists in-progress multipart uploads in a bucket",
    directions: "Every upload that was started and neither completed nor aborted (every page). Their parts are stored and billed until they are aborted.",
  },
  inputs: {
    ...s3Access,
    bucket,
    prefix: textInput("prefix", { label: "Prefix", comments: "Only uploads to keys that start with this, e.g. exports/. Leave empty for the whole bucket." }, optionalText),
  },
  performSafety: "safe",
  perform: async (_context, { bucket, prefix, ...access }) => {
    const s3 = s3Client(access);
    const uploads: MultipartUpload[] = [];
    let keyMarker: string | undefined;
    let uploadIdMarker: string | undefined;
    do {
      const page = await s3.send(new ListMultipartUploadsCommand({ Bucket: bucket, Prefix: prefix, KeyMarker: keyMarker, UploadIdMarker: uploadIdMarker }));
      uploads.push(...(page.Uploads ?? []));
      const more = page.IsTruncated === true && (page.NextKeyMarker ?? "") !== "";
      keyMarker = more ? page.NextKeyMarker : undefined;
      uploadIdMarker = more ? page.NextUploadIdMarker : undefined;
    } while (keyMarker !== undefined);
    return {
      data: {
        Bucket: bucket,
        Prefix: prefix ?? "",
        Uploads: uploads.map(({ UploadId, Key, Initiated, StorageClass, Owner, Initiator }) => ({ UploadId, Key, Initiated, StorageClass, Owner, Initiator })),
        UploadCount: uploads.length,
      },
    };
  },
  outputSchema: out.dataSchema(
    out.record(
      {
        Bucket: out.text(),
        Prefix: out.text(),
        Uploads: out.list(
          out.record(
            {
              UploadId: out.text(),
              Key: out.text(),
              Initiated: out.dateTime(),
              StorageClass: out.text(),
              Owner: out.awsResponse({ ID: out.text(), DisplayName: out.text() }),
              Initiator: out.awsResponse({ ID: out.text(), DisplayName: out.text() }),
            },
            ["UploadId", "Key"],
          ),
        ),
        UploadCount: out.integer(),
      },
      ["Bucket", "Prefix", "Uploads", "UploadCount"],
    ),
  ),
  examplePayload: {
    data: {
      Bucket: "my-company-invoices",
      Prefix: "",
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
