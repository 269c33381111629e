import { action } from "@prismatic-io/spectral";
import { s3Access } from "../../aws/accessInputs";
import { s3Client } from "../../aws/clients";
import { exampleMetadata } from "../../glue/exampleMetadata";
import * as out from "../../glue/outputSchema";
import { listingInputs, listingOf } from "../../inputs/listingInputs";
import { bucket, includeMetadataInput } from "../../inputs/objectInputs";
import { listObjectsV2 } from "../../transfer/reads/listObjectsV2";

export const listObjectsDetailed = action({
  display: {
    label: "List Objects (Detailed)",
    description: "List the objects in a bucket as a record: keys or object records, folders, and the next page's token",
    directions:
      "Returns one page (up to Max Keys) unless Fetch All is on, which follows every page up to Limit. Loop over Keys (or Contents with Include Metadata) in later steps; CommonPrefixes are the folders when Delimiter is /.",
  },
  inputs: {
    ...s3Access,
    bucket,
    ...listingInputs,
    includeMetadata: includeMetadataInput(
      "Off: Keys is a list of key names. On: Contents lists records with Key, Size, ETag, LastModified and StorageClass.",
    ),
  },
  performSafety: "safe",
  perform: async (_context, params) => {
    const listing = await listObjectsV2(s3Client(params), listingOf(params));
    const records = (listing.Contents ?? []).map(({ Key, Size, ETag, LastModified, StorageClass }) => ({
      Key: Key ?? "",
      Size,
      ETag,
      LastModified,
      StorageClass,
    }));
    const page = {
      $metadata: listing.$metadata,
      CommonPrefixes: (listing.CommonPrefixes ?? []).flatMap((common) => (common.Prefix ? [common.Prefix] : [])),
      KeyCount: records.length,
      IsTruncated: listing.IsTruncated === true,
      NextContinuationToken: listing.NextContinuationToken,
    };
    return {
      data: params.includeMetadata
        ? { Contents: records, ...page }
        : { Keys: records.map((record) => record.Key), ...page },
    };
  },
  outputSchema: out.dataSchema(
    out.record(
      {
        $metadata: out.requestMetadata,
        Keys: out.list(out.text(), "Key names (when Include Metadata is off)."),
        Contents: out.list(
          out.record(
            {
              Key: out.text(),
              Size: out.integer(),
              ETag: out.text(),
              LastModified: out.dateTime(),
              StorageClass: out.text(),
            },
            ["Key"],
          ),
          "Object records (when Include Metadata is on).",
        ),
        CommonPrefixes: out.list(out.text(), "Folders, with a delimiter."),
        KeyCount: out.integer(),
        IsTruncated: out.flag(),
        NextContinuationToken: out.optionalText("Pass as Continuation Token to get the next page."),
      },
      ["$metadata", "CommonPrefixes", "KeyCount", "IsTruncated"],
    ),
  ),
  examplePayload: {
    data: {
      $metadata: exampleMetadata(),
      Keys: ["invoices/2024/january.pdf", "invoices/2024/february.pdf"],
      CommonPrefixes: [],
      KeyCount: 2,
      IsTruncated: false,
      NextContinuationToken: undefined,
    },
  },
});
