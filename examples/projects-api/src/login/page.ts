const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The product's sign-in form, where Gatehouse sends people who choose "Sign in with Acme Login". */
export function signInPage(uid: string, { email = '', failed = false }: { email?: string; failed?: boolean } = {}): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sign in · Acme Login</title>
<style>
  body { font: 16px/1.5 system-ui, sans-serif; margin: 0; background: #f4f5f7; color: #1d2330; }
  main { max-width: 22rem; margin: 4rem auto; padding: 2rem; background: #fff; border-radius: 8px; box-shadow: 0 1px 3px #0002; }
  h1 { font-size: 1.4rem; margin-top: 0; }
  label { display: block; margin-top: 1rem; font-weight: 600; }
  input { box-sizing: border-box; width: 100%; padding: .5rem; font: inherit; border: 1px solid #8a93a6; border-radius: 4px; }
  button { margin-top: 1.5rem; width: 100%; padding: .6rem; font: inherit; font-weight: 600; color: #fff; background: #2f4fd8; border: 0; border-radius: 4px; }
  p[role=alert] { color: #a11; }
  @media (max-width: 400px) { main { margin: 1rem; padding: 1.25rem; } }
</style>
</head>
<body>
<main>
  <h1>Sign in to Acme</h1>
  ${failed ? '<p role="alert">That email and password do not match.</p>' : ''}
  <form method="post" action="/interaction/${escape(uid)}/login">
    <label for="email">Email</label>
    <input id="email" name="email" type="email" autocomplete="username" required value="${escape(email)}">
    <label for="password">Password</label>
    <input id="password" name="password" type="password" autocomplete="current-password" required>
    <button type="submit">Sign in</button>
  </form>
</main>
</body>
</html>`;
}
