import { ListPartsCommand, type ListPartsCommandOutput, type Part } from "@aws-sdk/client-s3";
import { action } from "@prismatic-io/spectral";
import { s3Access } from "../../aws/accessInputs";
import { s3Client } from "../../aws/clients";
import { exampleMetadata } from "../../glue/exampleMetadata";
import * as out from "../../glue/outputSchema";
import { uploadId } from "../../inputs/multipartInputs";
import { bucket, objectKey } from "../../inputs/objectInputs";

export const listParts = action({
  display: {
    label: "List Parts",
    description: "List the uploaded parts of a multipart upload",
    directions:
      "Every part uploaded so far (every page), in part number order. Parts can be passed to Complete Multipart Upload as they are.",
  },
  inputs: { ...s3Access, bucket, objectKey, uploadId },
  performSafety: "safe",
  perform: async (_context, { bucket, objectKey, uploadId, ...access }) => {
    const s3 = s3Client(access);
    const parts: Part[] = [];
    let page: ListPartsCommandOutput;
    let marker: string | undefined;
    do {
      page = await s3.send(
        new ListPartsCommand({ Bucket: bucket, Key: objectKey, UploadId: uploadId, PartNumberMarker: marker }),
      );
      parts.push(...(page.Parts ?? []));
      marker = page.IsTruncated === true && page.NextPartNumberMarker ? page.NextPartNumberMarker : undefined;
    } while (marker !== undefined);
    return {
      // S3's answer as the official component returns it, with the parts of every page.
      data: {
        ...page,
        Bucket: bucket,
        Key: objectKey,
        UploadId: uploadId,
        IsTruncated: false,
        Parts: parts,
        PartCount: parts.length,
      },
    };
  },
  outputSchema: out.dataSchema(
    out.awsResult(
      {
        Bucket: out.text(),
        Key: out.text(),
        UploadId: out.text(),
        IsTruncated: out.flag("Always false: every page is read."),
        MaxParts: out.integer(),
        PartNumberMarker: out.optionalText(),
        NextPartNumberMarker: out.optionalText(),
        StorageClass: out.text(),
        Initiator: out.awsResponse({ ID: out.text(), DisplayName: out.text() }),
        Owner: out.awsResponse({ ID: out.text(), DisplayName: out.text() }),
        Parts: out.list(
          out.awsResponse({
            PartNumber: out.integer(),
            ETag: out.text(),
            Size: out.integer(),
            LastModified: out.dateTime(),
          }),
        ),
        PartCount: out.integer(),
      },
      ["Bucket", "Key", "UploadId", "Parts", "PartCount"],
    ),
  ),
  examplePayload: {
    data: {
      $metadata: exampleMetadata(),
      Bucket: "my-company-invoices",
      Key: "exports/2024/ledger.csv",
      UploadId:
        "iHtFwRT6d6IAPwGTlT6tO1iBApulQGCA2sG7yn_BzUKItrnLrWykCbDheQBJrb1MUGHgGfihOY07XfnCeU2CWCZM0kD6VbyC46MJ4123456-",
      IsTruncated: false,
      MaxParts: 1000,
      PartNumberMarker: "0",
      NextPartNumberMarker: "1",
      StorageClass: "STANDARD",
      Initiator: { ID: "0edc4b00d1bfae1ebe33617c5cfe04e17b6f1fb9c5c2c55796123456" },
      Owner: { ID: "0edc4b00d1bfae1ebe33617c5cfe04e17b6f1fb9c5c2c55796123456" },
      Parts: [
        {
          PartNumber: 1,
          ETag: '"266b7131485849fcefe583dcce071234"',
          Size: 5242880,
          LastModified: new Date("2024-03-11T23:47:51.000Z"),
        },
      ],
      PartCount: 1,
    },
  },
});
