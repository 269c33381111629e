/**
 * SNS signing certificates: which URLs one may come from, and a bounded cache of those
 * already fetched. A URL is checked as text before anything is fetched, so a forged message
 * cannot make the trigger connect anywhere but an Amazon SNS host.
 */
import { X509Certificate } from "node:crypto";
import { boundedGet, GetFailure } from "./boundedGet";
import { Refusal } from "./refusal";
import { snsHostRegion } from "./snsHosts";

/**
 * `https://<SNS host>/SimpleNotificationService-<hex>.pem`, the only form SNS signs with.
 * Matching the raw text (not a parsed URL, which would forgive `:443`, userinfo, backslashes
 * or percent-escapes) leaves no other host, port, scheme, user or path a way in.
 */
const CERTIFICATE_URL = /^https:\/\/([a-z0-9.-]+)\/SimpleNotificationService-[0-9a-f]{8,64}\.pem$/;

export const CERTIFICATE_LIMITS = { timeoutMs: 5_000, maxBytes: 10 * 1024 } as const;
const MAX_CACHED = 32;

/**
 * A URL that failed is not fetched again for a while, so forged messages naming certificates
 * that do not exist cannot make the trigger ask SNS over and over.
 */
const FAILED_FOR_MS = { transient: 60_000, permanent: 15 * 60_000 };
const MAX_FAILED = 256;

/** Why `text` is not an SNS certificate URL, or undefined when it is one. */
export function certificateUrlProblem(text: string): string | undefined {
  const match = CERTIFICATE_URL.exec(text);
  if (!match || snsHostRegion(match[1] ?? "") === undefined) {
    return "the signing certificate URL is not https://sns.<region>.<AWS domain>/SimpleNotificationService-<id>.pem";
  }
  return undefined;
}

/** Certificates by URL. Tests prime it with `remember`; the trigger reads through `get`. */
export class CertificateStore {
  private readonly certificates = new Map<string, X509Certificate>();
  private readonly pending = new Map<string, Promise<X509Certificate>>();
  /** URLs whose fetch failed: the refusal to repeat, and until when. */
  private readonly failed = new Map<string, { refusal: Refusal; until: number }>();

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
    const failure = this.failed.get(url);
    if (failure && failure.until > Date.now()) return Promise.reject(failure.refusal);
    let pending = this.pending.get(url);
    if (!pending) {
      pending = boundedGet(new URL(url), CERTIFICATE_LIMITS)
        .then((pem) => this.remember(url, pem))
        .catch((error: unknown) => {
          const refusal =
            error instanceof GetFailure
              ? new Refusal(
                  error.transient ? 503 : 403,
                  `the signing certificate could not be fetched: ${error.message}`,
                )
              : error instanceof Refusal
                ? error
                : undefined;
          if (!refusal) throw error;
          this.rememberFailure(
            url,
            refusal,
            error instanceof GetFailure && error.transient ? FAILED_FOR_MS.transient : FAILED_FOR_MS.permanent,
          );
          throw refusal;
        })
        .finally(() => this.pending.delete(url));
      this.pending.set(url, pending);
    }
    return pending;
  }

  private rememberFailure(url: string, refusal: Refusal, forMs: number): void {
    if (this.failed.size >= MAX_FAILED) {
      const oldest = this.failed.keys().next().value;
      if (oldest !== undefined) this.failed.delete(oldest);
    }
    this.failed.set(url, { refusal, until: Date.now() + forMs });
  }
}

/** The process-wide certificate cache the webhook trigger uses. */
export const signingCertificates = new CertificateStore();
