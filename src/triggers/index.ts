import { pollChangesFilesTrigger } from "./pollChangesFilesTrigger";
import { snsS3NotificationWebhook } from "./snsS3NotificationWebhook";

export const triggers = { snsS3NotificationWebhook, pollChangesFilesTrigger };
