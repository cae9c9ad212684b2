// GraphQL client of the dashboard: one POST /graphql per call, with the session cookie of the OIDC login.
// Every failure becomes an Error whose .code is the server's extensions.code (VALIDATION, NOT_FOUND, CONFLICT,
// FORBIDDEN, UNAUTHORIZED, INTERNAL) or a client-side code (NETWORK, HTTP_<status>), and whose message is
// the server's message, meant to be shown to the user as is.

/** Builds the Error thrown by gql(). */
export function gqlError(code, message, details = {}) {
  const error = new Error(message);
  error.code = code;
  Object.assign(error, details);
  return error;
}

/**
 * Runs a GraphQL document and resolves to its `data`.
 * @param {string} query the GraphQL document
 * @param {object} [variables] its variables
 */
export async function gql(query, variables = {}) {
  let response;
  try {
    response = await fetch('/graphql', {
      method: 'POST',
      credentials: 'same-origin',
      headers: {
        'Content-Type': 'application/json',
        Accept: 'application/json',
        // Tells the OIDC layer this is a script: an expired session answers 499 instead of redirecting.
        'X-Requested-With': 'JavaScript',
      },
      body: JSON.stringify({ query, variables }),
    });
  } catch (e) {
    throw gqlError('NETWORK', `Cannot reach the service (${e.message}). Check your connection and try again.`);
  }

  let body = null;
  try {
    body = await response.json();
  } catch {
    body = null;
  }

  if (body && Array.isArray(body.errors) && body.errors.length > 0) {
    const first = body.errors[0];
    const code = errorCode(first.extensions || {}, response.status);
    const messages = [...new Set(body.errors.map((e) => e.message).filter(Boolean))];
    throw gqlError(String(code).toUpperCase(), messages.join('; ') || 'The request failed.', {
      errors: body.errors,
      data: body.data ?? null,
    });
  }
  if (!response.ok || !body) {
    const code = codeForStatus(response.status);
    const message = code === 'UNAUTHORIZED'
      ? 'Your session has expired or is not valid. Log in again.'
      : `The service answered HTTP ${response.status} without a GraphQL result. Try again later.`;
    throw gqlError(code, message, { status: response.status });
  }
  return body.data;
}

// graphql-java's own validation errors (unknown field, wrong argument type) may reach the client without a code;
// their classification still says what they are.
function errorCode(extensions, status) {
  if (extensions.code) return extensions.code;
  if (extensions.classification === 'ValidationError' || extensions.validationErrorType) return 'VALIDATION';
  return codeForStatus(status);
}

function codeForStatus(status) {
  if (status === 401 || status === 499) return 'UNAUTHORIZED';
  if (status === 403) return 'FORBIDDEN';
  if (status >= 200 && status < 300) return 'INTERNAL';
  return `HTTP_${status}`;
}
