/**
 * SNS signing certificates: which URLs one may come from, and a bounded cache of those
 * already fetched. A URL is checked as text before anything is fetched, so a forged message
 * cannot make the trigger connect anywhere but an Amazon SNS host.
 */
import { X509Certificate } from "node:crypto";
import { GetFailure, boundedGet } from "./boundedGet";
import { Refusal } from "./refusal";

/**
 * `https://sns.<region>.amazonaws.com/<path>.pem` or the same under `.amazonaws.com.cn`.
 * Matching the raw text (not a parsed URL, which would forgive `:443`, userinfo, backslashes
 * or percent-escapes) leaves no other host, port, scheme or user a way in.
 */
const CERTIFICATE_URL = /^https:\/\/sns\.([a-z]{2}(?:-[a-z]+)+-\d{1,2})\.amazonaws\.com(\.cn)?\/[A-Za-z0-9_-][A-Za-z0-9._/-]*\.pem$/;

export const CERTIFICATE_LIMITS = { timeoutMs: 5_000, maxBytes: 10 * 1024 } as const;
const MAX_CACHED = 32;

/** Why `text` is not an SNS certificate URL, or undefined when it is one. */
export function certificateUrlProblem(text: string): string | undefined {
  const match = CERTIFICATE_URL.exec(text);
  if (!match) return "the signing certificate URL is not https://sns.<region>.amazonaws.com/….pem";
  const [, region, china] = match;
  // China regions are served only under .amazonaws.com.cn, and only they are.
  if (region?.startsWith("cn-") !== (china !== undefined)) return "the signing certificate URL's region does not belong to its domain";
  return undefined;
}

/** Certificates by URL. Tests prime it with `remember`; the trigger reads through `get`. */
export class CertificateStore {
  private readonly certificates = new Map<string, X509Certificate>();
  private readonly pending = new Map<string, Promise<X509Certificate>>();

  /** Parses and caches a certificate for an allowed URL (after a fetch, or to prime the cache). */
  remember(url: string, pem: string | Buffer): X509Certificate {
    const problem = certificateUrlProblem(url);
    if (problem) throw new Refusal(403, problem);
    let certificate: X509Certificate;
    try {
      certificate = new X509Certificate(pem);
    } catch {
      throw new Refusal(403, "the signing certificate URL did not serve a certificate");
    }
    if (this.certificates.size >= MAX_CACHED) {
      const oldest = this.certificates.keys().next().value;
      if (oldest !== undefined) this.certificates.delete(oldest);
    }
    this.certificates.set(url, certificate);
    return certificate;
  }

  async get(url: string): Promise<X509Certificate> {
    const problem = certificateUrlProblem(url);
    if (problem) throw new Refusal(403, problem);
    const certificate = this.certificates.get(url) ?? (await this.fetch(url));
    const now = Date.now();
    if (Date.parse(certificate.validFrom) > now || Date.parse(certificate.validTo) < now) {
      this.certificates.delete(url);
      throw new Refusal(403, "the signing certificate is not valid at this time");
    }
    return certificate;
  }

  private fetch(url: string): Promise<X509Certificate> {
    let pending = this.pending.get(url);
    if (!pending) {
      pending = boundedGet(new URL(url), CERTIFICATE_LIMITS)
        .then((pem) => this.remember(url, pem))
        .catch((error: unknown) => {
          if (error instanceof GetFailure) {
            throw new Refusal(error.transient ? 503 : 403, `the signing certificate could not be fetched: ${error.message}`);
          }
          throw error;
        })
        .finally(() => this.pending.delete(url));
      this.pending.set(url, pending);
    }
    return pending;
  }
}

/** The process-wide certificate cache the webhook trigger uses. */
export const signingCertificates = new CertificateStore();
