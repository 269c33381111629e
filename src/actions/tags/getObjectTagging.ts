import { GetObjectTaggingCommand } from "@aws-sdk/client-s3";
import { action } from "@prismatic-io/spectral";
import { s3Access } from "../../aws/accessInputs";
import { s3Client } from "../../aws/clients";
import { exampleMetadata } from "../../glue/exampleMetadata";
import * as out from "../../glue/outputSchema";
import { bucket, objectKey, versionId } from "../../inputs/objectInputs";

export const getObjectTagging = action({
  display: {
    label: "Get Object Tagging",
    description: "Get the tags of an object",
    directions:
      "TagSet is S3's list of { Key, Value }; Tags has the same tags as one record, for reading a tag by name in later steps.",
  },
  inputs: { ...s3Access, bucket, objectKey, versionId },
  performSafety: "safe",
  perform: async (_context, { bucket, objectKey, versionId, ...access }) => {
    const response = await s3Client(access).send(
      new GetObjectTaggingCommand({ Bucket: bucket, Key: objectKey, VersionId: versionId }),
    );
    const tagSet = response.TagSet ?? [];
    return {
      data: {
        $metadata: response.$metadata,
        Bucket: bucket,
        Key: objectKey,
        VersionId: response.VersionId ?? versionId,
        TagSet: tagSet,
        Tags: Object.fromEntries(tagSet.map((tag) => [tag.Key ?? "", tag.Value ?? ""])),
      },
    };
  },
  outputSchema: out.dataSchema(
    out.awsResult(
      {
        Bucket: out.text(),
        Key: out.text(),
        VersionId: out.text("The version the tags belong to (in a versioned bucket)."),
        TagSet: out.list(
          out.record({ Key: out.text(), Value: out.text() }, ["Key", "Value"]),
          "The object's tags, as S3 lists them.",
        ),
        Tags: out.map(out.text(), "The same tags as one record: tag value by tag key."),
      },
      ["Bucket", "Key", "TagSet", "Tags"],
    ),
  ),
  examplePayload: {
    data: {
      $metadata: exampleMetadata(),
      Bucket: "my-company-invoices",
      Key: "invoices/2024/march.pdf",
      VersionId: undefined,
      TagSet: [
        { Key: "classification", Value: "internal" },
        { Key: "year", Value: "2024" },
      ],
      Tags: { classification: "internal", year: "2024" },
    },
  },
});
