const FNV_OFFSET = 0xcbf29ce484222325n;
const FNV_PRIME = 0x100000001b3n;
const MASK = (1n << 64n) - 1n;
const SEPARATOR = 0xff;

/**
 * Alertmanager's own fingerprint of a label set: 64-bit FNV-1a over the label names in sorted
 * order, each name and value followed by the byte 0xff, as 16 hex digits. Older senders leave
 * `fingerprint` out; computing the same value keeps their alerts the same alerts when a newer
 * Alertmanager starts sending it.
 */
export function labelFingerprint(labels: Record<string, string>): string {
  let hash = FNV_OFFSET;
  const add = (bytes: Uint8Array | number[]) => {
    for (const byte of bytes) {
      hash = ((hash ^ BigInt(byte)) * FNV_PRIME) & MASK;
    }
  };
  for (const name of Object.keys(labels).sort(byBytes)) {
    add(Buffer.from(name, 'utf8'));
    add([SEPARATOR]);
    add(Buffer.from(labels[name], 'utf8'));
    add([SEPARATOR]);
  }
  return hash.toString(16).padStart(16, '0');
}

/** Go sorts strings by their UTF-8 bytes. */
function byBytes(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}
