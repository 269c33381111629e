import { GetObjectAttributesCommand, ObjectAttributes } from "@aws-sdk/client-s3";
import { action } from "@prismatic-io/spectral";
import { s3Access } from "../../aws/accessInputs";
import { s3Client } from "../../aws/clients";
import { InputError, textList } from "../../glue/clean";
import { exampleMetadata } from "../../glue/exampleMetadata";
import { valueListInput } from "../../glue/inputKit";
import * as out from "../../glue/outputSchema";
import { bucket, objectKey, versionId } from "../../inputs/objectInputs";

const ATTRIBUTES = Object.values(ObjectAttributes);

export const getObjectAttributes = action({
  display: {
    label: "Get Object Attributes",
    description: "Get an object's attributes (ETag, checksum, parts, storage class, size) without its contents",
  },
  inputs: {
    ...s3Access,
    bucket,
    objectKey,
    versionId,
    objectAttributes: valueListInput(
      {
        label: "Object Attributes",
        comments: `Which attributes to return, any of ${ATTRIBUTES.join(", ")}. Leave empty for all of them.`,
        model: ATTRIBUTES.map((value) => ({ label: value, value })),
      },
      (ref, value): ObjectAttributes[] => {
        const chosen = textList(ref, value).map((name) => {
          const match = ATTRIBUTES.find((attribute) => attribute.toLowerCase() === name.trim().toLowerCase());
          if (!match) throw new InputError(ref, `"${name}" is not an attribute; choose from ${ATTRIBUTES.join(", ")}.`);
          return match;
        });
        return chosen.length > 0 ? [...new Set(chosen)] : ATTRIBUTES;
      },
    ),
  },
  performSafety: "safe",
  perform: async (_context, { bucket, objectKey, versionId, objectAttributes, ...access }) => {
    const response = await s3Client(access).send(
      new GetObjectAttributesCommand({
        Bucket: bucket,
        Key: objectKey,
        VersionId: versionId,
        ObjectAttributes: objectAttributes,
      }),
    );
    return { data: response };
  },
  outputSchema: out.dataSchema(
    out.awsResult({
      ETag: out.text(),
      ObjectSize: out.integer(),
      StorageClass: out.text(),
      LastModified: out.dateTime(),
      VersionId: out.text(),
      Checksum: out.awsResponse({}),
      ObjectParts: out.awsResponse({}),
    }),
  ),
  examplePayload: {
    data: {
      $metadata: exampleMetadata(),
      LastModified: new Date("2024-03-08T22:20:41.000Z"),
      VersionId: "0Ec_RdbYOEQ1Un2HllBJbGG758RS3UuZ",
      ETag: "266b7131485849fcefe583dcce654321",
      StorageClass: "STANDARD",
      ObjectSize: 515400,
    },
  },
});
