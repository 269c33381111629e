/** Inputs only the prefix jobs have: what copyPrefix does with removed objects, what deletePrefix deletes. */
import { booleanInput, placeInputs, withComments } from "../glue/inputKit";
import { bypassGovernanceRetention } from "./retentionInputs";

export const prefixJobInputs = placeInputs({
  deleteRemoved: booleanInput({
    label: "Delete Removed",
    comments:
      "On: objects under Destination Prefix whose source object is gone are deleted, so the destination mirrors the source. Off: they are left alone.",
  }),
  allVersions: booleanInput({
    label: "All Versions",
    comments:
      "On: every version and delete marker under the prefix is deleted for good. Off: the current objects are deleted; in a versioned bucket that leaves delete markers and keeps the older versions.",
  }),
  bypassGovernanceRetention: withComments(
    bypassGovernanceRetention,
    "With All Versions: delete versions under GOVERNANCE-mode Object Lock retention too (needs s3:BypassGovernanceRetention). COMPLIANCE retention and legal holds are never bypassed; those versions are reported in Failures.",
  ),
  emptyWholeBucket: booleanInput({
    label: "Empty Whole Bucket",
    comments: "Must be on to run with an empty Prefix, which deletes everything in the bucket.",
  }),
});
