import { serviceOf } from "../../../src/aws/principal";

describe("one name per service", () => {
  it("whatever the case, trailing slash, default port or loopback spelling", () => {
    const same = [
      "http://127.0.0.1:7480",
      "http://localhost:7480/",
      "HTTP://LOCALHOST:7480//",
      "http://[::1]:7480",
      "http://2130706433:7480",
      "http://127.1.2.3:7480",
      "http://[::ffff:127.0.0.1]:7480",
    ];
    expect(new Set(same.map(serviceOf))).toEqual(new Set(["loopback:7480"]));
    expect(serviceOf("https://S3.Example.com")).toBe(serviceOf("https://s3.example.com:443/"));
    expect(serviceOf("http://minio.internal")).toBe(serviceOf("http://minio.internal:80"));
  });

  it("AWS with or without its own endpoint URL", () => {
    expect(serviceOf(undefined)).toBe("aws");
    expect(serviceOf("https://s3.eu-west-1.amazonaws.com")).toBe("aws");
    expect(serviceOf("https://s3.amazonaws.com/")).toBe("aws");
    expect(serviceOf("https://s3.cn-north-1.amazonaws.com.cn")).toBe("aws-cn");
  });

  it("keeps services apart that are apart", () => {
    expect(serviceOf("http://127.0.0.1:7480")).not.toBe(serviceOf("http://127.0.0.1:7481"));
    expect(serviceOf("https://a.example.com")).not.toBe(serviceOf("https://b.example.com"));
    expect(serviceOf("https://example.com/tenant-a")).not.toBe(serviceOf("https://example.com/tenant-b"));
  });
});
