import { action } from "@prismatic-io/spectral";
import { s3Access } from "../../aws/accessInputs";
import { s3Client } from "../../aws/clients";
import * as out from "../../glue/outputSchema";
import { listingInputs, listingOf } from "../../inputs/listingInputs";
import { bucket, includeMetadataInput } from "../../inputs/objectInputs";
import { listObjectsV2 } from "../../transfer/reads/listObjectsV2";

export const listObjects = action({
  display: {
    label: "List Objects",
    description: "List the objects in a bucket",
    directions:
      "Returns the key names of one page (up to Max Keys), or of every page up to Limit with Fetch All. With Include Metadata the result is S3's whole answer instead: Contents with sizes and dates, CommonPrefixes, IsTruncated and NextContinuationToken. List Objects (Detailed) returns a summary record.",
  },
  inputs: {
    ...s3Access,
    bucket,
    includeMetadata: includeMetadataInput(
      "Off: the result is a list of key names. On: S3's whole answer (Contents with Key, Size, ETag, LastModified; CommonPrefixes; NextContinuationToken; $metadata).",
    ),
    ...listingInputs,
  },
  performSafety: "safe",
  perform: async (_context, params) => {
    const listing = await listObjectsV2(s3Client(params), listingOf(params));
    if (params.includeMetadata) return { data: listing };
    return { data: (listing.Contents ?? []).flatMap((object) => (object.Key === undefined ? [] : [object.Key])) };
  },
  outputSchema: out.dataSchema({
    type: ["array", "object"],
    description: "Key names; with Include Metadata, S3's ListObjectsV2 answer.",
    items: out.text(),
  }),
  examplePayload: { data: ["invoices/2024/january.pdf", "invoices/2024/february.pdf"] },
});
