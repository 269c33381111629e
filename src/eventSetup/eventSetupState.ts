/**
 * What the webhook trigger's event setup created, saved in the flow's instance state when the
 * instance is deployed: the webhook reads the topic from it, and the delete removes exactly
 * these things.
 */
export const SETUP_STATE_KEY = "snsS3EventSetup";

export interface EventSetupRecord {
  region: string;
  bucket: string;
  topicArn: string;
  subscriptionArn?: string;
  notificationId: string;
}

const text = (value: unknown): string | undefined => (typeof value === "string" && value !== "" ? value : undefined);

export function readEventSetup(instanceState: Record<string, unknown>): EventSetupRecord | undefined {
  const stored = instanceState[SETUP_STATE_KEY];
  if (typeof stored !== "object" || stored === null) return undefined;
  const region = text(Reflect.get(stored, "region"));
  const bucket = text(Reflect.get(stored, "bucket"));
  const topicArn = text(Reflect.get(stored, "topicArn"));
  const notificationId = text(Reflect.get(stored, "notificationId"));
  if (region === undefined || bucket === undefined || topicArn === undefined || notificationId === undefined)
    return undefined;
  return { region, bucket, topicArn, notificationId, subscriptionArn: text(Reflect.get(stored, "subscriptionArn")) };
}
