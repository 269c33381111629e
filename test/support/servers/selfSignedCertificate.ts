/** A throwaway RSA key and self-signed certificate, made with the system's openssl for one test run. */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

export interface KeyAndCertificate {
  keyPem: string;
  certificatePem: string;
}

export function selfSignedCertificate(commonName: string, subjectAltName?: string): KeyAndCertificate {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "test-cert-"));
  try {
    const keyFile = path.join(dir, "key.pem");
    const certificateFile = path.join(dir, "cert.pem");
    execFileSync(
      "/usr/bin/openssl",
      [
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-sha256",
        "-days",
        "2",
        "-subj",
        `/CN=${commonName}`,
        ...(subjectAltName ? ["-addext", `subjectAltName=${subjectAltName}`] : []),
        "-keyout",
        keyFile,
        "-out",
        certificateFile,
      ],
      { stdio: "ignore" },
    );
    return { keyPem: fs.readFileSync(keyFile, "utf8"), certificatePem: fs.readFileSync(certificateFile, "utf8") };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
