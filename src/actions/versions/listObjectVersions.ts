import { type DeleteMarkerEntry, ListObjectVersionsCommand, type ObjectVersion } from "@aws-sdk/client-s3";
import { action } from "@prismatic-io/spectral";
import { s3Access } from "../../aws/accessInputs";
import { s3Client } from "../../aws/clients";
import { InputError, optionalText } from "../../glue/clean";
import { integerInput, optionalTextInput, refOf, textInput } from "../../glue/inputKit";
import * as out from "../../glue/outputSchema";
import { bucket } from "../../inputs/objectInputs";

/** S3 returns at most 1,000 versions and delete markers per page. */
const PAGE_SIZE = 1000;

interface VersionRecord {
  Key: string;
  VersionId?: string;
  IsLatest?: boolean;
  LastModified?: Date;
  Size?: number;
  ETag?: string;
  StorageClass?: string;
}

interface DeleteMarkerRecord {
  Key: string;
  VersionId?: string;
  IsLatest?: boolean;
  LastModified?: Date;
}

const markerInputs = {
  keyMarker: optionalTextInput({
    label: "Key Marker",
    comments: "NextKeyMarker of an earlier call, to continue where it stopped.",
  }),
  versionIdMarker: optionalTextInput({
    label: "Version ID Marker",
    comments: "NextVersionIdMarker of an earlier call, together with Key Marker.",
  }),
};

export const listObjectVersions = action({
  display: {
    label: "List Object Versions",
    description: "List every version and delete marker of the objects in a bucket",
    directions:
      "Follows every page up to Limit. Versions are the stored versions (IsLatest marks the current one); DeleteMarkers are the markers a delete leaves in a versioned bucket. If Limit stops the listing, pass NextKeyMarker and NextVersionIdMarker to a further call.",
  },
  inputs: {
    ...s3Access,
    bucket,
    prefix: textInput(
      {
        label: "Prefix",
        comments: "Only keys that start with this, e.g. invoices/2024/. Leave empty for the whole bucket.",
      },
      optionalText,
    ),
    ...markerInputs,
    limit: integerInput({
      label: "Limit",
      comments: "Stop after this many versions and delete markers in all (and return the markers to go on).",
      min: 1,
      max: 1_000_000,
      fallback: 100_000,
    }),
  },
  performSafety: "safe",
  perform: async (_context, { bucket, prefix, keyMarker, versionIdMarker, limit, ...access }) => {
    if (versionIdMarker && !keyMarker) {
      throw new InputError(
        refOf(markerInputs.versionIdMarker),
        "is only used together with Key Marker; give both NextKeyMarker and NextVersionIdMarker of the earlier call.",
      );
    }
    const s3 = s3Client(access);
    const versions: VersionRecord[] = [];
    const deleteMarkers: DeleteMarkerRecord[] = [];
    let markers = { KeyMarker: keyMarker, VersionIdMarker: versionIdMarker };
    let truncated = false;
    do {
      const page = await s3.send(
        new ListObjectVersionsCommand({
          Bucket: bucket,
          Prefix: prefix,
          ...markers,
          // Never ask for more than still fits, so the markers resume exactly where we stop.
          MaxKeys: Math.min(PAGE_SIZE, limit - versions.length - deleteMarkers.length),
        }),
      );
      versions.push(...(page.Versions ?? []).map(toVersion));
      deleteMarkers.push(...(page.DeleteMarkers ?? []).map(toDeleteMarker));
      truncated = page.IsTruncated === true && page.NextKeyMarker !== undefined;
      markers = {
        KeyMarker: truncated ? page.NextKeyMarker : undefined,
        VersionIdMarker: truncated ? page.NextVersionIdMarker : undefined,
      };
    } while (truncated && versions.length + deleteMarkers.length < limit);
    return {
      data: {
        Bucket: bucket,
        Versions: versions,
        DeleteMarkers: deleteMarkers,
        VersionCount: versions.length,
        DeleteMarkerCount: deleteMarkers.length,
        IsTruncated: truncated,
        NextKeyMarker: markers.KeyMarker,
        NextVersionIdMarker: markers.VersionIdMarker,
      },
    };
  },
  outputSchema: out.dataSchema(
    out.record(
      {
        Bucket: out.text(),
        Versions: out.list(
          out.record(
            {
              Key: out.text(),
              VersionId: out.text("null for a version stored while versioning was off."),
              IsLatest: out.flag("True for the current version of its key."),
              LastModified: out.dateTime(),
              Size: out.integer(),
              ETag: out.text(),
              StorageClass: out.text(),
            },
            ["Key"],
          ),
        ),
        DeleteMarkers: out.list(
          out.record(
            {
              Key: out.text(),
              VersionId: out.text(),
              IsLatest: out.flag("True when the key currently reads as deleted."),
              LastModified: out.dateTime(),
            },
            ["Key"],
          ),
        ),
        VersionCount: out.integer(),
        DeleteMarkerCount: out.integer(),
        IsTruncated: out.flag("True when Limit stopped the listing early."),
        NextKeyMarker: out.optionalText("Pass as Key Marker to continue."),
        NextVersionIdMarker: out.optionalText("Pass as Version ID Marker to continue."),
      },
      ["Bucket", "Versions", "DeleteMarkers", "VersionCount", "DeleteMarkerCount", "IsTruncated"],
    ),
  ),
  examplePayload: {
    data: {
      Bucket: "my-company-invoices",
      Versions: [
        {
          Key: "invoices/2024/march.pdf",
          VersionId: "3HL4kqtJlcpXroDTDmJ+rmSpXd3dIbrHY+MTRCxf3vjVBH40Nr8X8gdRQBpUMLUo",
          IsLatest: false,
          LastModified: new Date("2024-03-11T23:47:51.000Z"),
          Size: 65338,
          ETag: '"266b7131485849fcefe583dcce071234"',
          StorageClass: "STANDARD",
        },
      ],
      DeleteMarkers: [
        {
          Key: "invoices/2024/march.pdf",
          VersionId: "null",
          IsLatest: true,
          LastModified: new Date("2024-04-01T08:00:00.000Z"),
        },
      ],
      VersionCount: 1,
      DeleteMarkerCount: 1,
      IsTruncated: false,
      NextKeyMarker: undefined,
      NextVersionIdMarker: undefined,
    },
  },
});

function toVersion(version: ObjectVersion): VersionRecord {
  const { Key, VersionId, IsLatest, LastModified, Size, ETag, StorageClass } = version;
  return { Key: Key ?? "", VersionId, IsLatest, LastModified, Size, ETag, StorageClass };
}

function toDeleteMarker(marker: DeleteMarkerEntry): DeleteMarkerRecord {
  const { Key, VersionId, IsLatest, LastModified } = marker;
  return { Key: Key ?? "", VersionId, IsLatest, LastModified };
}
