/** A complete trigger payload around an example body, for the triggers' example outputs. */
import type { TriggerPayload } from "@prismatic-io/spectral";

export function exampleTriggerPayload(data: unknown, headers: Record<string, string> = {}): TriggerPayload {
  return {
    headers,
    queryParameters: {},
    rawBody: { data: null },
    body: { data },
    pathFragment: "",
    webhookUrls: { "Flow 1": "https://hooks.prismatic.io/trigger/SW5zdGFuY2VGbG93Q29uZmlnOjEyMzQ=" },
    webhookApiKeys: {},
    invokeUrl: "https://hooks.prismatic.io/trigger/SW5zdGFuY2VGbG93Q29uZmlnOjEyMzQ=",
    executionId: "SW5zdGFuY2VFeGVjdXRpb25SZXN1bHQ6MTIzNA==",
    customer: { id: "customerId", name: "Customer 1", externalId: "customer-1" },
    instance: { id: "instanceId", name: "Instance 1" },
    user: { id: "userId", email: "user@example.com", name: "User 1", externalId: "user-1" },
    integration: { id: "integrationId", name: "S3 events", versionSequenceId: "1", externalVersion: "1.0.0" },
    flow: { id: "flowId", name: "Flow 1", stableId: "flowStableId" },
    startedAt: "2024-03-01T12:00:00.000Z",
    globalDebug: false,
  };
}
