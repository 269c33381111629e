import { MetadataDirective } from "@aws-sdk/client-s3";
import { action } from "@prismatic-io/spectral";
import { s3Access } from "../../aws/accessInputs";
import { s3Client } from "../../aws/clients";
import { InputError } from "../../glue/clean";
import { exampleMetadata } from "../../glue/exampleMetadata";
import { choiceInput, refOf } from "../../glue/inputKit";
import * as out from "../../glue/outputSchema";
import { copyInputs } from "../../inputs/copyInputs";
import { acl, contentType, metadata, storageClass } from "../../inputs/writeOptions";
import { copyObjectAnySize } from "../../transfer/copies/copyObjectAnySize";

const metadataDirective = choiceInput({
  label: "Metadata Directive",
  comments:
    "COPY keeps the source's metadata and content type; REPLACE stores the Metadata and Content Type given here instead.",
  choices: Object.values(MetadataDirective),
  default: MetadataDirective.COPY,
});

export const copyObject = action({
  display: {
    label: "Copy Object",
    description: "Copy an object in S3 from one location to another",
    directions:
      "The copy happens inside S3: no bytes pass through the integration. Objects above 5 GiB are copied automatically as a multipart upload of parallel part copies (aborted, leaving nothing behind, if any part fails). Combine with Delete Object to move a file.",
  },
  inputs: {
    ...s3Access,
    ...copyInputs,
    acl,
    metadataDirective,
    metadata,
    contentType,
    storageClass,
  },
  perform: async (_context, params) => {
    const directive = params.metadataDirective ?? MetadataDirective.COPY;
    if (directive === MetadataDirective.COPY && (params.metadata || params.contentType)) {
      throw new InputError(
        refOf(metadataDirective),
        "is COPY, so the Metadata and Content Type given would be ignored. Set it to REPLACE to store them, or clear them to keep the source's.",
      );
    }
    const copied = await copyObjectAnySize(s3Client(params), {
      source: { Bucket: params.sourceBucket, Key: params.sourceKey, VersionId: params.sourceVersionId },
      destination: { Bucket: params.destinationBucket, Key: params.destinationKey },
      metadataDirective: directive,
      metadata: params.metadata,
      contentType: params.contentType,
      acl: params.acl,
      storageClass: params.storageClass,
    });
    return { data: copied };
  },
  outputSchema: out.dataSchema(
    out.record(
      {
        $metadata: out.requestMetadata,
        Bucket: out.text(),
        Key: out.text(),
        CopyObjectResult: out.record({ ETag: out.text(), LastModified: out.dateTime() }),
        VersionId: out.optionalText(),
        CopySourceVersionId: out.optionalText(),
        PartCount: out.integer("UploadPartCopy parts used (objects above 5 GiB); 0 for a single CopyObject."),
      },
      ["$metadata", "Bucket", "Key", "CopyObjectResult", "PartCount"],
    ),
  ),
  examplePayload: {
    data: {
      $metadata: exampleMetadata(),
      Bucket: "my-company-archive",
      Key: "archive/report.pdf",
      CopyObjectResult: {
        ETag: '"9b2cf535f27731c974343645a3985328"',
        LastModified: new Date("2024-01-01T00:00:00.000Z"),
      },
      VersionId: undefined,
      CopySourceVersionId: undefined,
      PartCount: 0,
    },
  },
});
