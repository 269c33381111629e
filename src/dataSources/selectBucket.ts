import { dataSource } from "@prismatic-io/spectral";
import { s3Access } from "../aws/accessInputs";
import { s3Client } from "../aws/clients";
import { allBuckets } from "../transfer/reads/allBuckets";

export const selectBucket = dataSource({
  display: { label: "Select Bucket", description: "Choose a bucket from a list" },
  dataSourceType: "picklist",
  inputs: { ...s3Access },
  perform: async (_context, { ...access }) => {
    const buckets = await allBuckets(s3Client(access));
    return {
      result: buckets
        .flatMap((bucket) => (bucket.Name ? [bucket.Name] : []))
        .sort((a, b) => a.localeCompare(b))
        .map((name) => ({ key: name, label: name })),
    };
  },
  examplePayload: { result: [{ key: "my-company-invoices", label: "my-company-invoices" }] },
});
