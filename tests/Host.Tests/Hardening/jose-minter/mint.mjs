// Mints launch tokens with jose (https://github.com/panva/jose), independently of Host's .NET JOSE stack.
// stdin:  {"keys": [{"kid", "alg"}], "tokens": [{"kid", "claims"}]}
// stdout: {"jwks": {"<kid>": <public JWK>}, "tokens": ["<compact JWS>", ...]}
import { generateKeyPair, exportJWK, SignJWT } from 'jose';

let input = '';
for await (const chunk of process.stdin) input += chunk;
const plan = JSON.parse(input);

const keys = new Map();
const jwks = {};
for (const { kid, alg } of plan.keys) {
  const { publicKey, privateKey } = await generateKeyPair(alg, { extractable: true, modulusLength: 2048 });
  keys.set(kid, { alg, privateKey });
  jwks[kid] = { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' };
}

const tokens = [];
for (const { kid, claims } of plan.tokens) {
  const { alg, privateKey } = keys.get(kid);
  tokens.push(await new SignJWT(claims).setProtectedHeader({ alg, kid, typ: 'JWT' }).sign(privateKey));
}

process.stdout.write(JSON.stringify({ jwks, tokens }));
