import { apiKeySecret } from "./apiKeySecret";
import { awsAssumeRole } from "./awsAssumeRole";

export { apiKeySecret, awsAssumeRole };
export const connections = [apiKeySecret, awsAssumeRole];
