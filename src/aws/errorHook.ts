/**
 * The component's error hook: every error an action, trigger or data source throws passes
 * through here. Input errors and spectral errors pass unchanged; AWS errors become one clear
 * message; credential failures become ConnectionErrors so the platform flags the connection.
 */
import { ListBucketsCommand } from "@aws-sdk/client-s3";
import { isSpectralError } from "@prismatic-io/spectral";
import { InputError } from "../glue/clean";
import { s3Client } from "./clients";
import { connectionError, credentialsOwner, readConnection } from "./credentials";
import { debugLog } from "./debugLog";
import { hintFor } from "./errorHints";
import {
  type AwsErrorDetail,
  CREDENTIAL_ERROR_CODES,
  describeAwsError,
  isAwsServiceError,
  networkFailure,
  type RequestInfo,
  requestInfoOf,
} from "./errors";

export async function handleError(error: unknown): Promise<unknown> {
  const reported = await mapError(error);
  debugLog("error reported", { message: reported instanceof Error ? reported.message : String(reported) });
  return reported;
}

async function mapError(error: unknown): Promise<unknown> {
  if (error instanceof InputError || isSpectralError(error)) return error;
  const info = requestInfoOf(error);
  const unreachableReason = networkFailure(error);
  if (unreachableReason !== undefined) return unreachable(unreachableReason, info);
  if (!isAwsServiceError(error)) return error;

  const detail = describeAwsError(error);
  const operation = info?.operation.replace(/Command$/, "") ?? "The request";
  if (info && (CREDENTIAL_ERROR_CODES.has(detail.code) || (await credentialsRejected(detail, info)))) {
    // A bare 403 proved to be a credential failure gets the credential hint, not a permission one.
    const owner = credentialsOwner(info.connection);
    const hint =
      (CREDENTIAL_ERROR_CODES.has(detail.code) ? hintFor(detail, info) : undefined) ??
      "the service did not accept the Access Key ID and Secret Access Key; check both there.";
    return connectionError(
      info.connection,
      `${operation} failed: ${detail.summary}. ${owner.charAt(0).toUpperCase()}${owner.slice(1)} were rejected: ${hint}`,
    );
  }
  const hint = hintFor(detail, info);
  return new Error(`${operation} failed: ${detail.summary}.${hint ? ` Hint: ${hint}` : ""}`);
}

/**
 * Some S3-compatible servers (Ceph among them) answer a wrong secret with a bare 403
 * AccessDenied, exactly as they answer a missing permission, and HEAD requests carry no
 * error body at all. A listing of buckets tells the two apart: valid credentials get the
 * list, or on AWS an AccessDenied that explains itself; wrong ones get a credential error
 * code or the same bare 403.
 */
async function credentialsRejected(detail: AwsErrorDetail, info: RequestInfo): Promise<boolean> {
  if (detail.status !== 403 || detail.message !== undefined) return false;
  if (info.operation === "ListBucketsCommand") return true;
  try {
    await s3Client({ accessKey: info.connection }).send(new ListBucketsCommand({}));
    return false;
  } catch (probeError) {
    const probe = describeAwsError(probeError);
    return CREDENTIAL_ERROR_CODES.has(probe.code) || (probe.status === 403 && probe.message === undefined);
  }
}

function unreachable(reason: string, info: RequestInfo | undefined): Error {
  let where = "AWS";
  if (info) {
    try {
      where = readConnection(info.connection).endpoint ?? "AWS";
    } catch {
      // The connection was already reported as broken elsewhere; the reason still helps.
    }
  }
  const operation = info?.operation.replace(/Command$/, "") ?? "The request";
  return new Error(
    `${operation} failed: could not reach ${where === "AWS" ? "AWS S3" : `the endpoint ${where}`} (${reason}). Check the connection's endpoint and region, and that the service is up and reachable from the integration.`,
  );
}
