/** A tiny client for CLI commands that talk to a running server as a signed-in person. */
export async function signedInClient(options: { url?: string; email?: string; password?: string } = {}) {
  const url = options.url ?? process.env.CONTROLROOM_URL ?? `http://localhost:${process.env.PORT ?? 4000}/graphql`;
  const call = async <T>(query: string, variables: Record<string, unknown> = {}, token?: string): Promise<T> => {
    const res = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await res.json()) as { data?: T; errors?: { message: string; extensions?: { code?: string } }[] };
    if (body.errors?.length) throw new Error(body.errors.map((e) => `${e.extensions?.code ?? "ERROR"}: ${e.message}`).join("\n"));
    return body.data as T;
  };
  const { login } = await call<{ login: { accessToken: string } }>(`mutation($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken } }`, {
    e: options.email ?? process.env.CONTROLROOM_EMAIL ?? "admin@example.com",
    p: options.password ?? process.env.CONTROLROOM_PASSWORD ?? process.env.SEED_PASSWORD ?? "controlroom-dev",
  });
  return {
    url,
    query: <T>(query: string, variables?: Record<string, unknown>) => call<T>(query, variables, login.accessToken),
  };
}
