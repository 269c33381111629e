/** XML building for S3 REST-XML and awsQuery responses. */

function escapeXml(value: string): string {
  return value
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;")
    .replace(/\r/g, "&#13;");
}

/** `<name>text</name>` with escaping; children given as already-built XML use `el`. */
export function leaf(name: string, text: string): string {
  return `<${name}>${escapeXml(text)}</${name}>`;
}
export function el(name: string, children: string): string {
  return `<${name}>${children}</${name}>`;
}

export const XML_DECL = '<?xml version="1.0" encoding="UTF-8"?>\n';
