/** What one object transfer reports: transferObject's result, and each copied object's in copyPrefix. */
import * as out from "../../glue/outputSchema";

export const transferOutcomeSchema = out.record(
  {
    Done: out.flag("False when the time budget ran out first: run the step again with the same inputs to go on."),
    Method: out.oneOf(["ServerSideCopy", "SinglePut", "Multipart"]),
    Bucket: out.text(),
    Key: out.text(),
    VersionId: out.optionalText(),
    ETag: out.optionalText(),
    Size: out.integer("Bytes of the object."),
    SourceETag: out.text(),
    SourceVersionId: out.optionalText(),
    Parts: out.record(
      {
        Total: out.integer("Parts of the multipart upload; 0 for a single PUT or CopyObject."),
        Uploaded: out.integer("Parts sent by this call."),
        Resumed: out.integer("Parts an earlier call had stored, checked by MD5 and kept."),
      },
      ["Total", "Uploaded", "Resumed"],
    ),
    Checksum: out.record(
      { Algorithm: out.text(), Compared: out.text("What was compared."), Value: out.optionalText() },
      ["Algorithm", "Compared"],
    ),
  },
  ["Done", "Method", "Bucket", "Key", "Size", "SourceETag", "Parts", "Checksum"],
);
