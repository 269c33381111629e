import { PutObjectTaggingCommand } from "@aws-sdk/client-s3";
import { action } from "@prismatic-io/spectral";
import { s3Access } from "../../aws/accessInputs";
import { s3Client } from "../../aws/clients";
import { exampleMetadata } from "../../glue/exampleMetadata";
import * as out from "../../glue/outputSchema";
import { bucket, objectKey, versionId } from "../../inputs/objectInputs";
import { tagsInput } from "../../inputs/tagsInput";
import { tagSet } from "../../rules/tags";

export const putObjectTagging = action({
  display: {
    label: "Put Object Tagging",
    description: "Replace the tags of an object",
    directions:
      "The given tags replace all of the object's tags (leave Tags empty to remove them all, or use Delete Object Tagging).",
  },
  inputs: {
    ...s3Access,
    bucket,
    objectKey,
    versionId,
    tags: tagsInput(
      {
        label: "Tags",
        comments:
          "Key-value pairs: at most 10, keys up to 128 characters, values up to 256; keys may not start with aws:.",
      },
      "object",
    ),
  },
  perform: async (_context, { bucket, objectKey, versionId, tags, ...access }) => {
    const TagSet = tagSet(tags ?? {});
    const response = await s3Client(access).send(
      new PutObjectTaggingCommand({ Bucket: bucket, Key: objectKey, VersionId: versionId, Tagging: { TagSet } }),
    );
    return {
      data: {
        $metadata: response.$metadata,
        Bucket: bucket,
        Key: objectKey,
        VersionId: response.VersionId ?? versionId,
        TagSet,
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
          "The object's tags now (empty when all were removed).",
        ),
      },
      ["Bucket", "Key", "TagSet"],
    ),
  ),
  examplePayload: {
    data: {
      $metadata: exampleMetadata(),
      Bucket: "my-company-invoices",
      Key: "invoices/2024/march.pdf",
      VersionId: undefined,
      TagSet: [{ Key: "classification", Value: "internal" }],
    },
  },
});
