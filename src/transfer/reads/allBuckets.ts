/** Every bucket of the connection, across every page of ListBuckets. */
import { type Bucket, ListBucketsCommand, type S3Client } from "@aws-sdk/client-s3";

export async function allBuckets(s3: S3Client): Promise<Bucket[]> {
  const buckets: Bucket[] = [];
  let token: string | undefined;
  do {
    // Some S3-compatible servers honour MaxBuckets but return no token, so ask for the
    // largest page AWS serves and follow a token only when one comes back.
    const page = await s3.send(new ListBucketsCommand({ MaxBuckets: 10_000, ContinuationToken: token }));
    buckets.push(...(page.Buckets ?? []));
    token = page.ContinuationToken;
  } while (token);
  return buckets;
}
