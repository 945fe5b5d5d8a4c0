import { test as base, expect, type Page, type TestInfo } from '@playwright/test';

export { expect };

/** Every page a test opens must run without an uncaught error: a failed hydration shows up
 *  here even when the page's forms still work without script. */
export const test = base.extend<{ pageErrors: void }>({
  pageErrors: [
    async ({ page }, use) => {
      const errors = watchErrors(page);
      await use();
      expect(errors, 'uncaught errors in the page').toEqual([]);
    },
    { auto: true },
  ],
});

/** Collects the uncaught errors of a page (for pages a test opens itself). */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  return errors;
}

/** Demo accounts (README); every password is demo1234. */
export const accounts = {
  admin: '13900000000',
  opsGm: '13900000001',
  manager: '13800000001',
  serviceSupervisor: '13800000002',
  dispatch: '13800000004',
  finance: '13800000005',
  serviceStaff: '13800000011',
  salesRep: '13800000021',
  promoter: '13800000031',
} as const;

export const DEMO_PASSWORD = 'demo1234';

/** Waits until the WASM bundle has hydrated the page, so clicks reach Leptos handlers. */
export async function hydrated(page: Page) {
  await page.locator('body[data-hydrated="true"]').waitFor({ state: 'attached' });
}

/** Signs in through the sign-in page and waits for the home page. */
export async function signIn(page: Page, mobile: string, password = DEMO_PASSWORD) {
  await page.goto('/login');
  await hydrated(page);
  await page.getByLabel(/手机号|Mobile/).fill(mobile);
  await page.getByLabel(/密码|Password/).fill(password);
  await page.getByRole('button', { name: /^(登录|Sign in)$/ }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole('heading', { level: 1 })).toContainText(/您好|Hello/);
}

/** Saves a full-page screenshot as a test artifact, named after the project (size). */
export async function snapshot(page: Page, info: TestInfo, name: string) {
  const path = info.outputPath(`${name}-${info.project.name}.png`);
  await page.screenshot({ path, fullPage: true });
  await info.attach(name, { path, contentType: 'image/png' });
}
