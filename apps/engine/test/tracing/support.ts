/** POSTs JSON as a caller inside a trace would: with its W3C `traceparent` header. */
export function postInTrace(url: string, body: unknown, traceparent: string): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', traceparent },
    body: JSON.stringify(body),
  });
}
