/** Object Lock's override, shared by the actions that may pass GOVERNANCE retention. */
import { booleanInput } from "../glue/inputKit";

export const bypassGovernanceRetention = booleanInput({
  label: "Bypass Governance Retention",
  comments:
    "Allow shortening, replacing or removing an existing GOVERNANCE retention (needs s3:BypassGovernanceRetention). COMPLIANCE retention can never be shortened.",
});
