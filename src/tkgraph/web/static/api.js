// The one place the pages talk to the server: GraphQL and the /export tables.
export class ApiError extends Error {}

export async function graphql(query, variables = {}) {
  const response = await fetch("/graphql", {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json" },
    body: JSON.stringify({ query, variables }),
  });
  const body = await response.json();
  if (body.errors && body.errors.length) throw new ApiError(body.errors.map((e) => e.message).join("; "));
  return { data: body.data, extensions: body.extensions || {} };
}

export function exportUrl(table, format, params) {
  const query = new URLSearchParams(Object.entries(params).filter(([, v]) => v != null && v !== ""));
  return `/export/${table}.${format}?${query}`;
}

export async function exportJson(table, params) {
  const response = await fetch(exportUrl(table, "json", params));
  const body = await response.json();
  if (!response.ok) throw new ApiError(body.error ? `${body.error.message} ${body.error.hint || ""}` : response.statusText);
  return body;
}
