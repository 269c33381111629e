/** The output schema of a stored object, for every action that writes one (put, upload, complete, close). */
import * as out from "../glue/outputSchema";

export const uploadedObjectSchema = {
  $metadata: out.requestMetadata,
  Bucket: out.text(),
  Key: out.text(),
  VersionId: out.optionalText(),
  Location: out.optionalText("The object's URL."),
  ETag: out.text(),
};
