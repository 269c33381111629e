/**
 * SNS topic access policies as pure data: add (or replace) the one statement that lets a
 * bucket publish S3 events to a topic, and remove it again, keeping the owner's default
 * statement and every other statement exactly as they were. A topic policy is one JSON
 * document that SetTopicAttributes replaces whole, so it is read, changed here, and written.
 */

import { isRecord } from "../glue/guards";
import { parseTopicArn } from "./arns";

export type PolicyStatement = Record<string, unknown>;

export interface PolicyDocument {
  Version?: unknown;
  Id?: unknown;
  Statement: PolicyStatement[];
  [field: string]: unknown;
}

/**
 * The policy from GetTopicAttributes' `Policy` attribute. A topic without one (Ceph's topics
 * have none) starts from an empty document. A single statement object is read as a list of one.
 */
export function parseTopicPolicy(text: string | undefined, topicArn: string): PolicyDocument {
  if (text === undefined || text.trim() === "") return { Version: "2012-10-17", Statement: [] };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(
      `The access policy of topic ${topicArn} is not valid JSON (${reason}); nothing was changed. Fix the policy in the SNS console first.`,
    );
  }
  if (!isRecord(parsed))
    throw new Error(
      `The access policy of topic ${topicArn} is not a JSON object; nothing was changed. Fix the policy in the SNS console first.`,
    );
  const statements = parsed.Statement;
  const list = statements === undefined ? [] : Array.isArray(statements) ? statements : [statements];
  if (!list.every(isRecord))
    throw new Error(
      `The access policy of topic ${topicArn} has a Statement that is not an object; nothing was changed.`,
    );
  return { ...parsed, Statement: list };
}

/**
 * The Sid of the statement for `bucket`. Bucket names hold lowercase letters, digits, hyphens
 * and dots; dots become underscores (which bucket names never contain), so Sids stay unique
 * and within the characters and length (80) SNS allows for statement ids.
 */
export function bucketPublishStatementId(bucket: string): string {
  return `AllowS3Publish-${bucket.replace(/\./g, "_")}`;
}

/** The statement that lets S3 publish this bucket's events (and, with an account, only that owner's bucket) to the topic. */
export function bucketPublishStatement(
  topicArn: string,
  bucket: string,
  bucketOwnerAccountId?: string,
): PolicyStatement {
  const partition = parseTopicArn(topicArn)?.partition ?? "aws";
  return {
    Sid: bucketPublishStatementId(bucket),
    Effect: "Allow",
    Principal: { Service: "s3.amazonaws.com" },
    Action: "SNS:Publish",
    Resource: topicArn,
    Condition: {
      ArnLike: { "aws:SourceArn": `arn:${partition}:s3:::${bucket}` },
      // Bucket names can be reused by another account after deletion; the account pins the owner.
      ...(bucketOwnerAccountId ? { StringEquals: { "aws:SourceAccount": bucketOwnerAccountId } } : {}),
    },
  };
}

/** Replaces the statement with the same Sid, or appends it; all other statements stay as they were. */
export function withStatement(
  policy: PolicyDocument,
  statement: PolicyStatement,
): { policy: PolicyDocument; replaced: boolean } {
  const index = policy.Statement.findIndex((existing) => existing.Sid === statement.Sid);
  const Statement =
    index < 0
      ? [...policy.Statement, statement]
      : policy.Statement.map((existing, at) => (at === index ? statement : existing));
  return { policy: { ...policy, Statement }, replaced: index >= 0 };
}

/** Removes the statement this module added for `bucket`, and nothing else. */
export function withoutBucketPublishStatement(
  policy: PolicyDocument,
  bucket: string,
): { policy: PolicyDocument; removed: boolean } {
  const sid = bucketPublishStatementId(bucket);
  const Statement = policy.Statement.filter((statement) => statement.Sid !== sid);
  return { policy: { ...policy, Statement }, removed: Statement.length < policy.Statement.length };
}
