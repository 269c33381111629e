/**
 * Listing a bucket through ListObjectsV2, one page or every page up to a limit, merged into one
 * answer shaped like S3's own (Contents, CommonPrefixes, KeyCount, IsTruncated,
 * NextContinuationToken, and the last page's `$metadata`): listObjects returns it (or its keys),
 * listObjectsDetailed a summary of it.
 */
import {
  type _Object,
  type CommonPrefix,
  ListObjectsV2Command,
  type ListObjectsV2CommandOutput,
  type S3Client,
} from "@aws-sdk/client-s3";

export interface Listing {
  Bucket: string;
  Prefix?: string;
  Delimiter?: string;
  StartAfter?: string;
  ContinuationToken?: string;
  /** Keys per request, 1 to 1,000. */
  maxKeys: number;
  /** Follow NextContinuationToken until the end or `limit` keys and folders. */
  fetchAll: boolean;
  limit: number;
}

export async function listObjectsV2(s3: S3Client, listing: Listing): Promise<ListObjectsV2CommandOutput> {
  const contents: _Object[] = [];
  const prefixes: CommonPrefix[] = [];
  let token = listing.ContinuationToken;
  let page: ListObjectsV2CommandOutput;
  const cap = listing.fetchAll ? listing.limit : listing.maxKeys;
  do {
    page = await s3.send(
      new ListObjectsV2Command({
        Bucket: listing.Bucket,
        Prefix: listing.Prefix,
        Delimiter: listing.Delimiter,
        // S3 ignores StartAfter once a continuation token is given.
        StartAfter: token ? undefined : listing.StartAfter,
        ContinuationToken: token,
        // Never ask for more than still fits, so the token resumes exactly where the listing stops.
        MaxKeys: Math.min(listing.maxKeys, cap - contents.length - prefixes.length),
      }),
    );
    contents.push(...(page.Contents ?? []));
    prefixes.push(...(page.CommonPrefixes ?? []));
    token = page.IsTruncated === true ? page.NextContinuationToken : undefined;
  } while (listing.fetchAll && token !== undefined && contents.length + prefixes.length < cap);
  return {
    ...page,
    Contents: contents,
    CommonPrefixes: prefixes,
    KeyCount: contents.length + prefixes.length,
    IsTruncated: token !== undefined,
    NextContinuationToken: token,
    ContinuationToken: listing.ContinuationToken,
    StartAfter: listing.StartAfter,
  };
}
