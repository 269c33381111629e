import { action } from "@prismatic-io/spectral";
import { s3Access } from "../../aws/accessInputs";
import { refOf } from "../../glue/inputKit";
import * as out from "../../glue/outputSchema";
import { bucket, objectKey, versionId } from "../../inputs/objectInputs";
import { readInputs } from "../../inputs/readInputs";
import { readObject } from "../../transfer/reads/readObject";

export const getObject = action({
  display: {
    label: "Get Object",
    description: "Get the contents of an object",
    directions:
      "The step's result is the object's bytes (data) with its Content-Type (contentType), so later steps can use it as a file. Objects are limited in size (122 MiB, 128 MB, by default: about the largest step result the platform stores): for larger ones read a range, or hand out a presigned URL. Get Object With Metadata also returns the ETag, size and metadata.",
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
    return { data, contentType: response.ContentType ?? "application/octet-stream" };
  },
  outputSchema: out.dataSchema(out.bytes("The object's bytes; the result's contentType says what they are.")),
  examplePayload: { data: Buffer.from("Example File Contents"), contentType: "text/plain" },
});
