// The LTI platform simulator's signing keys (RS256, with kids) and its id_tokens, signed well or in every wrong way
// the refusal matrix needs. Written for the tests only, independently of Host.
import { randomBytes } from 'node:crypto';
import { SignJWT, exportJWK, exportSPKI, generateKeyPair } from 'jose';

const b64url = (buf) => Buffer.from(buf).toString('base64url');
/** A random id with a readable prefix (kids, client ids, login hints). */
export const id = (prefix) => `${prefix}${randomBytes(6).toString('hex')}`;

/** A fresh RS256 key pair with its kid, its public JWK and its SPKI PEM. */
export async function newKey() {
  const { publicKey, privateKey } = await generateKeyPair('RS256', { extractable: true });
  const kid = id('sim-key-');
  const jwk = { ...(await exportJWK(publicKey)), kid, use: 'sig', alg: 'RS256' };
  return { kid, privateKey, publicKey, jwk, spkiPem: await exportSPKI(publicKey) };
}

/**
 * Signs an id_token. `mode` picks how (every way the refusal matrix needs):
 * - 'good': RS256 with `key` and its kid
 * - 'bad-signature': signed properly, then the signature's bytes are altered
 * - 'alg-none': `{"alg":"none"}`, empty signature
 * - 'hs256-jwks-key': HS256 whose secret is the platform's public key (PEM text), kid of the published key
 *   (the classic algorithm-confusion attack)
 * - 'unknown-kid': RS256 with a key (and kid) the JWKS never published
 */
export async function sign(claims, { mode = 'good', key, header = {} }) {
  const protectedHeader = { alg: 'RS256', typ: 'JWT', kid: key.kid, ...header };
  switch (mode) {
    case 'good':
      return new SignJWT(claims).setProtectedHeader(protectedHeader).sign(key.privateKey);
    case 'bad-signature': {
      const token = await new SignJWT(claims).setProtectedHeader(protectedHeader).sign(key.privateKey);
      const [h, p, s] = token.split('.');
      const sig = Buffer.from(s, 'base64url');
      sig[10] ^= 0xff;
      sig[sig.length - 10] ^= 0xff;
      return `${h}.${p}.${b64url(sig)}`;
    }
    case 'alg-none': {
      const h = b64url(JSON.stringify({ ...protectedHeader, alg: 'none' }));
      return `${h}.${b64url(JSON.stringify(claims))}.`;
    }
    case 'hs256-jwks-key':
      return new SignJWT(claims)
        .setProtectedHeader({ ...protectedHeader, alg: 'HS256' })
        .sign(new TextEncoder().encode(key.spkiPem));
    case 'unknown-kid': {
      const stray = await newKey();
      return new SignJWT(claims).setProtectedHeader({ ...protectedHeader, kid: stray.kid }).sign(stray.privateKey);
    }
    default:
      throw new Error(`unknown signing mode ${mode}`);
  }
}
