/**
 * The headers every answer of the portal carries. The policy lets pages load only the portal's own
 * scripts, styles, fonts and images and talk only to the portal; no other site may frame it.
 * Next.js writes its boot data as inline scripts and PatternFly sets inline styles, hence
 * 'unsafe-inline' for those two (a nonce per request would make every page dynamic).
 */
export const CONTENT_SECURITY_POLICY = contentSecurityPolicy(false);

/** `next dev` evaluates its hot-reloaded modules, so only there scripts may use eval. */
function contentSecurityPolicy(development: boolean): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'unsafe-inline'${development ? " 'unsafe-eval'" : ''}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

export interface HeaderRule {
  source: string;
  has?: { type: 'header'; key: string; value: string }[];
  headers: { key: string; value: string }[];
}

export function securityHeaderRules(development = false): HeaderRule[] {
  return [
    {
      source: '/:path*',
      headers: [
        { key: 'Content-Security-Policy', value: contentSecurityPolicy(development) },
        { key: 'X-Frame-Options', value: 'DENY' },
        { key: 'X-Content-Type-Options', value: 'nosniff' },
        { key: 'Referrer-Policy', value: 'same-origin' },
        { key: 'Cross-Origin-Opener-Policy', value: 'same-origin' },
        { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=(), payment=(), usb=()' },
      ],
    },
    {
      // Behind TLS only: browsers ignore HSTS over plain HTTP anyway, and the demo on localhost
      // must not pin itself to HTTPS.
      source: '/:path*',
      has: [{ type: 'header', key: 'x-forwarded-proto', value: 'https' }],
      headers: [{ key: 'Strict-Transport-Security', value: 'max-age=31536000; includeSubDomains' }],
    },
  ];
}
