/** What Object Lock's retention modes mean, shared by the bucket default and per-object retention. */
import { ObjectLockRetentionMode } from "@aws-sdk/client-s3";

export const RETENTION_MODES = [ObjectLockRetentionMode.GOVERNANCE, ObjectLockRetentionMode.COMPLIANCE] as const;

export const retentionModeComments =
  "GOVERNANCE: nobody can delete or overwrite a locked version, except users with s3:BypassGovernanceRetention who ask to bypass it. COMPLIANCE: nobody at all (not even the root user) can, until the date passes, and the period cannot be shortened.";
