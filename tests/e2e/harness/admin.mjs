// The dashboard as an administrator drives it in Chromium (Host started with `admin` and in Development: see
// admin.test.mjs for why).
/** Signs in on /admin/login and waits for the dashboard's home page. */
export async function signIn(page, hostOrigin, { email, password }) {
  await page.goto(`${hostOrigin}/admin/login`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => url.pathname === '/admin' || url.pathname === '/admin/', { timeout: 15_000 });
}
