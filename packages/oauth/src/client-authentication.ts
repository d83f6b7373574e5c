import { clientAssertion } from './client-assertion.js';
import type { ClientIdentity } from './client-identity.js';

/**
 * Adds the client's authentication to a token request as its method says: HTTP Basic with the form-encoded id and
 * secret (RFC 6749 §2.3.1), the secret in the body, a signed assertion, or only the client id (a public client).
 */
export function authenticateClient(
  client: ClientIdentity,
  form: URLSearchParams,
  headers: Record<string, string>,
): void {
  switch (client.authMethod) {
    case 'client_secret_basic': {
      const id = encodeURIComponent(client.clientId);
      const secret = encodeURIComponent(client.clientSecret ?? '');
      headers.authorization = `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;
      return;
    }
    case 'client_secret_post':
      form.set('client_id', client.clientId);
      form.set('client_secret', client.clientSecret ?? '');
      return;
    case 'private_key_jwt':
      form.set('client_id', client.clientId);
      form.set('client_assertion_type', 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer');
      form.set(
        'client_assertion',
        clientAssertion({
          clientId: client.clientId,
          audience: client.issuer,
          privateKey: client.privateKey ?? '',
          algorithm: client.signingAlgorithm ?? 'ES256',
        }),
      );
      return;
    default:
      form.set('client_id', client.clientId);
  }
}
