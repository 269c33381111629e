import { type ObjectLockConfiguration, PutObjectLockConfigurationCommand } from "@aws-sdk/client-s3";
import { action } from "@prismatic-io/spectral";
import { s3Access } from "../../aws/accessInputs";
import { s3Client } from "../../aws/clients";
import { InputError, optionalInteger } from "../../glue/clean";
import { exampleMetadata } from "../../glue/exampleMetadata";
import { choiceInput, refOf, textInput } from "../../glue/inputKit";
import * as out from "../../glue/outputSchema";
import { bucket } from "../../inputs/objectInputs";
import { RETENTION_MODES, retentionModeComments } from "../../rules/objectLock";

const defaultRetention = {
  defaultRetentionMode: choiceInput({
    label: "Default Retention Mode",
    comments: `Empty (or none): no default retention. ${retentionModeComments} Needs Default Retention Days or Years.`,
    choices: ["none", ...RETENTION_MODES] as const,
  }),
  defaultRetentionDays: textInput(
    {
      label: "Default Retention Days",
      comments: "The default retention period in days, 1 to 36,500. Give days or years, not both.",
    },
    (ref, value) => optionalInteger(ref, value, { min: 1, max: 36_500 }),
  ),
  defaultRetentionYears: textInput(
    {
      label: "Default Retention Years",
      comments: "The default retention period in years, 1 to 100. Give days or years, not both.",
    },
    (ref, value) => optionalInteger(ref, value, { min: 1, max: 100 }),
  ),
};

export const putObjectLockConfiguration = action({
  display: {
    label: "Put Object Lock Configuration",
    description: "Enable Object Lock on a bucket and set its default retention",
    directions:
      "Enables Object Lock on the bucket and sets the default retention that every new object version gets: a mode with either days or years. Leave the mode empty (or none) and give no period to remove the default.",
  },
  inputs: {
    ...s3Access,
    bucket,
    ...defaultRetention,
  },
  perform: async (
    _context,
    { bucket, defaultRetentionMode, defaultRetentionDays, defaultRetentionYears, ...access },
  ) => {
    const mode = defaultRetentionMode === "none" ? undefined : defaultRetentionMode;
    if (defaultRetentionDays !== undefined && defaultRetentionYears !== undefined) {
      throw new InputError(
        refOf(defaultRetention.defaultRetentionYears),
        "give Default Retention Days or Default Retention Years, not both.",
      );
    }
    const period =
      defaultRetentionDays !== undefined
        ? { Days: defaultRetentionDays }
        : defaultRetentionYears !== undefined
          ? { Years: defaultRetentionYears }
          : undefined;
    if (mode && !period)
      throw new InputError(
        refOf(defaultRetention.defaultRetentionDays),
        `a retention mode (${mode}) needs a period: give Default Retention Days or Default Retention Years.`,
      );
    if (!mode && period) {
      throw new InputError(
        refOf(defaultRetention.defaultRetentionMode),
        "a retention period needs a mode: choose GOVERNANCE or COMPLIANCE, or clear the days and years.",
      );
    }
    const configuration: ObjectLockConfiguration = {
      ObjectLockEnabled: "Enabled",
      ...(mode && period ? { Rule: { DefaultRetention: { Mode: mode, ...period } } } : {}),
    };
    const response = await s3Client(access).send(
      new PutObjectLockConfigurationCommand({ Bucket: bucket, ObjectLockConfiguration: configuration }),
    );
    return { data: { ...response, Bucket: bucket, ObjectLockConfiguration: configuration } };
  },
  outputSchema: out.dataSchema(
    out.awsResult(
      {
        Bucket: out.text(),
        ObjectLockConfiguration: out.record(
          {
            ObjectLockEnabled: out.oneOf(["Enabled"]),
            Rule: out.record(
              {
                DefaultRetention: out.record(
                  {
                    Mode: out.oneOf(RETENTION_MODES),
                    Days: out.integer("The period in days (or Years)."),
                    Years: out.integer("The period in years (or Days)."),
                  },
                  ["Mode"],
                  "The retention every new object version gets.",
                ),
              },
              ["DefaultRetention"],
              "Absent when the bucket has no default retention.",
            ),
          },
          ["ObjectLockEnabled"],
        ),
      },
      ["Bucket", "ObjectLockConfiguration"],
    ),
  ),
  examplePayload: {
    data: {
      $metadata: exampleMetadata(),
      Bucket: "my-company-invoices",
      ObjectLockConfiguration: {
        ObjectLockEnabled: "Enabled",
        Rule: { DefaultRetention: { Mode: "GOVERNANCE", Days: 30 } },
      },
    },
  },
});
