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

/**
 * Runs a GraphQL subscription over a WebSocket (protocol graphql-transport-ws; the session cookie authenticates the
 * upgrade like any request). handlers: next(data) per event, error(Error with .code as gql() throws them),
 * complete() when the server ends the stream. Returns a function that stops the subscription.
 */
export function subscribe(query, variables, { next, error = () => {}, complete = () => {} }) {
  let socket;
  let done = false;
  const fail = (failure) => {
    if (done) return;
    done = true;
    try { socket.close(1000); } catch { /* already closed */ }
    error(failure);
  };
  try {
    socket = new WebSocket(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/graphql`, 'graphql-transport-ws');
  } catch (e) {
    setTimeout(() => fail(gqlError('NETWORK', `No live connection (${e.message}).`)));
    return () => { done = true; };
  }
  socket.onopen = () => socket.send(JSON.stringify({ type: 'connection_init', payload: {} }));
  socket.onmessage = (event) => {
    let message;
    try {
      message = JSON.parse(event.data);
    } catch {
      return;
    }
    if (message.type === 'connection_ack') {
      socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query, variables } }));
    } else if (message.type === 'ping') {
      socket.send(JSON.stringify({ type: 'pong' }));
    } else if (message.type === 'next') {
      const errors = message.payload && message.payload.errors;
      if (errors && errors.length) {
        fail(gqlError(String(errorCode(errors[0].extensions || {}, 200)).toUpperCase(), errors[0].message, { errors }));
      } else if (!done) {
        next(message.payload.data);
      }
    } else if (message.type === 'error') {
      const errors = Array.isArray(message.payload) ? message.payload : [];
      const first = errors[0] || {};
      fail(gqlError(String(errorCode(first.extensions || {}, 200)).toUpperCase(), first.message || 'The subscription failed.', { errors }));
    } else if (message.type === 'complete') {
      if (done) return;
      done = true;
      socket.close(1000);
      complete();
    }
  };
  socket.onclose = (event) => {
    if (!done) fail(gqlError('NETWORK', `The live connection closed (code ${event.code}).`));
  };
  return () => {
    if (done) return;
    done = true;
    try {
      socket.send(JSON.stringify({ id: '1', type: 'complete' }));
      socket.close(1000);
    } catch { /* not open yet or already closed */ }
  };
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
