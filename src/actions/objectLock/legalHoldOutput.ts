/** A version's legal hold, as both the get and the put actions report it. */
import * as out from "../../glue/outputSchema";

export const legalHoldOutput = out.dataSchema(
  out.awsResult(
    {
      Bucket: out.text(),
      Key: out.text(),
      VersionId: out.text("The version given in Version ID; absent for the current version."),
      LegalHold: out.record({ Status: out.oneOf(["ON", "OFF"], "ON while the version is under a legal hold.") }, [
        "Status",
      ]),
    },
    ["Bucket", "Key", "LegalHold"],
  ),
);
