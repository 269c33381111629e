import { action } from "@prismatic-io/spectral";
import { s3Access } from "../../aws/accessInputs";
import { exampleMetadata } from "../../glue/exampleMetadata";
import { refOf } from "../../glue/inputKit";
import * as out from "../../glue/outputSchema";
import { bucket, objectKey, versionId } from "../../inputs/objectInputs";
import { readInputs } from "../../inputs/readInputs";
import { readObject } from "../../transfer/reads/readObject";

export const getObjectWithMetadata = action({
  display: {
    label: "Get Object With Metadata",
    description: "Get the contents of an object together with its ETag, size, version and metadata",
    directions:
      "Like Get Object, but the result is a record: the bytes in data.data, beside the object's Content-Type, ETag, size, version, user metadata and S3's $metadata. The result's own contentType is the object's, so data.data can still be used as a file.",
  },
  inputs: { ...s3Access, bucket, objectKey, versionId, ...readInputs },
  performSafety: "safe",
  perform: async (_context, { bucket, objectKey, versionId, range, maxObjectSizeMiB, ...access }) => {
    const { response, data } = await readObject(access, {
      Bucket: bucket,
      Key: objectKey,
      VersionId: versionId,
      Range: range,
      limit: { mib: maxObjectSizeMiB, input: refOf(readInputs.maxObjectSizeMiB) },
    });
    const contentType = response.ContentType ?? "application/octet-stream";
    return {
      data: {
        $metadata: response.$metadata,
        data,
        contentType,
        ETag: response.ETag,
        ContentLength: data.length,
        LastModified: response.LastModified,
        VersionId: response.VersionId,
        ContentRange: response.ContentRange,
        Metadata: response.Metadata ?? {},
      },
      contentType,
    };
  },
  outputSchema: out.dataSchema(
    out.record(
      {
        $metadata: out.requestMetadata,
        data: out.bytes("The object's bytes."),
        contentType: out.text("The object's Content-Type."),
        ETag: out.text(),
        ContentLength: out.integer("Bytes returned."),
        LastModified: out.dateTime(),
        VersionId: out.optionalText(),
        ContentRange: out.optionalText("For ranged reads, e.g. bytes 0-99/1000."),
        Metadata: out.map(out.text(), "User metadata (x-amz-meta-*)."),
      },
      ["$metadata", "data", "contentType", "ContentLength", "Metadata"],
    ),
  ),
  examplePayload: {
    data: {
      $metadata: exampleMetadata(),
      data: Buffer.from("Example File Contents"),
      contentType: "text/plain",
      ETag: '"8c1d8e4ea1c5a6e2f6e9fb0dcd1c1d5e"',
      ContentLength: 21,
      LastModified: new Date("2024-03-08T22:20:41.000Z"),
      VersionId: undefined,
      ContentRange: undefined,
      Metadata: { department: "finance" },
    },
    contentType: "text/plain",
  },
});
